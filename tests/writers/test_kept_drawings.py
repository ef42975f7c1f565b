"""A chart's converted drawing is kept beside it, so a new process does not convert a reused
chart again; a drawing kept for other bytes, fonts or versions, or a damaged one, is not used."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from documents import sample_document

from clirun import SAMPLE, kzrs
from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.pdf import drawings, figures, fonts
from kzrs_reports.writers.pdf.drawings import FOLDER, drawing_key, drawing_path, read_drawing

BRIEF = "kz-rs-visit-2026"
CHARTS = ("priorities", "timeline")

Stamp = tuple[int, int, int]


def kept(charts: Path) -> dict[str, Stamp]:
    """Inode, mtime and size of each kept drawing: equal means none was written again."""
    found = sorted((charts / FOLDER).iterdir())
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size) for p in found}


def build(data: Path, root: Path) -> None:
    run = kzrs("build", data, "--out", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err


def pdf_digest(root: Path) -> str:
    return hashlib.sha256((root / "out" / f"{BRIEF}.pdf").read_bytes()).hexdigest()


def stored_key_of(data: bytes) -> str:
    return data.split(b"\n")[1].decode()


def stored_key(path: Path) -> str:
    return stored_key_of(path.read_bytes())


def intact(path: Path) -> bool:
    """Whether the file at ``path`` is a whole kept drawing that reads back for its own key."""
    return read_drawing(path, stored_key(path)) is not None


def edited(tmp_path: Path, pattern: str, replacement: str) -> Path:
    """A copy of the sample with the first match of ``pattern`` replaced."""
    text, count = re.subn(
        pattern, replacement, SAMPLE.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE
    )
    assert count == 1, pattern
    path = tmp_path / f"edited-{len(list(tmp_path.glob('edited-*')))}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def it_keeps_each_chart_converted_and_does_not_convert_it_again_after_an_edit(
    tmp_path: Path,
) -> None:
    data = tmp_path / "visit.yaml"
    data.write_bytes(SAMPLE.read_bytes())
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    build(data, work)
    assert sorted(kept(work / "charts")) == [f"{BRIEF}-{c}.drawing" for c in CHARTS]
    before = kept(work / "charts")
    data.write_bytes(
        edited(tmp_path, r"^  summary: >-\n", "  summary: >-\n    Edited.\n").read_bytes()
    )
    build(data, work)
    assert kept(work / "charts") == before, "a reused chart was converted again"
    build(data, fresh)
    assert pdf_digest(work) == pdf_digest(fresh)


def it_converts_a_changed_chart_again_and_the_pdf_shows_the_new_one(tmp_path: Path) -> None:
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    build(SAMPLE, work)
    before = kept(work / "charts")
    changed = edited(tmp_path, r"^(    priority: )\d", r"\g<1>1")
    build(changed, work)
    after = kept(work / "charts")
    assert after[f"{BRIEF}-priorities.drawing"] != before[f"{BRIEF}-priorities.drawing"]
    assert after[f"{BRIEF}-timeline.drawing"] == before[f"{BRIEF}-timeline.drawing"]
    build(changed, fresh)
    assert pdf_digest(work) == pdf_digest(fresh)


LOADED = """
import sys
from pathlib import Path
from kzrs_reports.build import BuildOptions, build_brief
root = Path(sys.argv[2])
build_brief(Path(sys.argv[1]), BuildOptions(root / "out", root / "charts", formats=("pdf",)))
print("svglib" in sys.modules)
"""


def it_does_not_even_load_svglib_when_every_chart_is_kept(tmp_path: Path) -> None:
    work = tmp_path / "work"
    build(SAMPLE, work)
    changed = edited(tmp_path, r"^  summary: >-\n", "  summary: >-\n    Edited.\n")
    run = subprocess.run(
        [sys.executable, "-c", LOADED, str(changed), str(work)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False"]


@pytest.mark.parametrize("damage", ["garbage", "cut short", "another chart's"])
def it_ignores_a_damaged_or_misplaced_drawing_and_keeps_a_good_one(
    tmp_path: Path, damage: str
) -> None:
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    build(SAMPLE, work)
    folder = work / "charts" / FOLDER
    target = folder / f"{BRIEF}-priorities.drawing"
    good = target.read_bytes()
    if damage == "garbage":
        target.write_bytes(b"not a drawing at all")
    elif damage == "cut short":
        target.write_bytes(good[: len(good) // 2])
    else:
        target.write_bytes((folder / f"{BRIEF}-timeline.drawing").read_bytes())
    build(edited(tmp_path, r"^  summary: >-\n", "  summary: >-\n    Edited.\n"), work)
    assert intact(target), "the damaged drawing was not made again"
    assert target.read_bytes() == good  # the same bytes in any process, whatever its hash seed
    build(edited(tmp_path, r"^  summary: >-\n", "  summary: >-\n    Edited.\n"), fresh)
    assert pdf_digest(work) == pdf_digest(fresh)


class _Planted:
    """Unpickles into a call of ``os.mkdir``: what a planted file might try."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.path),)


def it_never_runs_what_a_planted_drawing_file_asks(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    digest = hashlib.sha256(payload).hexdigest()
    key = "0" * 64
    path = tmp_path / "planted.drawing"
    path.write_bytes(f"kzrs-drawing {drawings.FORMAT}\n{key}\n{digest}\n".encode() + payload)
    assert read_drawing(path, key) is None
    assert not marker.exists()


@pytest.fixture
def document(tmp_path: Path, charts: tuple[Path, Path]) -> nodes.Document:
    svg, png = charts
    own = tmp_path / "charts"
    own.mkdir()
    for source in (svg, png):
        (own / source.name).write_bytes(source.read_bytes())
    return sample_document(own / svg.name, own / png.name)


def it_converts_in_a_process_only_what_no_kept_drawing_holds(
    tmp_path: Path, document: nodes.Document, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figures, "_drawings", type(figures._drawings)())
    start = figures.conversions
    write_document(document, theme, tmp_path / "first.pdf")
    assert figures.conversions == start + 1
    figures._drawings.clear()  # as a new process: only the kept file is left
    write_document(document, theme, tmp_path / "second.pdf")
    assert figures.conversions == start + 1
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def it_keys_a_drawing_on_its_fonts_files_and_the_versions(
    theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    font_set = fonts.register_fonts(theme)
    key = drawing_key("a" * 64, font_set)
    assert drawing_key("b" * 64, font_set) != key
    name = font_set.sans.regular
    monkeypatch.setitem(fonts._digests, name, "another font file")
    assert drawing_key("a" * 64, font_set) != key
    monkeypatch.undo()
    monkeypatch.setattr(drawings, "__version__", "0.0.0-other")
    assert drawing_key("a" * 64, font_set) != key
    assert drawing_path(Path("c/x-timeline.svg")) == Path("c") / FOLDER / "x-timeline.drawing"
