"""Telling a visit file from a pack file by its sections, from a glance at the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrs_reports.load.shape import PACK_SECTION, VISIT_SECTIONS, Sniffed, shape_of, sniff
from kzrs_reports.pack.model import PackFile

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = sorted((ROOT / "tests" / "hostile").glob("*/*.*"))


def it_tells_the_pack_by_a_section_no_visit_file_has() -> None:
    assert PACK_SECTION in PackFile.model_fields
    assert VISIT_SECTIONS.isdisjoint(PackFile.model_fields)


def it_finds_the_samples_shapes_and_the_visits_id() -> None:
    assert sniff(ROOT / "data" / "kz-rs-visit-2026.yaml") == Sniffed("visit", "kz-rs-visit-2026")
    assert sniff(ROOT / "data" / "kz-rs-pack-2026.yaml") == Sniffed("pack")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x\ndocuments: []\nbrief: {id: a}\n", Sniffed("visit", "a")),
        ("sources: []\nbrief:\n  title: x\n  id: ' b '\n", Sniffed("visit", "b")),
        ("brief:\n  id: [a]\nvisit: {}\n", Sniffed("visit")),
        ("brief: &b {id: c}\nother: *b\n", Sniffed("visit", "c")),
        ("? [a, b]\n: c\nbrief: {id: d}\n", Sniffed()),
        ("- brief: {id: e}\n", Sniffed()),
        ("brief: {id: f\n", Sniffed()),
        ("id: x\ntitle: y\n", Sniffed()),
    ],
)
def it_reads_only_the_top_level_and_the_brief_id(
    tmp_path: Path, text: str, expected: Sniffed
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    assert sniff(path) == expected


def it_never_fails_on_a_hostile_file() -> None:
    assert len(HOSTILE) > 100
    for path in HOSTILE:
        found = sniff(path)
        assert found.shape in ("visit", "pack", "unknown"), path
        if path.parent.name == "pack":
            assert found.shape in ("pack", "unknown"), path


def it_decides_from_keys_a_visit_section_first() -> None:
    assert shape_of({"documents", "brief"}) == "visit"
    assert shape_of({"documents", "title"}) == "pack"
    assert shape_of({"title"}) == "unknown"
