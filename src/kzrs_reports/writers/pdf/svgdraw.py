"""SVG → ReportLab drawing with svglib, its text in the theme's embedded fonts.

The only module of the PDF writer that imports svglib: a build whose charts are all kept
converted (:mod:`.drawings`) never loads it.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from svglib.fonts import FontMap
from svglib.svglib import SvgRenderer, load_svg_file

from kzrs_reports.writers.pdf.fonts import FontSet


def convert_svg(data: bytes, path: Path, fonts: FontSet) -> Drawing | None:
    """svglib's ``svg2rlg(path)`` on exactly ``data`` (references resolve beside ``path``),
    its text in ``fonts``; None when svglib cannot read it."""
    root = load_svg_file(io.BytesIO(data))
    if root is None:
        return None
    drawing: Drawing = SvgRenderer(str(path), font_map=ThemeFontMap(fonts)).render(root)
    # The renderer's starting font (Helvetica by default) would land in the page resources.
    drawing.initialFontName = fonts.sans.regular
    return drawing


class ThemeFontMap(FontMap):
    """An svglib font map that draws every SVG font family in the theme's fonts.

    ``serif`` families (the theme's serif family name, or generic ``serif``) use the serif
    faces; every other family uses the sans faces, so no chart text falls back to a
    non-embedded standard font.
    """

    def __init__(self, fonts: FontSet) -> None:
        super().__init__()
        self._fonts = fonts

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        """The registered font for an SVG family, weight and style; always an exact match."""
        name = font_name.strip().strip("'\"").lower()
        serif = name in ("serif", self._fonts.serif.family.lower())
        faces = self._fonts.serif if serif else self._fonts.sans
        return faces.face(_is_bold(weight), style.strip().lower() in ("italic", "oblique")), True


def _is_bold(weight: str) -> bool:
    value = str(weight).strip().lower()
    if value in ("bold", "bolder"):
        return True
    return value.isdigit() and int(value) >= 600
