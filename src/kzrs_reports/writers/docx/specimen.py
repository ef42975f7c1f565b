"""A reference document to start a house's Word template from (``kzrs-reports reference-docx``).

It holds the styles, numbering and page setup the Word document of a brief gets from a
theme, and one specimen of each style: a paragraph named after its style, a list of each
kind, a table in the "Brief Table" style and a link, with the marking and page label in the
header and footer. Restyle it in Word (or with python-docx) and name it in ``theme.yaml``;
its content is never used.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE

from kzrs_reports.document.nodes import Metadata
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.page import setup_sections
from kzrs_reports.writers.docx.styles import BRIEF_STYLES, TABLE_STYLE, StyleIds
from kzrs_reports.writers.docx.writer import (
    docx_zip,
    package_entries,
    set_properties,
    styled_template,
)

SPECIMEN_TITLE = "Reference document"
"""The specimen's title (its document property, and the text of its Title paragraph)."""
_LISTS = ("List Bullet", "List Number")


def reference_docx(theme: Theme, language: str = "en-GB") -> bytes:
    """A .docx of ``theme``'s Word styles with a specimen of each; the same bytes every time.

    With a theme that names a reference document, the styles are that document's (and the
    shipped ones it lacks): what a brief in that house style gets.
    """
    template = styled_template(theme, language)
    word = docx.Document(io.BytesIO(template.data))
    styles = StyleIds(word.styles)
    meta = Metadata(title=SPECIMEN_TITLE, author="", language=language, classification="MARKING")
    setup_sections(word, theme, meta, styles)
    for name in BRIEF_STYLES:
        if name in ("Header", "Footer", "Marking", TABLE_STYLE) or name in _LISTS:
            continue
        if word.styles[name].type == WD_STYLE_TYPE.CHARACTER:
            paragraph = styles.add_paragraph(word, "Normal")
            styles.add_run(paragraph, "Text in the ")
            styles.add_run(paragraph, name, name)
            styles.add_run(paragraph, " style.")
            continue
        text = SPECIMEN_TITLE if name == "Title" else f"{name}: text in this style."
        styles.add_run(styles.add_paragraph(word, name), text)
    for name in _LISTS:
        for item in ("first item", "second item"):
            styles.add_run(styles.add_paragraph(word, name), f"{name}: {item}.")
    _specimen_table(word, styles)
    set_properties(word, meta)
    _drop_thumbnail(word)
    entries = package_entries(word)
    entries["docProps/app.xml"] = oxml.app_properties(company="", pages=1)
    return docx_zip(entries)


def _specimen_table(word: Any, styles: StyleIds) -> None:
    """A three-row table in the "Brief Table" style, header row and body rows."""
    table = word.add_table(rows=3, cols=2)
    styles.style_table(table, TABLE_STYLE)
    for row, cells in enumerate(table.rows):
        for column, cell in enumerate(cells.cells):
            paragraph = cell.paragraphs[0]
            styles.style_paragraph(paragraph, "Table Header" if row == 0 else "Table Text")
            text = f"{TABLE_STYLE}: header" if row == 0 else f"row {row}, column {column + 1}"
            styles.add_run(paragraph, text)
    oxml.repeat_header(table.rows[0]._tr)


def _drop_thumbnail(word: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = word.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(r_id)
