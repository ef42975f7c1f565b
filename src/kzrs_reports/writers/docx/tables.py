"""Tables and callout boxes: the layout both writers share, built in Word."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Length

from kzrs_reports.document.layout import (
    CALLOUT_PADDING_PT,
    CALLOUT_RULE_PT,
    CalloutLook,
    TableLayout,
    rows_kept_with_intro,
)
from kzrs_reports.document.nodes import Table
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.inline import InlineWriter, RunStyle
from kzrs_reports.writers.docx.styles import TABLE_STYLE

_ALIGN = {
    "left": str(WD_ALIGN_PARAGRAPH.LEFT.xml_value),
    "right": str(WD_ALIGN_PARAGRAPH.RIGHT.xml_value),
    "center": str(WD_ALIGN_PARAGRAPH.CENTER.xml_value),
}
"""A column's alignment as ``w:jc`` gives it."""
CALLOUT_PADDING_TWIPS = round(CALLOUT_PADDING_PT * 20)
"""Padding inside a callout box, on every side, in twips (twentieths of a point)."""


def add_table(container: Any, rows: int, cols: int) -> Any:
    """A new table at the end of ``container`` (the body or a cell), with nothing after it.

    The caller always adds a paragraph after it (a caption or a spacer), which also gives a
    cell the closing paragraph Word requires.
    """
    word = container.add_table(rows=rows, cols=cols)
    oxml.drop_empty_paragraph_after(word._tbl)
    return word


def build_table(
    container: Any, table: Table, width: Length, inline: InlineWriter, theme: Theme
) -> Any:
    """Add ``table`` to ``container`` in the "Brief Table" style and return the Word table.

    The header row repeats on every page, no row splits, widths are fixed; a key–value table
    has no header and prints its first column in bold.
    """
    layout = TableLayout.of(table)
    columns = tuple(Emu(int(width * fraction)) for fraction in layout.fractions)
    word = add_table(container, len(layout.rows), layout.columns)
    inline.styles.style_table(word, TABLE_STYLE)
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    word.autofit = False
    oxml.fixed_layout(word._tbl)
    oxml.table_look(word._tbl, first_row=bool(layout.header_rows), banded_rows=True)
    for column, column_width in zip(word.columns, columns, strict=True):
        column.width = column_width
    for index, (word_row, row) in enumerate(zip(word.rows, layout.rows, strict=True)):
        is_header = index < layout.header_rows
        oxml.cant_split(word_row._tr)
        if is_header:
            oxml.repeat_header(word_row._tr)
        for col, (cell, node) in enumerate(zip(word_row.cells, row, strict=True)):
            cell.width = columns[col]
            paragraph = cell.paragraphs[0]
            inline.styles.style_paragraph(paragraph, "Table Header" if is_header else "Table Text")
            oxml.align(paragraph._p, _ALIGN[layout.align[col]])
            if is_header:
                oxml.shade_cell(cell._tc, theme.colours.table_header_fill)
            inline.write(paragraph, node.children, RunStyle(bold=layout.is_label(index, col)))
    return word


def keep_last_row_with_next(word_table: Any) -> None:
    """Keep a table's last row on the page of the paragraph after it (its caption)."""
    _keep_row_with_next(word_table.rows[-1])


def keep_top_rows_together(word_table: Any, table: Table) -> None:
    """Keep the header and first rows of ``table`` (built as ``word_table``) on one page,
    the page of the paragraph that introduces it: each keeps with the row after it.

    How many rows: :func:`~kzrs_reports.document.layout.rows_kept_with_intro`.
    """
    kept = TableLayout.of(table).header_rows + rows_kept_with_intro(table)
    for row in word_table.rows[: kept - 1]:
        _keep_row_with_next(row)


def _keep_row_with_next(row: Any) -> None:
    """Word keeps a row with the next when every paragraph in it keeps with the next."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            oxml.keep_with_next(paragraph._p)


def callout_box(container: Any, width: Length, look: CalloutLook) -> Any:
    """Add a one-cell shaded box (with a left rule if ``look`` has one) and return its cell."""
    word = add_table(container, 1, 1)
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    word.autofit = False
    oxml.fixed_layout(word._tbl)
    oxml.table_look(word._tbl, first_row=False, banded_rows=False)
    word.columns[0].width = width
    cell = word.cell(0, 0)
    cell.width = width
    oxml.shade_cell(cell._tc, look.fill)
    rule = (look.rule, round(CALLOUT_RULE_PT * 8)) if look.rule else None  # eighths of a point
    oxml.cell_borders(cell._tc, left=rule)
    oxml.cell_margins(cell._tc, CALLOUT_PADDING_TWIPS)
    return cell


def inner_width(width: Length) -> Length:
    """The text width inside a callout box of ``width``."""
    return Emu(int(width) - 2 * CALLOUT_PADDING_TWIPS * 635)
