"""Fixtures both writers' tests share: the default theme and a pair of chart files."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import write_sample_charts

from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.templates.theme import Theme, load_theme


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme(DEFAULT_TEMPLATES / "theme.yaml")


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_sample_charts(tmp_path_factory.mktemp("charts"))
