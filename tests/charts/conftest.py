"""What both chart test modules draw with: the default theme and chart labels."""

from __future__ import annotations

import pytest
from chart_inputs import read_yaml

from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.templates.theme import Theme, load_theme


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme(DEFAULT_TEMPLATES / "theme.yaml")


@pytest.fixture(scope="module")
def labels() -> dict[str, str]:
    return dict(read_yaml(DEFAULT_TEMPLATES / "labels.yaml")["chart"])
