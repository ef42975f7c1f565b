"""Which characters a house style's fonts can draw.

A character missing from the embedded fonts prints as an empty box (or nothing), silently.
The loader uses :func:`drawable_characters` to name such characters with their field instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kzrs_reports.templates.theme import Theme


@cache
def _characters(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawable_characters(theme: Theme) -> frozenset[int]:
    """Code points that every font of ``theme`` (both families, all four styles) can draw."""
    sets = [_characters(path) for path in theme.font_files()]
    return frozenset.intersection(*sets)


def font_names(theme: Theme) -> str:
    """The theme's font families, for messages: ``Noto Serif and Noto Sans``."""
    return f"{theme.fonts.serif.family} and {theme.fonts.sans.family}"
