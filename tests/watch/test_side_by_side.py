"""Writing the DOCX in a helper process gives the bytes of writing it after the PDF."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pytest

from clirun import SAMPLE, kzrs
from kzrs_reports.batch.helper import stop_helpers, writer_helpers
from kzrs_reports.build import BuildOptions, build_brief


@pytest.fixture(scope="module")
def helpers() -> Iterator[dict[str, Executor]]:
    pools = writer_helpers(["docx"])
    if not pools:
        pytest.fail("this machine cannot fork a helper process (needs Linux and 2 cores)")
    yield pools
    stop_helpers(pools.values())


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def longer_summary(tmp_path: Path) -> Path:
    """The sample with a summary long enough to move every later heading down a page."""
    text = SAMPLE.read_text(encoding="utf-8")
    anchor = "  summary: >-\n"
    assert anchor in text
    filler = "    An added sentence that takes room on the first page. " * 45
    path = tmp_path / "longer.yaml"
    path.write_text(text.replace(anchor, anchor + filler + "\n", 1), encoding="utf-8")
    return path


def it_writes_the_same_bytes_side_by_side_even_when_headings_move(
    tmp_path: Path, helpers: dict[str, Executor]
) -> None:
    side, serial = tmp_path / "side", tmp_path / "serial"
    longer = longer_summary(tmp_path)
    for data in (SAMPLE, longer, SAMPLE):
        build_brief(data, BuildOptions(side / "out", side / "charts"), helpers)
        build_brief(data, BuildOptions(serial / "out", serial / "charts"))
        assert digests(side / "out") == digests(serial / "out"), data.name


def it_starts_a_new_process_from_the_recorded_pages_and_still_writes_the_same_bytes(
    tmp_path: Path,
) -> None:
    """``build`` of one file writes its DOCX in a helper, from the last build's page numbers.

    After the data moves every heading a page down, those numbers are wrong: the DOCX must
    still come out as a first build of the new data writes it.
    """
    data = tmp_path / "visit.yaml"
    data.write_bytes(SAMPLE.read_bytes())
    again, fresh = tmp_path / "again", tmp_path / "fresh"
    assert kzrs("build", data, "--out", again, "--charts-dir", again).code == 0
    data.write_bytes(longer_summary(tmp_path).read_bytes())
    assert kzrs("build", data, "--out", again, "--charts-dir", again).code == 0
    assert kzrs("build", data, "--out", fresh, "--charts-dir", fresh).code == 0
    assert digests(again) == digests(fresh)
