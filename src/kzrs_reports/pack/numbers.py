"""Pack page numbers: every page of the bound pack stamped "Pack page n of N" (the label
``pack.stamp``, in the labels' words).

Each document keeps its own "Page x of y" in its footer; the pack number goes in the top
right corner, on the baseline of the page's own marking (the one place every house style
leaves empty), so a reader holding the printed pack can find the page the cover names. The
stamps are drawn by ReportLab into one overlay PDF (one page per pack page, each the size of
the page it covers) and merged onto the pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kzrs_reports.document.layout import PageGeometry, page_label
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.pdf.fonts import register_fonts

SIZE = 7.5
"""The stamp's size in points: smaller than the marking beside it."""


def stamp_pack_numbers(
    writer: PdfWriter, baselines_mm: Sequence[float], label: str, theme: Theme
) -> None:
    """Stamp every page of ``writer`` with its pack page number, in ``theme``'s font.

    ``label`` is the stamp with ``{page}`` and ``{pages}`` to fill in. ``baselines_mm`` gives,
    page by page, the stamp's baseline in mm below the page's top edge. The stamp is
    right-aligned to the house style's right margin, measured from each page's own right
    edge, so an annex of another paper size is numbered in its own corner.
    """
    font = register_fonts(theme).sans.regular
    right = PageGeometry.of(theme).right_mm * mm
    pages = writer.pages
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True, initialFontName=font)
    for number, (page, below_top) in enumerate(zip(pages, baselines_mm, strict=True), start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        canvas.setPageSize((width, height))
        canvas.setFont(font, SIZE)
        canvas.setFillColor(colors.HexColor(theme.colours.muted))
        x = float(box.left) + width - right
        y = float(box.top) - below_top * mm
        canvas.drawRightString(x, y, page_label(label, number, len(pages)))
        canvas.showPage()
    canvas.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    for page, stamp in zip(pages, overlay.pages, strict=True):
        page.merge_page(stamp, over=True)
