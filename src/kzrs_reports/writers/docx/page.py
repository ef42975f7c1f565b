"""Page furniture: A4 sections with the theme's margins, the marking and "Page X of Y"."""

from __future__ import annotations

import re
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Emu, Length, Mm

from kzrs_reports.document.nodes import Metadata
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.inline import clean_text
from kzrs_reports.writers.docx.styles import StyleIds

A4 = (Mm(210), Mm(297))
_PAGE_TOKENS = re.compile(r"(\{page\}|\{pages\})")


def text_width(theme: Theme) -> Length:
    """The width between the left and right margins."""
    page = theme.page
    return Emu(A4[0] - Mm(page.margin_left_mm) - Mm(page.margin_right_mm))


def text_height(theme: Theme) -> Length:
    """The height between the top and bottom margins."""
    page = theme.page
    return Emu(A4[1] - Mm(page.margin_top_mm) - Mm(page.margin_bottom_mm))


def setup_sections(document: Any, theme: Theme, meta: Metadata, styles: StyleIds) -> None:
    """Size every section to A4 with the theme's margins and give it header and footer."""
    page = theme.page
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.top_margin = Mm(page.margin_top_mm)
        section.bottom_margin = Mm(page.margin_bottom_mm)
        section.left_margin = Mm(page.margin_left_mm)
        section.right_margin = Mm(page.margin_right_mm)
        section.header_distance = Mm(min(10.0, page.margin_top_mm / 2))
        section.footer_distance = Mm(min(10.0, page.margin_bottom_mm / 2))
        section.different_first_page_header_footer = False
        _header(section.header, meta, styles)
        _footer(section.footer, meta, styles)


def _header(header: Any, meta: Metadata, styles: StyleIds) -> None:
    """The header: the classification marking, centred."""
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    styles.style_paragraph(paragraph, "Marking")
    if meta.classification:
        paragraph.add_run(clean_text(meta.classification))


def _footer(footer: Any, meta: Metadata, styles: StyleIds) -> None:
    """The footer: the page label with PAGE and NUMPAGES fields, then the marking, centred.

    The marking is the last line of the page, as banner markings go (and as in the PDF).
    """
    footer.is_linked_to_previous = False
    label = footer.paragraphs[0]
    styles.style_paragraph(label, "Footer")
    for piece in _PAGE_TOKENS.split(meta.labels.page):
        if piece == "{page}":
            oxml.simple_complex_field(label._p, "PAGE", "1")
        elif piece == "{pages}":
            oxml.simple_complex_field(label._p, "NUMPAGES", "1")
        elif piece:
            label.add_run(clean_text(piece))
    marking = styles.add_paragraph(footer, "Marking")
    if meta.classification:
        marking.add_run(clean_text(meta.classification))
