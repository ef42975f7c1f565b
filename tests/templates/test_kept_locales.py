"""Babel's locale data is read once per Babel version and kept; a later process takes it from
the cache folder, and takes nothing from there but Babel's data."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import localedata
from babel.dates import format_date

from kzrs_reports.core import cache
from kzrs_reports.templates import locales

FEBRUARY = dt.date(2026, 2, 26)


def _as_a_new_process() -> None:
    """Forget the British English data Babel and this process hold."""
    locales.babel_locale.cache_clear()
    for name in ("en_GB", "en_001", "en", "root"):
        localedata._cache.pop(name, None)
        getattr(localedata, "_dict_cache", {}).pop(name, None)  # Babel 2.18 and later


@pytest.fixture
def folder(kept_folder: Path) -> Iterator[Path]:
    """A cache folder of the test's own, and no British English data held here."""
    _as_a_new_process()
    yield kept_folder
    _as_a_new_process()


def _long_date() -> str:
    return format_date(FEBRUARY, "long", locale=locales.babel_locale("en-GB"))


def _kept_entry(folder: Path) -> Path:
    [entry] = folder.glob("babel-*")
    return entry


def it_reads_a_locale_once_and_a_later_process_takes_it_from_the_cache(folder: Path) -> None:
    assert _long_date() == "26 February 2026"
    entry = _kept_entry(folder)
    kept = locales._unpickle(cache.read_kept(entry.name) or b"")
    kept["months"]["format"]["wide"][2] = "Februar-kept"
    cache.keep(entry.name, pickle.dumps(kept))
    _as_a_new_process()
    assert _long_date() == "26 Februar-kept 2026"  # the kept data, not Babel's files
    assert "en" not in localedata._cache  # no parent was read to make it


def it_reads_babels_files_again_when_the_kept_data_is_damaged(folder: Path) -> None:
    assert _long_date() == "26 February 2026"
    entry = _kept_entry(folder)
    entry.write_bytes(b"damaged")
    _as_a_new_process()
    assert _long_date() == "26 February 2026"
    assert cache.read_kept(entry.name) is not None  # read again, and kept again


def it_makes_nothing_from_a_kept_entry_but_babels_data(folder: Path) -> None:
    assert _long_date() == "26 February 2026"
    entry = _kept_entry(folder)
    cache.keep(entry.name, pickle.dumps({"months": Path("/etc/passwd")}))
    _as_a_new_process()
    assert _long_date() == "26 February 2026"  # refused, and Babel read its own files
    assert isinstance(localedata._cache["en_GB"]["months"], dict)


def it_keeps_nothing_when_keeping_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZRS_CACHE_DIR", "")
    cache.cache_folder.cache_clear()
    _as_a_new_process()
    try:
        assert _long_date() == "26 February 2026"
    finally:
        cache.cache_folder.cache_clear()
        _as_a_new_process()
