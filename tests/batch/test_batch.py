"""Batch builds: folders and globs of data files, in parallel, one bad file among good ones."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import ROOT, SAMPLE, kzrs, pdf_text, words


def visit_copy(folder: Path, name: str, brief_id: str, old: str = "", new: str = "") -> Path:
    """The sample under another brief id, with ``old`` replaced by ``new``."""
    text = SAMPLE.read_text(encoding="utf-8").replace("id: kz-rs-visit-2026", f"id: {brief_id}")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    visit_copy(data, "a.yaml", "visit-a")
    visit_copy(data, "b.yaml", "visit-b", "the 2026 visit to Astana", "edition B")
    visit_copy(data, "broken.yaml", "visit-broken", "priority: 5", "priority: 9")
    visit_copy(data, "c.yml", "visit-c")
    (data / "notes.txt").write_text("not a data file", encoding="utf-8")
    return data


def it_builds_the_good_files_and_names_the_broken_one(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = kzrs("build", folder, "--jobs", "2", "--out", out, "--charts-dir", tmp_path / "charts")
    assert run.code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "visit-a.pdf",
        "visit-b.pdf",
        "visit-c.pdf",
    ]
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "visit-a.docx",
        "visit-b.docx",
        "visit-c.docx",
    ]
    assert "edition B" in words(pdf_text(out / "visit-b.pdf"))
    broken = folder / "broken.yaml"
    line = next(
        n for n, text in enumerate(broken.read_text().splitlines(), 1) if "priority: 9" in text
    )
    assert f"{broken}:{line}:15: sectors[0].priority: must be from 1 to 5 (got 9)" in run.err
    assert f"{broken}: not built: 1 problem(s)" in run.err
    built = [line for line in run.out.splitlines() if " → " in line]
    assert sorted(line.split(" → ")[0] for line in built) == [
        str(folder / n) for n in ("a.yaml", "b.yaml", "c.yml")
    ]
    summary = run.err.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"4 files: 3 built, 0 up to date, 1 failed \({re.escape(str(broken))}\) in [\d.]+ s",
        summary,
    ), summary


def it_builds_files_given_one_by_one_and_skips_the_current_ones(
    folder: Path, tmp_path: Path
) -> None:
    args = ("--out", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    a, b = folder / "a.yaml", folder / "b.yaml"
    first = kzrs("build", a, b, "--jobs", "2", *args)
    assert first.code == 0 and first.out.count(" → ") == 2
    assert first.out.strip().splitlines()[-1].startswith("2 files: 2 built, 0 up to date, 0 failed")
    again = kzrs("build", a, b, folder / "c.yml", *args)
    assert again.code == 0
    assert again.out.count("up to date (") == 2 and again.out.count(" → ") == 1


def it_gives_the_same_bytes_whether_built_alone_or_in_parallel(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "broken.yaml").unlink()
    parallel, alone = tmp_path / "parallel", tmp_path / "alone"
    assert kzrs("build", folder, "-j", "2", "--out", parallel, "--charts-dir", parallel).code == 0
    assert kzrs("build", folder, "-j", "1", "--out", alone, "--charts-dir", alone).code == 0
    names = sorted(p.name for p in parallel.iterdir() if p.is_file())
    assert len(names) == 3 * (2 + 2 * 3)  # three visits: two documents, two charts in 3 files
    for name in names:
        assert (parallel / name).read_bytes() == (alone / name).read_bytes(), name


def it_shows_a_progress_bar_on_a_terminal(folder: Path, tmp_path: Path) -> None:
    """On a terminal the files are counted on a bar instead of a line each."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"COLUMNS": "100", "TERM": "xterm"}
    leader, follower = pty.openpty()
    args = ["build", str(folder), "-j", "2", "--out", str(tmp_path / "o")]
    process = subprocess.Popen(
        [sys.executable, "-m", "kzrs_reports", *args, "--charts-dir", str(tmp_path / "c")],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=300) == 1
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "building" in screen and "failed" in screen
    assert "4 files: 3 built, 0 up to date, 1 failed" in screen
    assert " → " not in screen  # no line per file on a terminal
    assert "sectors[0].priority: must be from 1 to 5 (got 9)" in screen


def it_refuses_a_folder_without_data_files(tmp_path: Path) -> None:
    run = kzrs("build", tmp_path)
    assert run.code == 2
    assert "no data files (.yaml, .yml, .json) found" in run.err


def it_refuses_jobs_below_one() -> None:
    run = kzrs("build", SAMPLE, "--jobs", "0")
    assert run.code == 2 and "--jobs" in run.err


def it_fails_two_files_that_write_the_same_brief(folder: Path, tmp_path: Path) -> None:
    twin = visit_copy(folder, "twin.yaml", "visit-a", "the 2026 visit to Astana", "twin")
    args = ("--out", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    run = kzrs("build", folder / "a.yaml", twin, "-j", "2", *args)
    assert run.code == 1
    pdf = (tmp_path / "out" / "visit-a.pdf").resolve()
    assert f"{folder / 'a.yaml'}: not built: writes " in run.err
    assert f"{twin}: not built: writes {pdf} as {folder / 'a.yaml'} does too" in run.err
    assert "2 files: 0 built, 0 up to date, 2 failed" in run.err
