"""Which characters the house style can print: the shipped table is the truth about the shipped
fonts, and a theme's own fonts are read from the files themselves, anew when they change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from kzrs_reports.core.errors import DataError
from kzrs_reports.load import load_visit
from kzrs_reports.templates import DEFAULT_TEMPLATES, load_template_set
from kzrs_reports.templates.coverage import (
    COVERAGE_FILE,
    coverage_table,
    drawable_characters,
    font_characters,
    to_ranges,
)
from kzrs_reports.templates.theme import FONTS_DIR

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"


def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _subset(source: Path, target: Path, text: str) -> None:
    """Write a copy of the font ``source`` that can draw only the characters of ``text``."""
    options = subset.Options()
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def it_ships_the_true_coverage_of_every_shipped_font() -> None:
    # If this fails, a font was added or changed: run `python tools/font_coverage.py`.
    shipped = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))["fonts"]
    assert shipped == coverage_table(FONTS_DIR.glob("*.ttf"))
    assert sorted(shipped) == sorted(p.name for p in FONTS_DIR.glob("*.ttf"))


def it_knows_a_shipped_font_by_its_content_as_fonttools_reads_it() -> None:
    for path in FONTS_DIR.glob("*.ttf"):
        assert font_characters(path) == _cmap(path)


def it_knows_a_themes_copy_of_a_shipped_font(tmp_path: Path) -> None:
    copy = tmp_path / "Body.ttf"
    shutil.copy(FONTS_DIR / "NotoSans-Italic.ttf", copy)
    assert font_characters(copy) == _cmap(FONTS_DIR / "NotoSans-Italic.ttf")


def it_prints_what_every_default_font_can_draw() -> None:
    theme = load_template_set().theme
    expected = frozenset.intersection(*(_cmap(p) for p in theme.font_files()))
    assert drawable_characters(theme) == expected
    assert {ord(c) for c in "Vučić – Тоқаев"} <= drawable_characters(theme)


def it_folds_code_points_into_ranges() -> None:
    assert to_ranges([5, 1, 2, 3, 9, 2]) == [(1, 3), (5, 5), (9, 9)]
    assert to_ranges([]) == []


def it_reads_a_themes_own_font_and_reads_it_again_when_it_changes(tmp_path: Path) -> None:
    house = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, house)
    own = house / "NotoSerif-Regular.ttf"  # beside theme.yaml: used instead of the shipped one
    ascii_only = "".join(chr(c) for c in range(32, 127))
    _subset(FONTS_DIR / "NotoSerif-Regular.ttf", own, ascii_only)
    theme = load_template_set(house).theme
    assert own in theme.font_files()
    assert "č" not in {chr(c) for c in drawable_characters(theme)}
    with pytest.raises(DataError) as caught:
        load_visit(SAMPLE, drawable_characters(theme), "the house fonts")
    problems = [str(p) for p in caught.value.problems]
    assert any(
        "visit.guest.leader.en-GB: the house fonts cannot print č U+010D" in p for p in problems
    )
    # Every version of a text given per language is printed by some edition.
    assert any(
        "visit.guest.leader.ru: the house fonts cannot print А U+0410" in p for p in problems
    )

    beyond_ascii = {c for c in SAMPLE.read_text(encoding="utf-8") if ord(c) > 126}
    _subset(FONTS_DIR / "NotoSerif-Regular.ttf", own, ascii_only + "".join(sorted(beyond_ascii)))
    theme = load_template_set(house).theme
    assert {ord(c) for c in "Vučić Вучић Тоқаев"} <= drawable_characters(theme)
    load_visit(SAMPLE, drawable_characters(theme), "the house fonts")
