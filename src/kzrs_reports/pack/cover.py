"""The pack's cover sheet: title, marking, date and the contents with each document's page.

Drawn with ReportLab in the house style (the default template set's fonts and colours), the
marking at the head and foot of the page as on every document of the pack.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kzrs_reports.templates import cached_template_set
from kzrs_reports.writers.pdf.fonts import register_fonts

MARKING_FROM_TOP_MM = 14.0
"""The baseline of the cover's top marking, below the top edge."""


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """One document as the cover lists it."""

    title: str
    what: str
    """The kind of document (``Brief``, ``Summary``…), or ``Annex``."""
    marking: str
    page: int
    """The pack page it starts on (1 = the cover's first page)."""


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says."""

    title: str
    marking: str
    date: dt.date
    edition: str | None
    contents: Sequence[ContentsLine]


def cover_pdf(cover: Cover) -> bytes:
    """The cover sheet as PDF bytes, the same bytes for the same cover."""
    theme = cached_template_set(None).theme
    fonts = register_fonts(theme)
    ink = colors.HexColor(theme.colours.text)
    primary = colors.HexColor(theme.colours.primary)
    marking_colour = colors.HexColor(theme.colours.marking)
    sans, serif = fonts.sans, fonts.serif

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, **{"fontName": serif.regular, "textColor": ink, **kw})

    title = style("title", fontName=sans.bold, fontSize=24, leading=30, textColor=primary)
    meta = style("meta", fontName=sans.regular, fontSize=11, leading=15)
    heading = style("heading", fontName=sans.bold, fontSize=13, leading=17, textColor=primary)
    cell = style("cell", fontSize=10.5, leading=13.5)
    head = style("head", fontName=sans.bold, fontSize=9.5, leading=12)
    what = style("what", fontName=sans.bold, fontSize=10.5, leading=13.5)
    number = style("number", fontSize=10.5, leading=13.5, alignment=TA_RIGHT)
    number_head = style(
        "number_head", fontName=sans.bold, fontSize=9.5, leading=12, alignment=TA_RIGHT
    )

    dated = cover.date.strftime("%-d %B %Y")
    edition = f" · Edition {escape(cover.edition)}" if cover.edition else ""
    rows: list[list[Any]] = [
        [Paragraph(h, head) for h in ("", "Document", "Marking")]
        + [Paragraph("Page", number_head)],
        *(
            [
                Paragraph(str(n), cell),
                [Paragraph(escape(line.what), what), Paragraph(escape(line.title), cell)],
                Paragraph(escape(line.marking), cell),
                Paragraph(str(line.page), number),
            ]
            for n, line in enumerate(cover.contents, start=1)
        ),
    ]
    table = Table(rows, colWidths=[10 * mm, 96 * mm, 44 * mm, 14 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # cells hold paragraphs; the cell font only keeps Helvetica out of the PDF
                ("FONTNAME", (0, 0), (-1, -1), sans.regular),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, primary),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor(theme.colours.rule)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story = [
        Spacer(1, 30 * mm),
        Paragraph(escape(cover.title), title),
        Spacer(1, 4 * mm),
        Paragraph(f"{escape(dated)}{edition}", meta),
        Spacer(1, 16 * mm),
        Paragraph("Contents of this pack", heading),
        Spacer(1, 3 * mm),
        table,
    ]

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(sans.bold, 11)
        canvas.setFillColor(marking_colour)
        width, height = A4
        canvas.drawCentredString(width / 2, height - MARKING_FROM_TOP_MM * mm, cover.marking)
        canvas.drawCentredString(width / 2, 10 * mm, cover.marking)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=24 * mm,
        bottomMargin=22 * mm,
        leftMargin=24 * mm,
        rightMargin=22 * mm,
        title=cover.title,
        subject=cover.marking,
        invariant=True,
        initialFontName=sans.regular,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()
