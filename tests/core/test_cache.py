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
from kzrs_reports.writers.docx.fonts import theme_fonts

SAMPLE = Path(__file__).parents[2] / "data" / "kz-rs-visit-2026.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and no deflated bytes kept in this process."""
    where = tmp_path / "cache"
    monkeypatch.setenv("KZRS_CACHE_DIR", str(where))
    cache.cache_folder.cache_clear()
    archive.deflated.cache_clear()
    yield where
    cache.cache_folder.cache_clear()
    archive.deflated.cache_clear()


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


def _word_copy(tmp_path: Path, name: str) -> bytes:
    from kzrs_reports import build_file

    out = tmp_path / name
    [built] = build_file(SAMPLE, out_dir=out, charts_dir=tmp_path / "charts", formats=["docx"])
    assert built.docx is not None
    return built.docx.read_bytes()


def test_a_word_copy_from_kept_fonts_is_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    first = _word_copy(tmp_path, "first")
    kept = sorted(folder.glob("deflated-*"))
    assert len(kept) == len({f.data for faces in _fonts().values() for f in faces.values()})
    archive.deflated.cache_clear()  # as a new process: the fonts come from the folder
    assert _word_copy(tmp_path, "second") == first
    (kept[0]).write_bytes(b"damaged")
    archive.deflated.cache_clear()
    assert _word_copy(tmp_path, "third") == first
    assert cache.read_kept(kept[0].name) is not None  # made again, and kept again
    with zipfile.ZipFile(tmp_path / "third" / "kz-rs-visit-2026.docx") as word:
        assert word.testzip() is None


def _fonts() -> dict[str, dict[str, Any]]:
    return dict(theme_fonts(load_template_set().theme))
