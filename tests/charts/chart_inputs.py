"""Reading the data the chart tests draw from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def read_yaml(path: Path) -> Any:
    """``path`` read as plain YAML data."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
