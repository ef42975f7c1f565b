"""Figures: an SVG chart drawn as vectors with svglib, in the theme's embedded fonts."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Paragraph
from svglib.svglib import svg2rlg

from kzrs_reports.document import nodes
from kzrs_reports.writers.pdf.flowables import FigureFlowable
from kzrs_reports.writers.pdf.fonts import FontSet, ThemeFontMap


def load_drawing(figure: nodes.Figure, fonts: FontSet) -> Drawing:
    """Read ``figure.vector`` into a ReportLab drawing whose text uses the theme's fonts.

    Raises :class:`FileNotFoundError` naming the path when the SVG is missing and
    :class:`ValueError` when it cannot be read as SVG.
    """
    path = Path(figure.vector)
    if not path.is_file():
        raise FileNotFoundError(
            f"figure {figure.number} ({figure.chart!r}): SVG file not found: {path}"
        )
    drawing = svg2rlg(path, font_map=ThemeFontMap(fonts))
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError(f"figure {figure.number} ({figure.chart!r}): unreadable SVG: {path}")
    # The renderer's starting font (Helvetica by default) would land in the page resources.
    drawing.initialFontName = fonts.sans.regular
    return drawing


def figure_flowable(
    figure: nodes.Figure, fonts: FontSet, caption: Paragraph, max_height: float
) -> FigureFlowable:
    """The figure's drawing, scaled to ``figure.width`` of the available width, over ``caption``.

    The drawing and caption together never exceed ``max_height`` points.
    """
    if not 0 < figure.width <= 1:
        raise ValueError(f"figure {figure.number}: width {figure.width} is not in (0, 1]")
    drawing = load_drawing(figure, fonts)
    return FigureFlowable(drawing, figure.width, caption, gap=6, max_height=max_height)
