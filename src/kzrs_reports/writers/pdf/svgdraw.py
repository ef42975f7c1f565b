"""SVG → ReportLab drawing with svglib, its text in the theme's embedded fonts.

The only module of the PDF writer that imports svglib: a build whose charts are all kept
converted (:mod:`.drawings`) never loads it. For that, a drawing holds ReportLab's own shapes
only: svglib's two path classes, which differ from ReportLab's path only in the properties
they report, become ReportLab paths holding those properties, drawn exactly alike.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.graphics import shapes
from reportlab.graphics.renderbase import getStateDelta
from reportlab.graphics.shapes import Drawing, Group
from svglib.fonts import FontMap
from svglib.svglib import ClippingPath, NoStrokePath, SvgRenderer, load_svg_file

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
    _plain_paths(drawing)
    _drop_empty_groups(drawing)
    return drawing


_REPORTED: dict[type, dict[str, Any]] = {
    NoStrokePath: {"strokeWidth": 0, "strokeColor": None},
    ClippingPath: {"fillColor": None, "strokeColor": None},
}
"""What each svglib path class reports in place of its own properties (its
``getProperties``, which is all ReportLab's renderers ask of it)."""


def _plain_paths(group: Group) -> None:
    """Replace, throughout ``group``, each svglib path by a ReportLab path reporting the same."""
    contents = []
    for node in group.contents:
        if isinstance(node, Group):
            _plain_paths(node)
        reported = _REPORTED.get(type(node))
        if reported is not None:
            plain = shapes.Path.__new__(shapes.Path)
            plain.__dict__.update(node.__dict__)
            plain.__dict__.update({k: v for k, v in reported.items() if k in plain.__dict__})
            node = plain
        contents.append(node)
    group.contents = contents


def _drop_empty_groups(group: Group) -> None:
    """Put in ``group``'s place, throughout, the contents of each group that changes nothing.

    svglib makes a group of every SVG group, and most of a chart's change nothing: no
    transform, no other state, no clipping path. ReportLab draws each group between a save
    and a restore of the graphics state, half of a chart's drawing time; drawn without
    them, the chart looks the same. A group holding a clipping path stays: the clip reaches
    the shapes after it as far as the group's end.
    """
    contents = []
    for node in group.contents:
        if type(node) is Group:
            _drop_empty_groups(node)
            if _changes_nothing(node):
                contents.extend(node.contents)
                continue
        contents.append(node)
    group.contents = contents


def _changes_nothing(group: Group) -> bool:
    delta = getStateDelta(group)
    if tuple(delta.pop("transform", _IDENTITY)) != _IDENTITY or delta:
        return False
    return not any(isinstance(n, shapes.Path) and n.isClipPath for n in group.contents)


_IDENTITY = (1, 0, 0, 1, 0, 0)


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
