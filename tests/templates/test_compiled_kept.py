"""A compiled template is kept for the next process, and used only while its source and the
tool that compiled it are unchanged: an edited template prints its edit, a damaged kept file is
compiled again."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from clirun import SAMPLE, pdf_text, words
from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.templates.bytecode import PATTERN

Stamp = tuple[int, int, int]


def build(tmp_path: Path, data: Path, *extra: str | Path) -> None:
    """``kzrs-reports build`` in a new process whose temporary folder is ``tmp_path/tmp``."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    args = [str(data), "--out", str(tmp_path / "out"), "--charts-dir", str(tmp_path / "charts")]
    run = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", "build", *args, "--format", "pdf", *map(str, extra)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert run.returncode == 0, run.stderr


def kept(tmp_path: Path) -> dict[str, Stamp]:
    """Each kept compiled template: inode, mtime, size (equal: not compiled again)."""
    folder = tmp_path / "tmp" / f"_jinja2-cache-{os.getuid()}"
    found = sorted(folder.glob(PATTERN % "*"))
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size) for p in found}


def pdf(tmp_path: Path) -> Path:
    return tmp_path / "out" / "kz-rs-visit-2026.pdf"


def with_summary(tmp_path: Path, text: str) -> Path:
    source = SAMPLE.read_text(encoding="utf-8")
    anchor = "  summary: >-\n"
    path = tmp_path / "visit.yaml"
    path.write_text(source.replace(anchor, f"{anchor}    {text}\n", 1), encoding="utf-8")
    return path


def it_compiles_the_template_once_for_later_processes(tmp_path: Path) -> None:
    build(tmp_path, with_summary(tmp_path, "First words."))
    first = kept(tmp_path)
    assert len(first) == 1
    build(tmp_path, with_summary(tmp_path, "Second words."))
    assert kept(tmp_path) == first
    assert "Second words." in words(pdf_text(pdf(tmp_path)))


def it_prints_an_edited_template_as_edited(tmp_path: Path) -> None:
    templates = tmp_path / "set"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    build(tmp_path, SAMPLE, "--templates", templates)
    assert "An added line of the template." not in words(pdf_text(pdf(tmp_path)))
    brief = templates / "brief.md.j2"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text + "\nAn added line of the template.\n", encoding="utf-8")
    build(tmp_path, SAMPLE, "--templates", templates)
    assert "An added line of the template." in words(pdf_text(pdf(tmp_path)))


def it_compiles_again_over_a_damaged_kept_template(tmp_path: Path) -> None:
    build(tmp_path, SAMPLE)
    good = hashlib.sha256(pdf(tmp_path).read_bytes()).hexdigest()
    [name] = kept(tmp_path)
    path = tmp_path / "tmp" / f"_jinja2-cache-{os.getuid()}" / name
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    build(tmp_path, SAMPLE, "--force")
    assert hashlib.sha256(pdf(tmp_path).read_bytes()).hexdigest() == good
    assert path.read_bytes() == whole
