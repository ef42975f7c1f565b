"""Same data, templates and version: the same bytes, whatever the directory, clock or machine.

The sample is built by the command line in new processes that differ in everything that
should not matter: the folder (and its path's length), relative or absolute output folders,
the hash seed (set iteration order), the time zone, the locale, the user's matplotlib
settings and the time of day. Every
output — PDF, DOCX, each chart's SVG and PNG and its sidecar — must hash the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
BRIEF_ID = "kz-rs-visit-2026"
EPOCH = 1772462096
"""A SOURCE_DATE_EPOCH: 2026-03-02 14:34:56 UTC, not the brief's date and not midnight."""


def run_build(
    cwd: Path, env: dict[str, str], *args: str | Path
) -> subprocess.CompletedProcess[str]:
    """``kzrs-reports build ARGS`` in a new process, in ``cwd``, with ``env`` over a clean one."""
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL")}
    return subprocess.run(
        [sys.executable, "-m", "kzrs_reports", "build", *map(str, args)],
        cwd=cwd,
        env={**base, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def digests(*folders: Path) -> dict[str, str]:
    """SHA-256 of every file in ``folders``, by file name.

    The build records in ``.kzrs/`` are left out: they hold absolute paths by design, and
    are bookkeeping of this machine, not outputs.
    """
    found = {p.name: p for folder in folders for p in folder.iterdir() if p.is_file()}
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in sorted(found.items())}


def pdf_dates(path: Path) -> tuple[dt.datetime, dt.datetime]:
    meta = PdfReader(path).metadata
    assert meta is not None and meta.creation_date is not None and meta.modification_date
    return meta.creation_date, meta.modification_date


def docx_dates(path: Path) -> tuple[dt.datetime, dt.datetime]:
    props = docx.Document(str(path)).core_properties
    return props.created, props.modified


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built the plain way: in its folder, default (relative) output folders."""
    home = tmp_path_factory.mktemp("a")
    (home / "data").mkdir()
    shutil.copy(SAMPLE, home / "data" / SAMPLE.name)
    result = run_build(home, {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    return home


def test_two_builds_anywhere_anytime_are_byte_identical(
    first: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    time.sleep(1.1)  # the clock, were it read, now gives another second
    other = tmp_path_factory.mktemp("b-in-a-folder-with-a-much-longer-name") / "nested" / "deeper"
    other.mkdir(parents=True)
    data = other / "the visit, copied.yaml"
    shutil.copy(SAMPLE, data)
    rc = other / "matplotlibrc"  # a user's own matplotlib settings must not show
    rc.write_text("lines.linewidth: 4\npatch.linewidth: 3\nxtick.major.pad: 9\n", encoding="utf-8")
    env = {
        "PYTHONHASHSEED": "4242",
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": "C",
        "MATPLOTLIBRC": str(rc),
    }
    result = run_build(
        other,
        env,
        data,
        "--out",
        other / "documents",
        "--charts-dir",
        other / "images",
    )
    assert result.returncode == 0, result.stderr

    a = digests(first / "out", first / "charts")
    b = digests(other / "documents", other / "images")
    expected = {f"{BRIEF_ID}.pdf", f"{BRIEF_ID}.docx"} | {
        f"{BRIEF_ID}-{chart}{end}"
        for chart in ("priorities", "timeline")
        for end in (".svg", "-outlined.svg", ".png", ".json")
    }
    assert set(a) == expected
    assert b == a


def test_dates_are_the_briefs_date(first: Path) -> None:
    brief_date = YAML(typ="safe", pure=True).load(SAMPLE.read_text(encoding="utf-8"))["brief"][
        "date"
    ]
    midnight = dt.datetime(brief_date.year, brief_date.month, brief_date.day, tzinfo=dt.UTC)
    assert pdf_dates(first / "out" / f"{BRIEF_ID}.pdf") == (midnight, midnight)
    assert docx_dates(first / "out" / f"{BRIEF_ID}.docx") == (midnight, midnight)


def test_source_date_epoch_sets_the_dates_and_nothing_else(
    first: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("c")
    result = run_build(
        home,
        {"SOURCE_DATE_EPOCH": str(EPOCH), "TZ": "America/St_Johns"},
        SAMPLE,
        "--out",
        "out",
        "--charts-dir",
        "charts",
    )
    assert result.returncode == 0, result.stderr
    instant = dt.datetime.fromtimestamp(EPOCH, dt.UTC)
    assert instant == dt.datetime(2026, 3, 2, 14, 34, 56, tzinfo=dt.UTC)
    assert pdf_dates(home / "out" / f"{BRIEF_ID}.pdf") == (instant, instant)
    assert docx_dates(home / "out" / f"{BRIEF_ID}.docx") == (instant, instant)
    # The charts carry no date at all.
    assert digests(home / "charts") == digests(first / "charts")


def test_a_malformed_source_date_epoch_is_reported(tmp_path: Path) -> None:
    result = run_build(tmp_path, {"SOURCE_DATE_EPOCH": "yesterday"}, SAMPLE, "--format", "pdf")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH" in result.stderr and "yesterday" in result.stderr
    assert not (tmp_path / "out" / f"{BRIEF_ID}.pdf").exists()
