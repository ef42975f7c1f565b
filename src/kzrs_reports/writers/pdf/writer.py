"""The PDF writer's shell: fonts, styles, the block writer and the document template → a PDF."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from kzrs_reports.core.errors import LayoutError
from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.pdf.blocks import BlockWriter
from kzrs_reports.writers.pdf.compression import next_pdf
from kzrs_reports.writers.pdf.flowables import KEPT_DOCUMENTS, PageCounter, next_document
from kzrs_reports.writers.pdf.fonts import register_fonts
from kzrs_reports.writers.pdf.page import BriefDocTemplate
from kzrs_reports.writers.pdf.styles import make_styles
from kzrs_reports.writers.protocol import Written

MAX_PASSES = 10
"""Layout passes allowed before giving up on a stable contents list and page count."""


class PdfWriter:
    """The PDF writer: lays out its own pages, so it knows each heading's page."""

    format = "pdf"
    lays_out_pages = True

    def prepare(self, theme: Theme | None = None) -> None:
        """Register ``theme``'s fonts now: parsing them is the slow part of a first PDF."""
        if theme is not None:
            register_fonts(theme)

    def write(
        self,
        document: nodes.Document,
        theme: Theme,
        path: Path,
        heading_pages: Mapping[str, int] | None = None,
    ) -> Written:
        """Write ``document`` to ``path`` as a PDF in ``theme``'s house style.

        ``heading_pages`` is not needed: the PDF lays out its own pages. The same input gives
        a byte-identical file. Raises :class:`~kzrs_reports.core.errors.LayoutError` when
        something cannot be placed on any page.
        """
        this = _layout_key(document)
        next_document(this)
        next_pdf()
        styles = make_styles(theme, register_fonts(theme))
        counter = PageCounter()
        blocks = BlockWriter(styles, document.meta.labels)
        blocks.write(document.blocks)
        contents = [f for f in blocks.story if isinstance(f, TableOfContents)]
        story: list[Flowable] = [counter, *blocks.story]
        template = BriefDocTemplate(str(path), document.meta, styles, counter)
        seed = _last_layouts.get(this)
        if seed is not None:
            entries, pages = seed
            counter.start_from(pages)
            for listing in contents:
                listing.addEntries(entries)
        try:
            template.multiBuild(story, maxPasses=MAX_PASSES)
        except ReportLabLayoutError as exc:
            raise LayoutError(_layout_message(str(exc))) from None
        if contents:
            _last_layouts.keep(this, (list(template.contents), counter.current))
        return Written(path, pages=counter.current, heading_pages=dict(template.heading_pages))


class _LastLayouts(threading.local):
    """The contents entries (with their pages) and the page count of the last layout of each
    of the documents this thread laid out lately: where the next layout of each starts.

    A pass is saved only once its contents list and page count are those it printed, and
    where anything falls does not depend on the page numbers printed (the contents list's
    numbers stand in a column of their own, "Page X of Y" outside the text frame): every
    pass with the right headings lays the pages out alike, so there is one such pass to
    save, whatever the passes before it started from. A right start saves the draft pass;
    a wrong one (the headings or their pages changed) costs a pass more.
    """

    def __init__(self) -> None:
        self.layouts: OrderedDict[Hashable, tuple[list[Any], int]] = OrderedDict()

    def get(self, document: Hashable) -> tuple[list[Any], int] | None:
        return self.layouts.get(document)

    def keep(self, document: Hashable, layout: tuple[list[Any], int]) -> None:
        self.layouts.pop(document, None)
        self.layouts[document] = layout
        while len(self.layouts) > KEPT_DOCUMENTS:
            self.layouts.popitem(last=False)


_last_layouts = _LastLayouts()


def _layout_key(document: nodes.Document) -> Hashable:
    """What tells one document from another, as far as a good start goes: a brief and its
    summary, or its editions, are others; the same brief after an edit is not."""
    meta = document.meta
    kinds = tuple(type(block).__name__ for block in document.blocks[:12])
    return (meta.title, meta.subject, meta.language, meta.date, meta.edition, kinds)


def _layout_message(said: str) -> str:
    where = re.search(r"too large on page (\d+)", said)
    # ReportLab names the flowable, then (for a table) the cell, as <Class at 0x…>text(w x h)
    texts = [t.strip(" '\n") for t in re.findall(r">([^<>()]{1,60})", said)]
    texts = [t for t in texts if t and not t.startswith("with cell")]
    what = f" (“{texts[-1]}…”)" if texts else ""
    page = f" on page {where[1]}" if where else ""
    return (
        f"cannot lay out the PDF: something{what} is too big for the page{page}; "
        "check the house style's sizes and margins"
    )
