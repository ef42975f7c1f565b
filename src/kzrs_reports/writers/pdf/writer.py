"""Orchestration: fonts, styles, the block visitor and the document template → a PDF file."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from kzrs_reports.document import nodes
from kzrs_reports.errors import KzrsError
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.output import Written, atomic_path
from kzrs_reports.writers.pdf.blocks import BlockVisitor
from kzrs_reports.writers.pdf.flowables import PageCounter
from kzrs_reports.writers.pdf.fonts import register_fonts
from kzrs_reports.writers.pdf.page import BriefDocTemplate
from kzrs_reports.writers.pdf.styles import make_styles

MAX_PASSES = 10
"""Layout passes allowed before giving up on a stable contents list and page count."""


class PdfLayoutError(KzrsError):
    """Something cannot be placed on any page (text or a table too big for the house style's
    page and sizes); nothing is written."""


def write_pdf(document: nodes.Document, theme: Theme, target: Path) -> Written:
    """Write ``document`` to ``target`` as a PDF in ``theme``'s house style.

    The file is written to a temporary name and renamed into place, so a failure leaves an
    existing ``target`` untouched. The same input gives a byte-identical file.
    """
    check_internal_links(document)
    styles = make_styles(theme, register_fonts(theme))
    counter = PageCounter()
    story: list[Flowable] = [counter]
    story += BlockVisitor(styles, document.meta.labels).render(document.blocks)
    with atomic_path(target) as temp:
        template = BriefDocTemplate(str(temp), document.meta, styles, counter)
        try:
            template.multiBuild(story, maxPasses=MAX_PASSES)
        except LayoutError as exc:
            raise PdfLayoutError(_layout_message(str(exc))) from None
    return Written(target, pages=counter.current, heading_pages=dict(template.heading_pages))


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


def check_internal_links(document: nodes.Document) -> None:
    """Raise :class:`ValueError` if a ``#anchor`` link names no heading or list item."""
    anchors: set[str] = set()
    targets: list[str] = []

    def inlines(items: tuple[nodes.Inline, ...]) -> None:
        for item in items:
            if isinstance(item, nodes.Link):
                targets.append(item.target)
            if isinstance(item, nodes.Emphasis | nodes.Strong | nodes.Link):
                inlines(item.children)

    def blocks(items: tuple[nodes.Block, ...]) -> None:
        for block in items:
            if isinstance(block, nodes.Heading):
                anchors.add(block.anchor)
                inlines(block.children)
            elif isinstance(block, nodes.BulletList):
                for entry in block.items:
                    if entry.anchor:
                        anchors.add(entry.anchor)
                    inlines(entry.children)
            elif isinstance(block, nodes.Callout):
                inlines(block.title)
                blocks(block.children)
            elif isinstance(block, nodes.Table):
                for row in ((block.header,) if block.header else ()) + block.rows:
                    for cell in row:
                        inlines(cell.children)
                inlines(block.caption)
            elif isinstance(block, nodes.Paragraph | nodes.Figure):
                inlines(block.children if isinstance(block, nodes.Paragraph) else block.caption)
            elif isinstance(block, nodes.TitleBlock):
                for part in (block.kicker, block.title, block.subtitle, *block.details):
                    inlines(part)

    blocks(document.blocks)
    missing = sorted({t[1:] for t in targets if t.startswith("#")} - anchors)
    if missing:
        raise ValueError(f"internal links to unknown anchors: {', '.join(missing)}")
