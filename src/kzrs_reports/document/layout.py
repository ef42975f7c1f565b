"""Layout facts both writers need, decided once: each writer only converts them to its units.

The page's geometry, how tall a figure may be, how a table shares its width, which blocks
keep with the block after them, what a caption and a page label say, how each kind of callout
is set off. Lengths are in millimetres or points as named; the PDF writer turns them into
points, the DOCX writer into EMUs and twips. Only facts live here, never a library's objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kzrs_reports.document import nodes as n
from kzrs_reports.templates.theme import Theme

PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0)}
"""Width and height of each paper size a house style may name, portrait."""

FIGURE_HEIGHT_SHARE = 0.8
"""The tallest a figure's picture may be, as a share of the text height: a very tall chart
(a timeline of many milestones) is narrowed so its page keeps room for a heading and the
caption."""

CALLOUT_PADDING_PT = 9.0
"""Inner padding of a callout box, on every side, in points."""

CALLOUT_RULE_PT = 3.0
"""Width of the bar down a warning callout's left side, in points."""

ROWS_KEPT_WITH_INTRO = 2
"""Body rows of a table that share a page with the heading or paragraph introducing it (with
the header row): the rest of a long table may run on to the next page."""

MARKING_FROM_BOTTOM_MM = 7.0
"""The baseline of the marking at the foot of every page, above the bottom edge."""


_PAGE_TOKENS = re.compile(r"(\{page\}|\{pages\})")


@dataclass(frozen=True, slots=True)
class PageNumber:
    """A number a page label shows: this page's (``page``) or the page count (``pages``)."""

    which: Literal["page", "pages"]


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """The page of a house style, in millimetres: paper, margins and the text area."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float

    @classmethod
    def of(cls, theme: Theme) -> PageGeometry:
        """The geometry of ``theme``'s page."""
        page = theme.page
        width, height = PAPER_MM[page.size]
        return cls(
            width,
            height,
            page.margin_top_mm,
            page.margin_bottom_mm,
            page.margin_left_mm,
            page.margin_right_mm,
        )

    @property
    def text_width_mm(self) -> float:
        """The width between the left and right margins."""
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def text_height_mm(self) -> float:
        """The height between the top and bottom margins."""
        return self.height_mm - self.top_mm - self.bottom_mm

    @property
    def marking_from_top_mm(self) -> float:
        """The baseline of the marking at the head of every page, below the top edge: in the
        middle of the top margin (a pack's page numbers stand on it too)."""
        return self.top_mm / 2


@dataclass(frozen=True, slots=True)
class TableLayout:
    """How a (validated) table shares its width and which of its rows are which."""

    fractions: tuple[float, ...]
    """Each column's share of the table's width; they add up to 1."""
    align: tuple[Literal["left", "right", "center"], ...]
    header_rows: int
    """1 when the header row repeats on every page the table spans, else 0."""
    rows: tuple[tuple[n.TableCell, ...], ...]
    """Every row in print order, the header first."""
    keyvalue: bool = False
    """True for a key–value table, whose first column is printed as labels."""

    @classmethod
    def of(cls, table: n.Table) -> TableLayout:
        """The layout of ``table``, which :func:`~kzrs_reports.document.validate.check_document`
        has passed."""
        header = (table.header,) if table.header else ()
        total = sum(table.widths)
        return cls(
            tuple(w / total for w in table.widths),
            table.align,
            len(header),
            header + table.rows,
            table.role == "keyvalue",
        )

    @property
    def columns(self) -> int:
        """The number of columns."""
        return len(self.fractions)

    def is_label(self, row: int, column: int) -> bool:
        """True for a cell printed as a label: the first column of a key–value table."""
        return self.keyvalue and column == 0 and row >= self.header_rows


def keeps_with_next(blocks: Sequence[n.Block]) -> tuple[bool, ...]:
    """For each of ``blocks`` (one sequence: a document's, or a callout's children), whether it
    must share a page with the start of the block after it.

    A heading keeps with whatever follows it, so no page ends with a heading; a paragraph
    directly followed by a figure or a table introduces it, so it keeps with the figure, or
    with the table's header and first :data:`ROWS_KEPT_WITH_INTRO` rows (a heading before
    the paragraph comes along too). Nothing keeps with a page break or with nothing.
    """
    keeps: list[bool] = []
    for block, after in zip(blocks, [*blocks[1:], None], strict=True):
        if after is None or isinstance(after, n.PageBreak):
            keeps.append(False)
        elif isinstance(block, n.Heading):
            keeps.append(True)
        else:
            keeps.append(isinstance(block, n.Paragraph) and isinstance(after, n.Figure | n.Table))
    return tuple(keeps)


def rows_kept_with_intro(table: n.Table) -> int:
    """How many of ``table``'s body rows stay with what introduces it: the first
    :data:`ROWS_KEPT_WITH_INTRO`, or all of a shorter table."""
    return min(ROWS_KEPT_WITH_INTRO, len(table.rows))


def picture_size(
    available_width: float, fraction: float, aspect: float, text_height: float
) -> tuple[float, float]:
    """Width and height of a figure's picture, in the unit of the lengths given: ``fraction``
    of the width available, narrowed when that would be taller than
    :data:`FIGURE_HEIGHT_SHARE` of the text height. ``aspect`` is height divided by width."""
    width = min(available_width * fraction, text_height * FIGURE_HEIGHT_SHARE / aspect)
    return width, width * aspect


def caption_label(pattern: str, number: int) -> str:
    """What comes before a caption: ``Figure 3.`` from the label ``Figure {n}``; empty for an
    unnumbered caption."""
    return f"{pattern.replace('{n}', str(number))}." if number else ""


def page_label_parts(pattern: str) -> list[str | PageNumber]:
    """A page label such as ``Page {page} of {pages}`` as the text around its numbers and the
    numbers it shows: ``["Page ", PageNumber("page"), " of ", PageNumber("pages")]``."""
    parts: list[str | PageNumber] = []
    for piece in _PAGE_TOKENS.split(pattern):
        if piece in ("{page}", "{pages}"):
            parts.append(PageNumber("page" if piece == "{page}" else "pages"))
        elif piece:
            parts.append(piece)
    return parts


def page_label(pattern: str, page: int, pages: int | None) -> str:
    """``pattern`` with this page's number and the page count (``?`` while it is unknown)."""
    numbers = {"page": str(page), "pages": str(pages) if pages else "?"}
    parts = page_label_parts(pattern)
    return "".join(numbers[p.which] if isinstance(p, PageNumber) else p for p in parts)


@dataclass(frozen=True, slots=True)
class CalloutLook:
    """How a kind of callout is set off: its fill and, for a warning, a bar down its left."""

    fill: str
    rule: str | None = None
    """The bar's colour, or None for no bar."""


def callout_look(theme: Theme, kind: Literal["summary", "note", "warning"]) -> CalloutLook:
    """The look of a callout of ``kind`` in ``theme``."""
    colours = theme.colours
    if kind == "warning":
        return CalloutLook(colours.warning_fill, colours.warning_rule)
    return CalloutLook(colours.summary_fill if kind == "summary" else colours.note_fill)


def heading_colour(theme: Theme, level: int) -> str:
    """The colour of a heading of ``level`` (1–3): the house's primary colour at every level."""
    return theme.colours.primary
