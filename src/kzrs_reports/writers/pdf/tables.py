"""Tables: the layout both writers share, turned into a platypus ``Table`` and its style.

Cells are paragraphs (so text wraps); column widths are percentages of whatever width the
table gets (so a table inside a callout fits too); the header row repeats on every page and
rows are never split across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus import TableStyle as RLTableStyle

from kzrs_reports.document import nodes
from kzrs_reports.document.layout import TableLayout, rows_kept_with_intro
from kzrs_reports.writers.pdf.flowables import BriefParagraph
from kzrs_reports.writers.pdf.styles import Styles, colour

Markup = Callable[[tuple[nodes.Inline, ...]], str]

CELL_PADDING = 4.0
"""Horizontal cell padding in points."""


class BriefTable(Table):  # type: ignore[misc]
    """A table that never splits a row, unless the row is taller than a whole page.

    Such a row (a cell of very long text) is split across pages at the top of a fresh page,
    instead of failing the whole layout.
    """

    kept_rows = 0
    """Rows (header included) that stay on the page of the heading or paragraph introducing
    the table: see :class:`~kzrs_reports.writers.pdf.flowables.KeepWithNext`."""

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
    layout = TableLayout.of(table)
    data: list[list[BriefParagraph]] = []
    for index, row in enumerate(layout.rows):
        if index < layout.header_rows:
            bases = [styles.header_cell] * layout.columns
        else:
            bases = [
                styles.label_cell if layout.is_label(index, column) else styles.cell
                for column in range(layout.columns)
            ]
        data.append(
            [
                BriefParagraph(markup(cell.children), styles.aligned(base, align))
                for cell, base, align in zip(row, bases, layout.align, strict=True)
            ]
        )
    flowable = BriefTable(
        data,
        colWidths=[f"{100.0 * fraction:.4f}%" for fraction in layout.fractions],
        repeatRows=layout.header_rows,
        splitByRow=1,
        splitInRow=0,
        hAlign="LEFT",
    )
    flowable.setStyle(_table_style(layout, styles))
    flowable.kept_rows = layout.header_rows + rows_kept_with_intro(table)
    return flowable


def _table_style(layout: TableLayout, styles: Styles) -> RLTableStyle:
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
    if layout.keyvalue:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.4, rule))
    elif layout.header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), colour(colours.table_header_fill)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour(colours.table_header_fill)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, colour(colours.table_stripe)]),
        ]
    else:
        commands.append(("ROWBACKGROUNDS", (0, 0), (-1, -1), [None, colour(colours.table_stripe)]))
    return RLTableStyle(commands)
