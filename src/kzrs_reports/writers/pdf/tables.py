"""Tables: geometry in a small helper model, then the platypus ``Table`` and its style.

Cells are paragraphs (so text wraps); column widths are percentages of whatever width the
table gets (so a table inside a callout fits too); the header row repeats on every page and
rows are never split across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus import TableStyle as RLTableStyle

from kzrs_reports.document import nodes
from kzrs_reports.writers.pdf.flowables import BriefParagraph
from kzrs_reports.writers.pdf.styles import Styles, colour

Markup = Callable[[tuple[nodes.Inline, ...]], str]

CELL_PADDING = 4.0
"""Horizontal cell padding in points."""


@dataclass(frozen=True, slots=True)
class TableGeometry:
    """The shape of a table: column count, percentage widths, header and body row counts."""

    columns: int
    widths: tuple[str, ...]
    header_rows: int
    body_rows: int

    @classmethod
    def of(cls, table: nodes.Table) -> TableGeometry:
        """Check ``table``'s shape and compute its geometry; ragged rows raise ValueError."""
        columns = len(table.widths)
        if columns == 0 or len(table.align) != columns:
            raise ValueError(
                f"table has {columns} widths and {len(table.align)} alignments; "
                "both must give one value per column"
            )
        for index, row in enumerate(((table.header,) if table.header else ()) + table.rows):
            if len(row) != columns:
                raise ValueError(f"table row {index + 1} has {len(row)} cells, expected {columns}")
        total = sum(table.widths) or 1.0
        widths = tuple(f"{100.0 * width / total:.4f}%" for width in table.widths)
        return cls(columns, widths, 1 if table.header else 0, len(table.rows))


class BriefTable(Table):  # type: ignore[misc]
    """A table that never splits a row, unless the row is taller than a whole page.

    Such a row (a cell of very long text) is split across pages at the top of a fresh page,
    instead of failing the whole layout.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split between rows; at the top of a page, within the row if nothing else fits."""
        parts: list[Any] = super().split(availWidth, availHeight)
        frame = getattr(self, "_frame", None)
        in_row = bool(self.__dict__.get("splitInRow"))
        if parts or in_row or not getattr(frame, "_atTop", False):
            return parts
        self.splitInRow = 1
        try:
            return list(super().split(availWidth, availHeight))
        finally:
            self.splitInRow = 0


def build_table(table: nodes.Table, styles: Styles, markup: Markup) -> Table:
    """The platypus table for ``table`` (caption not included)."""
    geometry = TableGeometry.of(table)
    keyvalue = table.role == "keyvalue"
    data: list[list[BriefParagraph]] = []
    if table.header:
        data.append(
            [
                BriefParagraph(markup(cell.children), styles.aligned(styles.header_cell, align))
                for cell, align in zip(table.header, table.align, strict=True)
            ]
        )
    for row in table.rows:
        cells = []
        for index, (cell, align) in enumerate(zip(row, table.align, strict=True)):
            base = styles.label_cell if keyvalue and index == 0 else styles.cell
            cells.append(BriefParagraph(markup(cell.children), styles.aligned(base, align)))
        data.append(cells)
    flowable = BriefTable(
        data,
        colWidths=list(geometry.widths),
        repeatRows=geometry.header_rows,
        splitByRow=1,
        splitInRow=0,
        hAlign="LEFT",
    )
    flowable.setStyle(_table_style(geometry, styles, keyvalue))
    return flowable


def _table_style(geometry: TableGeometry, styles: Styles, keyvalue: bool) -> RLTableStyle:
    colours = styles.theme.colours
    rule = colour(colours.rule)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        # Cells hold paragraphs; the cell font only keeps Helvetica out of the resources.
        ("FONT", (0, 0), (-1, -1), styles.fonts.sans.regular, styles.theme.sizes.table),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
    ]
    if keyvalue:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.4, rule))
    elif geometry.header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), colour(colours.table_header_fill)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour(colours.table_header_fill)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, colour(colours.table_stripe)]),
        ]
    else:
        commands.append(("ROWBACKGROUNDS", (0, 0), (-1, -1), [None, colour(colours.table_stripe)]))
    return RLTableStyle(commands)
