"""What one process keeps for the next: whole, private, and never trusted when damaged."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kzrs_reports.core import archive, cache
from kzrs_reports.templates import load_template_set
from kzrs_reports.writers.docx import writer as docx_writer
from kzrs_reports.writers.docx.fonts import theme_fonts
from kzrs_reports.writers.docx.styles import ids_to_json

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"


@pytest.fixture
def folder(kept_folder: Path) -> Iterator[Path]:
    """A cache folder of the test's own, and no deflated bytes kept in this process."""
    _as_a_new_process()
    yield kept_folder
    _as_a_new_process()


def test_kept_bytes_come_back_and_the_folder_is_private(folder: Path) -> None:
    cache.keep("entry", b"some bytes")
    assert cache.read_kept("entry") == b"some bytes"
    assert cache.read_kept("other") is None
    assert folder.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in folder.iterdir()] == ["entry"]  # no temporary file left


def test_a_damaged_entry_is_not_used(folder: Path) -> None:
    cache.keep("entry", b"some bytes")
    raw = (folder / "entry").read_bytes()
    (folder / "entry").write_bytes(raw[:-1] + b"X")
    assert cache.read_kept("entry") is None
    (folder / "entry").write_bytes(b"not kept by us")
    assert cache.read_kept("entry") is None


def test_a_folder_open_to_others_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    assert cache.cache_folder() is None
    cache.keep("entry", b"some bytes")
    assert list(folder.iterdir()) == []


def test_an_empty_setting_turns_keeping_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZRS_CACHE_DIR", "")
    cache.cache_folder.cache_clear()
    try:
        assert cache.cache_folder() is None
        assert cache.read_kept("entry") is None
    finally:
        cache.cache_folder.cache_clear()


def _word_copy(tmp_path: Path, name: str, templates: Path | None = None) -> bytes:
    from kzrs_reports import build_file

    out = tmp_path / name
    [built] = build_file(
        SAMPLE,
        out_dir=out,
        charts_dir=tmp_path / "charts",
        formats=["docx"],
        templates=templates,
    )
    assert built.docx is not None
    return built.docx.read_bytes()


def _as_a_new_process() -> None:
    """Forget what this process kept: what comes next comes from the cache folder."""
    archive.deflated.cache_clear()
    docx_writer._styled_template.cache_clear()


def test_a_word_copy_from_kept_fonts_is_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    first = _word_copy(tmp_path, "first")
    kept = sorted(folder.glob("deflated-*"))
    assert len(kept) == len({f.data for faces in _fonts().values() for f in faces.values()})
    _as_a_new_process()
    assert _word_copy(tmp_path, "second") == first
    (kept[0]).write_bytes(b"damaged")
    _as_a_new_process()
    assert _word_copy(tmp_path, "third") == first
    assert cache.read_kept(kept[0].name) is not None  # made again, and kept again
    with zipfile.ZipFile(tmp_path / "third" / "kz-rs-visit-2026.docx") as word:
        assert word.testzip() is None


@pytest.mark.parametrize("house", ["default", "meridian"])
def test_a_word_copy_from_a_kept_styled_template_is_the_same_bytes(
    house: str, folder: Path, tmp_path: Path
) -> None:
    templates = None if house == "default" else ROOT / "templates" / house
    first = _word_copy(tmp_path, "first", templates)
    [styled] = folder.glob("styled-*.docx")
    _as_a_new_process()
    assert _word_copy(tmp_path, "second", templates) == first
    styled.write_bytes(b"damaged")
    _as_a_new_process()
    assert _word_copy(tmp_path, "third", templates) == first
    assert cache.read_kept(styled.name) is not None
    [ids] = folder.glob("styled-*.ids.json")
    ids.write_bytes(b"damaged")
    _as_a_new_process()
    assert _word_copy(tmp_path, "fourth", templates) == first
    assert cache.read_kept(ids.name) is not None  # looked up again, and kept again


def test_a_later_process_takes_the_style_ids_kept_beside_the_template(folder: Path) -> None:
    theme = load_template_set().theme
    looked_up = docx_writer.styled_template(theme, "en-GB").style_ids
    heading = next(key for key in looked_up if key[0] == "Heading 1")
    assert looked_up[heading] == "Heading1"
    [ids] = folder.glob("styled-*.ids.json")
    cache.keep(ids.name, ids_to_json({**looked_up, heading: "KeptHeading"}))
    _as_a_new_process()
    kept = docx_writer.styled_template(theme, "en-GB").style_ids
    assert kept[heading] == "KeptHeading"  # read, not looked up again
    assert kept.keys() == looked_up.keys()


def _fonts() -> dict[str, dict[str, Any]]:
    return dict(theme_fonts(load_template_set().theme))


def test_the_entries_used_least_recently_go_first(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MOST_KEPT", 3)
    for number in range(3):
        cache.keep(f"entry-{number}", b"x")
        os.utime(folder / f"entry-{number}", ns=(number * 10**9, number * 10**9))
    assert cache.read_kept("entry-0") == b"x"  # used now: kept longest
    cache.keep("entry-3", b"x")
    assert sorted(p.name for p in folder.iterdir()) == ["entry-0", "entry-2", "entry-3"]
