"""A folder holds visit files and pack files: ``build`` and ``check`` take the visit files
and say they left the pack files out, and a command given the other's file names the
command it wants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clirun import ROOT, kzrs

DATA = ROOT / "data"
PACK = "kz-rs-pack-2026.yaml"
VISIT = "kz-rs-visit-2026.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped data folder: the sample visit and the sample pack."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def it_builds_the_shipped_data_folder_leaving_the_pack_file_out(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = kzrs("build", "data", "-o", out, "--charts-dir", tmp_path / "charts", cwd=tmp_path)
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "kz-rs-visit-2026.docx",
        "kz-rs-visit-2026.pdf",
    ]
    summary = run.out.strip().splitlines()[-1]
    assert summary.startswith(
        "1 file: 1 built, 0 up to date, 0 failed, "
        "1 pack file left out (data/kz-rs-pack-2026.yaml: use kzrs-reports pack) in "
    ), summary
    assert run.err == ""


def it_checks_a_folder_as_build_takes_it(data: Path) -> None:
    run = kzrs("check", "data", cwd=data.parent)
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "data/kz-rs-pack-2026.yaml: left out, a pack file "
        "(use kzrs-reports pack data/kz-rs-pack-2026.yaml)",
        "data/kz-rs-visit-2026.yaml: ok (36 quote(s) unchecked)",
    ]


@pytest.mark.parametrize("command", ["build", "check", "diff"])
def it_says_a_pack_file_wants_the_pack_command(data: Path, tmp_path: Path, command: str) -> None:
    more = {"build": ["-o", tmp_path / "out"], "check": [], "diff": [f"data/{VISIT}"]}
    run = kzrs(command, f"data/{PACK}", *more[command], cwd=data.parent)
    assert run.code == 1
    assert (
        f"data/{PACK}:1:1: (file): this is a pack file (it has documents:), not a visit "
        f"file; use kzrs-reports pack data/{PACK}"
    ) in run.err.splitlines()
    assert "unknown field" not in run.err
    assert not (tmp_path / "out").exists()


def it_says_a_visit_file_wants_the_build_command(data: Path, tmp_path: Path) -> None:
    run = kzrs("pack", f"data/{VISIT}", "-o", tmp_path / "out", cwd=data.parent)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"data/{VISIT}:1:1: (file): this is a visit file (it has brief:), not a pack file; "
        f"use kzrs-reports build data/{VISIT}",
        f"data/{VISIT}: 1 problem(s); nothing written",
    ]
    assert not (tmp_path / "out").exists()


def it_tells_a_json_pack_file_and_a_pack_given_as_the_previous_edition(
    data: Path, tmp_path: Path
) -> None:
    pack_json = data / "pack.json"
    pack_json.write_text('{"title": "A pack", "documents": []}', encoding="utf-8")
    visit = data / VISIT
    text = visit.read_text(encoding="utf-8")
    visit.write_text(text.replace("  edition: ", f"  previous: {PACK}\n  edition: ", 1))
    run = kzrs("build", "data", "-o", tmp_path / "out", cwd=data.parent)
    assert run.code == 1
    assert "2 pack files left out (data/kz-rs-pack-2026.yaml, data/pack.json:" in run.err
    assert f"{PACK}:1:1: (file): this is a pack file" in run.err
