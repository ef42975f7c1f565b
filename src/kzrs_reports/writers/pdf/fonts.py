"""Font registration: the theme's TrueType families, registered once per process.

ReportLab parses a TTF when it is registered; parsing is the slow part, so each font file is
registered once and reused by every later build. Fonts are embedded as subsets (the
:class:`~reportlab.pdfbase.ttfonts.TTFont` default), each made once while later documents
embed it again (:func:`_keep_subsets`). The same fonts are offered to svglib
(:mod:`.svgdraw`), so chart text drawn from SVG uses the embedded fonts instead of Helvetica.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

from kzrs_reports.templates.theme import FontStyle, Theme

_STYLES: tuple[FontStyle, ...] = ("regular", "bold", "italic", "bold_italic")
_lock = threading.Lock()
_registered: dict[Path, str] = {}
"""Resolved font file → the ReportLab font name it was registered under."""
_digests: dict[str, str] = {}
"""ReportLab font name → the SHA-256 of the file registered under it."""
KEPT_SUBSETS = 4
"""How many subsets of each face a process keeps made."""


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
    font = TTFont(name, str(resolved))
    _keep_subsets(font.face)
    pdfmetrics.registerFont(font)
    _registered[resolved] = name
    _digests[name] = hashlib.sha256(resolved.read_bytes()).hexdigest()
    return name


def _keep_subsets(face: Any) -> None:
    """Have ``face`` make each subset it embeds once, while later documents embed it again.

    A document embeds the characters it uses of each face as subsets of up to 256, in the
    order it first uses them, and a rebuild uses the same ones as the build before: making
    a subset anew is a sixth of saving a rebuild's PDF. The subset's bytes depend on the
    face and its characters only, so the last few are kept by their characters.
    """
    make = face.makeSubset
    kept: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
    lock = threading.Lock()

    def make_subset(subset: Sequence[int]) -> bytes:
        key = tuple(subset)
        with lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                return found
        made: bytes = make(subset)
        with lock:
            kept[key] = made
            while len(kept) > KEPT_SUBSETS:
                kept.popitem(last=False)
        return made

    face.makeSubset = make_subset


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


def font_digests(fonts: FontSet) -> dict[str, str]:
    """Each registered font name of ``fonts`` → the SHA-256 of its file: what a drawing made
    in these fonts depends on (text widths), for keys of kept drawings."""
    faces = (fonts.serif, fonts.sans)
    names = {getattr(face, style) for face in faces for style in _STYLES}
    return {name: _digests[name] for name in sorted(names)}
