"""Font registration: the theme's TrueType families, registered once per process.

ReportLab parses a TTF when it is registered; parsing is the slow part, so each font file is
registered once and reused by every later build. Fonts are embedded as subsets (the
:class:`~reportlab.pdfbase.ttfonts.TTFont` default). The same fonts are offered to svglib,
so chart text drawn from SVG uses the embedded fonts instead of Helvetica.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from svglib.fonts import FontMap

from kzrs_reports.templates.theme import FontStyle, Theme

_STYLES: tuple[FontStyle, ...] = ("regular", "bold", "italic", "bold_italic")
_lock = threading.Lock()
_registered: dict[Path, str] = {}
"""Resolved font file → the ReportLab font name it was registered under."""


@dataclass(frozen=True, slots=True)
class Faces:
    """The ReportLab font names of one family's four styles."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, bold: bool, italic: bool) -> str:
        """The font name for a bold/italic combination."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True, slots=True)
class FontSet:
    """The theme's serif (body) and sans (headings, tables, furniture) families."""

    serif: Faces
    sans: Faces


def _register_file(path: Path) -> str:
    """Register ``path`` (once) and return its ReportLab font name."""
    resolved = path.resolve()
    name = _registered.get(resolved)
    if name is not None:
        return name
    if not resolved.is_file():
        raise FileNotFoundError(f"font file not found: {resolved}")
    name = resolved.stem
    taken = set(_registered.values())
    suffix = 2
    while name in taken:
        name = f"{resolved.stem}-{suffix}"
        suffix += 1
    pdfmetrics.registerFont(TTFont(name, str(resolved)))
    _registered[resolved] = name
    return name


def _register_family(theme: Theme, family: Literal["serif", "sans"]) -> Faces:
    names = {style: _register_file(theme.font_path(family, style)) for style in _STYLES}
    regular = names["regular"]
    registerFontFamily(
        regular,
        normal=regular,
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return Faces(
        family=getattr(theme.fonts, family).family,
        regular=regular,
        bold=names["bold"],
        italic=names["italic"],
        bold_italic=names["bold_italic"],
    )


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's serif and sans families with ReportLab (each file only once).

    Each family is mapped so that ``<b>``/``<i>`` in paragraph markup pick its bold and
    italic faces. Returns the registered font names.
    """
    with _lock:
        return FontSet(serif=_register_family(theme, "serif"), sans=_register_family(theme, "sans"))


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
