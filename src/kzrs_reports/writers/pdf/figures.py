"""Figures: an SVG chart drawn as vectors with svglib, in the theme's embedded fonts."""

from __future__ import annotations

import errno
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Paragraph

from kzrs_reports.document import nodes
from kzrs_reports.writers.pdf.drawings import drawing_key, drawing_path, keep_drawing, read_drawing
from kzrs_reports.writers.pdf.flowables import FigureFlowable
from kzrs_reports.writers.pdf.fonts import FontSet

CACHED_DRAWINGS = 16
"""How many converted SVG drawings a process keeps for later builds."""

_drawings: OrderedDict[tuple[str, str, FontSet], Drawing] = OrderedDict()
_lock = threading.Lock()
conversions = 0
"""How many SVGs this process has converted (for tests: a kept drawing is not converted)."""


def load_drawing(figure: nodes.Figure, fonts: FontSet) -> Drawing:
    """Read ``figure.vector`` into a ReportLab drawing whose text uses the theme's fonts.

    Converting an SVG is a large share of a PDF build, and a chart whose data did not change
    keeps its bytes, so drawings are kept per process by path, content hash and fonts: a
    rebuild (``watch``) converts only the charts that changed. They are kept on disk beside
    the SVG too (:mod:`.drawings`), so a new process converts only the charts that changed.
    Drawings are only read, never changed, once made.

    Raises :class:`FileNotFoundError` naming the path when the SVG is missing and
    :class:`ValueError` when it cannot be read as SVG.
    """
    path = Path(figure.vector)
    if not path.is_file():
        message = f"the SVG file of figure {figure.number} ({figure.chart!r}) is missing"
        raise FileNotFoundError(errno.ENOENT, message, str(path))
    data = path.read_bytes()
    svg_digest = hashlib.sha256(data).hexdigest()
    key = (str(path), svg_digest, fonts)
    with _lock:
        drawing = _drawings.get(key)
        if drawing is not None:
            _drawings.move_to_end(key)
            return drawing
    kept, kept_key = drawing_path(path), drawing_key(svg_digest, fonts)
    drawing = read_drawing(kept, kept_key)
    if drawing is None:
        drawing = _convert(data, path, fonts)
        if drawing is None or not drawing.width or not drawing.height:
            raise ValueError(f"figure {figure.number} ({figure.chart!r}): unreadable SVG: {path}")
        keep_drawing(kept, kept_key, drawing)
    with _lock:
        _drawings[key] = drawing
        while len(_drawings) > CACHED_DRAWINGS:
            _drawings.popitem(last=False)
    return drawing


def _convert(data: bytes, path: Path, fonts: FontSet) -> Drawing | None:
    """The SVG ``data`` of ``path`` as a drawing (:func:`.svgdraw.convert_svg`), counted."""
    global conversions
    from kzrs_reports.writers.pdf.svgdraw import convert_svg

    with _lock:
        conversions += 1
    return convert_svg(data, path, fonts)


def figure_flowable(
    figure: nodes.Figure, fonts: FontSet, caption: Paragraph, text_height: float
) -> FigureFlowable:
    """The figure's drawing, scaled to ``figure.width`` of the available width, over ``caption``.

    ``text_height`` (points) is the height of the page's text area, which bounds the drawing's.
    """
    drawing = load_drawing(figure, fonts)
    return FigureFlowable(drawing, figure.width, caption, gap=6, text_height=text_height)
