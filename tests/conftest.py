"""Shared test settings: behaviour-named tests (``it_…``) are collected like ``test_…``;
and a cache folder of a test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kzrs_reports.core import cache


@pytest.fixture
def kept_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own (``KZRS_CACHE_DIR``), not yet made."""
    where = tmp_path / "cache"
    monkeypatch.setenv("KZRS_CACHE_DIR", str(where))
    cache.cache_folder.cache_clear()
    yield where
    cache.cache_folder.cache_clear()
