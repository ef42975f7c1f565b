"""Batch builds: folders and globs of data files, in parallel, one bad file among good ones."""

from __future__ import annotations

import json
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
    assert len(names) == 3 * (2 + 2 * 4)  # three visits: two documents, two charts in 4 files
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


def it_refuses_two_files_with_one_brief_id_before_writing_anything(
    folder: Path, tmp_path: Path
) -> None:
    """The usual start of a new brief: the sample copied, its id left as it was. Neither file
    is built (no documents, charts or records), the clash is said once naming both, the rest
    are built, and a second run says the same instead of "up to date"."""
    twin = visit_copy(folder, "twin.yaml", "visit-a", "the 2026 visit to Astana", "twin")
    (folder / "broken.yaml").unlink()
    out, charts = tmp_path / "out", tmp_path / "charts"
    clash = (
        f"{folder / 'a.yaml'}, {twin}: not built: both have brief.id visit-a, so both would "
        f"write {out / 'visit-a.pdf'}; give each file its own brief.id"
    )
    for _ in range(2):
        run = kzrs("build", folder, "-j", "2", "--out", out, "--charts-dir", charts)
        assert run.code == 1
        assert run.err.splitlines()[0] == clash
        assert run.err.count(str(twin)) == 2  # the clash, then the summary's list of failures
        assert "2 failed" in run.err.splitlines()[-1]
        assert [line for line in run.out.splitlines() if "a.yaml" in line] == []
        assert sorted(p.name for p in out.glob("*.pdf")) == ["visit-b.pdf", "visit-c.pdf"]
        assert not list(charts.glob("visit-a-*")), "a chart of a clashing file was drawn"
        records = [json.loads(p.read_text())["source"] for p in (out / ".kzrs").iterdir()]
        assert sorted(Path(r).name for r in records) == ["b.yaml", "c.yml"]


def it_refuses_a_copy_beside_an_up_to_date_original_and_keeps_its_outputs(
    folder: Path, tmp_path: Path
) -> None:
    args = ("--out", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    a = folder / "a.yaml"
    assert kzrs("build", a, *args).code == 0
    pdf = tmp_path / "out" / "visit-a.pdf"
    before = pdf.read_bytes()
    copy = folder / "new-brief.yaml"
    copy.write_text(a.read_text(encoding="utf-8").replace("edition: ", "edition: 2"))
    run = kzrs("build", a, copy, *args)
    assert run.code == 1
    assert run.err.startswith(f"{a}, {copy}: not built: both have brief.id visit-a")
    assert "2 files: 0 built, 0 up to date, 2 failed" in run.err
    assert pdf.read_bytes() == before


def it_refuses_a_kind_whose_name_after_one_id_is_another_id(folder: Path, tmp_path: Path) -> None:
    """``visit-a`` as a summary and ``visit-a-summary`` as a brief are one file name."""
    other = visit_copy(folder, "other.yaml", "visit-a-summary")
    out = tmp_path / "out"
    run = kzrs("build", folder / "a.yaml", other, "-k", "brief,summary", "-o", out)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        f"{folder / 'a.yaml'}, {other}: not built: both would write "
        f"{out / 'visit-a-summary.pdf'} (brief.id visit-a and visit-a-summary); "
        "give each file its own brief.id"
    )
    assert not out.exists()
