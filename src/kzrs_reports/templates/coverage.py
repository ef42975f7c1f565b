"""Which characters a house style's fonts can draw.

A character missing from the embedded fonts prints as an empty box (or nothing), silently.
The loader uses :func:`drawable_characters` to name such characters with their field instead.

Reading a font's character map takes fontTools and tens of milliseconds per file, too slow for
``check``. So the package ships the coverage of its own fonts in ``fonts/coverage.json``, with
each file's size and SHA-256: a shipped font is never opened with fontTools, nor is a theme's
font whose bytes match an entry; any other font is read from its character map, and read again
when its content changes. ``tools/font_coverage.py`` writes the table, and a test checks it
against the font files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from kzrs_reports.templates.theme import FONTS_DIR, Theme

COVERAGE_FILE = FONTS_DIR / "coverage.json"
"""The shipped table: per font file of :data:`FONTS_DIR`, its size, SHA-256 and code-point
ranges."""

Ranges = list[tuple[int, int]]
"""Code points as sorted, inclusive ``(first, last)`` ranges."""

_known: dict[str, frozenset[int]] = {}
"""Code points per font file content (SHA-256), for fonts already looked up in this process."""


def drawable_characters(theme: Theme) -> frozenset[int]:
    """Code points that every font of ``theme`` (both families, all four styles) can draw."""
    sets = [font_characters(path) for path in theme.font_files()]
    return frozenset.intersection(*sets)


def font_names(theme: Theme) -> str:
    """The theme's font families, for messages: ``Noto Serif and Noto Sans``."""
    return f"{theme.fonts.serif.family} and {theme.fonts.sans.family}"


def font_characters(path: Path) -> frozenset[int]:
    """Code points the font file at ``path`` maps to a glyph, as its character map says.

    A shipped font (in :data:`FONTS_DIR`, of the size the table gives) is taken from the table
    unread; any other file is known by its SHA-256, so a changed file is read anew.
    """
    entry = _shipped_by_name().get(path.name) if path.parent == FONTS_DIR else None
    if entry is not None and path.stat().st_size == entry["size"]:
        digest = str(entry["sha256"])
    else:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    known = _known.get(digest)
    if known is None:
        ranges = _shipped_by_digest().get(digest)
        if ranges is not None:
            known = frozenset(p for first, last in ranges for p in range(first, last + 1))
        else:
            known = _read_characters(path.read_bytes())
        _known[digest] = known
    return known


def coverage_table(paths: Iterable[Path]) -> dict[str, dict[str, object]]:
    """The coverage table for the font files ``paths``, as ``coverage.json`` holds it.

    Reads every file with fontTools; keys are file names, sorted.
    """
    table: dict[str, dict[str, object]] = {}
    for path in sorted(paths, key=lambda p: p.name):
        data = path.read_bytes()
        characters = _read_characters(data)
        table[path.name] = {
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "ranges": [list(r) for r in to_ranges(characters)],
        }
    return table


def to_ranges(code_points: Iterable[int]) -> Ranges:
    """Fold code points into sorted, inclusive ``(first, last)`` ranges."""
    ranges: Ranges = []
    for point in sorted(set(code_points)):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


@cache
def _shipped_by_name() -> dict[str, dict[str, Any]]:
    """The shipped table, file name → entry; empty if it is missing or unreadable."""
    try:
        fonts = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))["fonts"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return fonts if isinstance(fonts, dict) else {}


@cache
def _shipped_by_digest() -> dict[str, list[list[int]]]:
    """The shipped table, SHA-256 → ranges: a theme's copy of a shipped font needs no reading."""
    return {entry["sha256"]: entry["ranges"] for entry in _shipped_by_name().values()}


def _read_characters(data: bytes) -> frozenset[int]:
    from io import BytesIO

    from fontTools.ttLib import TTFont

    with TTFont(BytesIO(data), lazy=True) as font:
        return frozenset(font.getBestCmap())
