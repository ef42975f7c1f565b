"""Page furniture: sections of the theme's paper and margins, the marking and "Page X of Y"."""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from kzrs_reports.document.layout import PageGeometry, PageNumber, page_label_parts
from kzrs_reports.document.nodes import Metadata
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.inline import clean_text
from kzrs_reports.writers.docx.styles import StyleIds


def setup_sections(document: Any, theme: Theme, meta: Metadata, styles: StyleIds) -> None:
    """Size every section to the theme's paper and margins and give it header and footer.

    With a reference document (``word.reference`` in the theme) the sections keep the page
    setup the document took from it; only the header and footer are written.
    """
    page = PageGeometry.of(theme)
    for section in document.sections:
        if theme.word is None:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
            section.top_margin = Mm(page.top_mm)
            section.bottom_margin = Mm(page.bottom_mm)
            section.left_margin = Mm(page.left_mm)
            section.right_margin = Mm(page.right_mm)
            section.header_distance = Mm(min(10.0, page.marking_from_top_mm))
            section.footer_distance = Mm(min(10.0, page.bottom_mm / 2))
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
    for part in page_label_parts(meta.labels.page):
        if isinstance(part, PageNumber):
            field = "PAGE" if part.which == "page" else "NUMPAGES"
            oxml.simple_complex_field(label._p, field, "1")
        else:
            label.add_run(clean_text(part))
    marking = styles.add_paragraph(footer, "Marking")
    if meta.classification:
        marking.add_run(clean_text(meta.classification))
