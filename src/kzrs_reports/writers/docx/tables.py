"""Tables and callout boxes: geometry computed apart from the visitor, then built in Word."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Length

from kzrs_reports.document.nodes import Table, TableCell
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.inline import InlineWriter, RunStyle
from kzrs_reports.writers.docx.styles import TABLE_STYLE

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
CALLOUT_PADDING_TWIPS = 140
"""Padding inside a callout box, on every side."""


@dataclass(frozen=True, slots=True)
class TableGeometry:
    """Column widths and alignments of a table laid out in a given width."""

    columns: tuple[Length, ...]
    align: tuple[Any, ...]

    @classmethod
    def of(cls, table: Table, width: Length) -> TableGeometry:
        """Share ``width`` between the columns in proportion to ``table.widths``."""
        count = max(
            [len(table.widths), len(table.header), *(len(row) for row in table.rows)], default=1
        )
        weights = list(table.widths[:count])
        weights += [0.0] * (count - len(weights))
        if sum(weights) <= 0 or any(w <= 0 for w in weights):
            weights = [1.0] * count
        total = sum(weights)
        columns = tuple(Emu(int(width * w / total)) for w in weights)
        align = tuple(
            _ALIGN[table.align[i]] if i < len(table.align) else _ALIGN["left"] for i in range(count)
        )
        return cls(columns, align)


def add_table(container: Any, rows: int, cols: int) -> Any:
    """A new table at the end of ``container`` (the body or a cell), with nothing after it.

    The caller always adds a paragraph after it (a caption or a spacer), which also gives a
    cell the closing paragraph Word requires.
    """
    word = container.add_table(rows=rows, cols=cols)
    oxml.drop_empty_paragraph_after(word._tbl)
    return word


def _cells(row: tuple[TableCell, ...], count: int) -> tuple[TableCell, ...]:
    """``row`` padded with empty cells to ``count`` columns."""
    return row + (TableCell(()),) * (count - len(row))


def build_table(
    container: Any, table: Table, width: Length, inline: InlineWriter, theme: Theme
) -> Any:
    """Add ``table`` to ``container`` in the "Brief Table" style and return the Word table.

    The header row repeats on every page, no row splits, widths are fixed; a key–value table
    has no header and prints its first column in bold.
    """
    geometry = TableGeometry.of(table, width)
    count = len(geometry.columns)
    rows: list[tuple[TableCell, ...]] = []
    if table.header:
        rows.append(_cells(table.header, count))
    rows.extend(_cells(row, count) for row in table.rows)
    word = add_table(container, len(rows), count)
    inline.styles.style_table(word, TABLE_STYLE)
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    word.autofit = False
    oxml.fixed_layout(word._tbl)
    oxml.table_look(word._tbl, first_row=bool(table.header), banded_rows=True)
    for column, column_width in zip(word.columns, geometry.columns, strict=True):
        column.width = column_width
    for index, (word_row, row) in enumerate(zip(word.rows, rows, strict=True)):
        is_header = index == 0 and bool(table.header)
        oxml.cant_split(word_row._tr)
        if is_header:
            oxml.repeat_header(word_row._tr)
        for col, (cell, node) in enumerate(zip(word_row.cells, row, strict=True)):
            cell.width = geometry.columns[col]
            paragraph = cell.paragraphs[0]
            inline.styles.style_paragraph(paragraph, "Table Header" if is_header else "Table Text")
            paragraph.alignment = geometry.align[col]
            if is_header:
                oxml.shade_cell(cell._tc, theme.colours.table_header_fill)
            bold = table.role == "keyvalue" and col == 0
            inline.write(paragraph, node.children, RunStyle(bold=bold))
    return word


def keep_last_row_with_next(word_table: Any) -> None:
    """Keep a table's last row on the page of the paragraph after it (its caption)."""
    for cell in word_table.rows[-1].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def callout_box(container: Any, width: Length, fill: str, rule: str | None) -> Any:
    """Add a one-cell shaded box (with an optional left rule) and return its cell."""
    word = add_table(container, 1, 1)
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    word.autofit = False
    oxml.fixed_layout(word._tbl)
    oxml.table_look(word._tbl, first_row=False, banded_rows=False)
    word.columns[0].width = width
    cell = word.cell(0, 0)
    cell.width = width
    oxml.shade_cell(cell._tc, fill)
    oxml.cell_borders(cell._tc, left=(rule, 24) if rule else None)
    oxml.cell_margins(cell._tc, CALLOUT_PADDING_TWIPS)
    return cell


def inner_width(width: Length) -> Length:
    """The text width inside a callout box of ``width``."""
    return Emu(int(width) - 2 * CALLOUT_PADDING_TWIPS * 635)
