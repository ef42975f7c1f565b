"""The cover's contents as links: in the bound pack, each line of the contents table jumps to
the first page of its document.

The cover is written by the same writers as any document, and they know nothing of the
pack: a link may only go to a heading or source of the document it is in. So the links are
added at binding. Each line is found on the cover's own pages by what it prints: its number,
and on the same baseline, further right, the pack page it names; everything the writer drew
between the two is the rest of that row (cells are drawn row by row, left to right), so the
link covers the whole row, every line of a wrapped title too, from the left margin to the
right one, where the table stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit, NameObject, TextStringObject
from reportlab.lib.units import mm

from kzrs_reports.core.errors import PackError
from kzrs_reports.document.layout import PageGeometry

BASELINE_PT = 0.5
"""How far apart two runs of text may stand and still be on one baseline, in points."""

ABOVE = 1.0
"""The link's top above a row's first baseline, in the row's font size (its ascent and some
of the cell's padding)."""

BELOW = 0.5
"""The link's bottom below a row's last baseline, in the row's font size."""


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text as drawn on a page, in points from the bottom left corner."""

    text: str
    x: float
    y: float
    """Its baseline."""
    size: float


@dataclass(frozen=True, slots=True)
class Target:
    """A line of the cover's contents and where it leads."""

    number: str
    """The line's number as the cover prints it."""
    page: int
    """The pack page the line names, from 1: the first page of its document."""
    description: str
    """What the link says to a screen reader (the document's bookmark)."""


@dataclass(frozen=True, slots=True)
class Row:
    """Where a line of the contents stands: its cover page (from 0) and its top and bottom."""

    page: int
    top: float
    bottom: float


def text_runs(page: PageObject) -> list[Run]:
    """The runs of text on ``page``, in the order they were drawn."""
    runs: list[Run] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        if text.strip():
            a, b, c, d, e, f = (float(v) for v in cm)
            x, y = float(tm[4]), float(tm[5])
            scale = abs(float(tm[3]) * d) or 1.0
            runs.append(Run(text.strip(), a * x + c * y + e, b * x + d * y + f, size * scale))

    page.extract_text(visitor_text=visit)
    return runs


def find_rows(pages: Sequence[Sequence[Run]], targets: Sequence[Target]) -> list[Row]:
    """Where each of ``targets`` stands on the cover's ``pages`` (their runs in drawing
    order); the lines are looked for in order, each after the one before.

    Raises :class:`PackError` naming the first line that is not there.
    """
    rows: list[Row] = []
    page, start = 0, 0
    for target in targets:
        found = None
        while found is None and page < len(pages):
            found = _row(pages[page], start, target)
            if found is None:
                page, start = page + 1, 0
        if found is None:
            raise PackError(
                f"the cover: contents line {target.number} (pack page {target.page}) is not "
                "on its pages, so it cannot be made a link"
            )
        drawn, start = found
        rows.append(Row(page, max(r.y + ABOVE * r.size for r in drawn), _bottom(drawn)))
    return rows


def _row(runs: Sequence[Run], start: int, target: Target) -> tuple[list[Run], int] | None:
    """The runs of ``target``'s row among ``runs[start:]``, and the index after its last."""
    for first in range(start, len(runs)):
        if runs[first].text != target.number:
            continue
        for last in range(first + 1, len(runs)):
            run = runs[last]
            if (
                abs(run.y - runs[first].y) <= BASELINE_PT
                and run.x > runs[first].x
                and run.text == str(target.page)
            ):
                return list(runs[first : last + 1]), last + 1
    return None


def _bottom(drawn: Sequence[Run]) -> float:
    return min(r.y - BELOW * r.size for r in drawn)


def link_contents(
    writer: PdfWriter, cover_pages: int, targets: Sequence[Target], geometry: PageGeometry
) -> None:
    """Make each line of the contents on the first ``cover_pages`` pages of ``writer`` a link
    to its document's first page, across the text width of ``geometry``'s page.

    Raises :class:`PackError` if a line is not found on the cover.
    """
    pages = [text_runs(writer.pages[index]) for index in range(cover_pages)]
    for row, target in zip(find_rows(pages, targets), targets, strict=True):
        box = writer.pages[row.page].mediabox
        left = float(box.left) + geometry.left_mm * mm
        right = float(box.right) - geometry.right_mm * mm
        link = Link(
            rect=(left, row.bottom, right, row.top),
            target_page_index=target.page - 1,
            fit=Fit.fit(),
        )
        link[NameObject("/Contents")] = TextStringObject(target.description)
        writer.add_annotation(row.page, link)
