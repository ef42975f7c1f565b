"""The house style's logo on the title block: a PNG as an image, an SVG as vector drawing."""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image

from kzrs_reports.core.errors import LogoError
from kzrs_reports.templates.logo import LogoImage, svg_root
from kzrs_reports.writers.pdf.fonts import FontSet


def logo_flowable(logo: LogoImage, fonts: FontSet, max_width: float) -> Flowable:
    """``logo`` at its width in millimetres (never wider than ``max_width`` points), left.

    An SVG's text is drawn in the theme's fonts, like a chart's.
    """
    width = min(logo.width_mm * mm, max_width)
    height = width * logo.aspect
    flowable: Flowable
    if logo.kind == "png":
        flowable = Image(io.BytesIO(logo.data), width=width, height=height)
    else:
        from kzrs_reports.writers.pdf.svgdraw import ThemeFontMap

        drawing = svg_drawing(svg_root(logo.data), ThemeFontMap(fonts))
        if drawing is None:
            raise LogoError(f"logo: unreadable SVG: {logo.name}")
        scale = width / float(drawing.width)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = width, height
        drawing.initialFontName = fonts.sans.regular
        flowable = DrawingForm(drawing, "kzrs-logo")
    flowable.hAlign = "LEFT"
    return flowable


def svg_drawing(root: Any, font_map: Any = None) -> Any:
    """svglib's ReportLab drawing of a checked SVG tree, or None when svglib cannot draw it.

    ``font_map`` (an svglib font map) picks the fonts of the SVG's text.
    """
    from svglib.svglib import SvgRenderer

    try:
        return SvgRenderer("logo.svg", font_map=font_map).render(root)
    except Exception:  # svglib raises whatever its input makes it raise
        return None


class DrawingForm(Flowable):  # type: ignore[misc]
    """A drawing kept once in the PDF as a form XObject (a reusable vector picture)."""

    def __init__(self, drawing: Any, name: str) -> None:
        super().__init__()
        self.drawing, self.name = drawing, name
        self.width, self.height = float(drawing.width), float(drawing.height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The drawing's own size."""
        return self.width, self.height

    def draw(self) -> None:
        """Define the form on the first use in a canvas, then place it."""
        canv = self.canv
        if not canv.hasForm(self.name):
            canv.beginForm(self.name, lowerx=0, lowery=0, upperx=self.width, uppery=self.height)
            renderPDF.draw(self.drawing, canv, 0, 0)
            canv.endForm()
        canv.doForm(self.name)
