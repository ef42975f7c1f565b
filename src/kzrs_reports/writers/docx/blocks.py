"""Block nodes → Word paragraphs and tables: one ``visit_`` method per node type.

The writer appends to ``self.container`` (the body, or a callout's cell while its children
are written), as the PDF writer appends to its story; an unknown node type is a
:class:`TypeError` (:class:`~kzrs_reports.document.walk.NodeVisitor`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docx.enum.text import WD_BREAK
from docx.shared import Emu, Length, Mm

from kzrs_reports.document.layout import (
    PageGeometry,
    callout_look,
    caption_label,
    keeps_with_next,
    picture_size,
)
from kzrs_reports.document.nodes import (
    Block,
    BulletList,
    Callout,
    Contents,
    Document,
    Figure,
    Heading,
    Inline,
    PageBreak,
    Paragraph,
    Table,
    Text,
    TitleBlock,
    plain_text,
)
from kzrs_reports.document.walk import NodeVisitor, blocks_in
from kzrs_reports.document.walk import headings as walk_headings
from kzrs_reports.templates.logo import read_logo
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.images import add_picture
from kzrs_reports.writers.docx.inline import InlineWriter, bookmark_name, clean_text
from kzrs_reports.writers.docx.styles import TOC_STYLES, StyleIds
from kzrs_reports.writers.docx.tables import (
    build_table,
    callout_box,
    inner_width,
    keep_last_row_with_next,
    keep_top_rows_together,
)

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
"""Word's own contents field: heading levels 1–3, hyperlinked, no page numbers on the web."""

_ROLE_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note"}


def estimated_pages(document: Document) -> dict[str, int]:
    """Each heading anchor's page, counting explicit page breaks only.

    The stored TOC result shows these until Word or LibreOffice updates the fields.
    """
    pages: dict[str, int] = {}
    page = 1
    for block in blocks_in(document.blocks):
        if isinstance(block, PageBreak):
            page += 1
        elif isinstance(block, Heading):
            pages.setdefault(block.anchor, page)
    return pages


def heading_text(heading: Heading) -> tuple[Inline, ...]:
    """A heading's inlines as printed: its number, a space, then its text."""
    return ((Text(f"{heading.number} "),) if heading.number else ()) + heading.children


class BlockWriter(NodeVisitor):
    """Appends the paragraphs and tables of a document's blocks to a python-docx document.

    ``self.container`` (the body or a callout's cell) and ``self.width`` (its text width)
    say where blocks go; callouts swap them while their children are written.
    """

    def __init__(
        self,
        word: Any,
        theme: Theme,
        document: Document,
        heading_pages: Mapping[str, int] | None = None,
        styles: StyleIds | None = None,
    ) -> None:
        self.word = word
        self.theme = theme
        self.document = document
        self.geometry = PageGeometry.of(theme)
        self.container: Any = word
        self.width: Length = Mm(self.geometry.text_width_mm)
        self.styles = styles or StyleIds(word.styles)
        self.inline = InlineWriter(self.styles)
        self._bookmark_id = 0
        self._pages = {**estimated_pages(document), **(heading_pages or {})}
        self._numbered_lists = 0
        self._last_paragraph: Any = None
        self._introduced = False

    def write(self, blocks: Iterable[Block]) -> None:
        """Append the paragraphs and tables of ``blocks``, in order.

        A block that keeps with the next (:func:`~kzrs_reports.document.layout.keeps_with_next`)
        gets Word's "keep with next" on its last paragraph; a table it introduces keeps its
        header and first rows together, so the introduction never ends a page alone.
        """
        blocks = tuple(blocks)
        keeps = keeps_with_next(blocks)
        for index, block in enumerate(blocks):
            self._introduced = index > 0 and keeps[index - 1]
            self._last_paragraph = None
            self.dispatch(block)
            if keeps[index] and self._last_paragraph is not None:
                oxml.keep_with_next(self._last_paragraph._p)

    @contextmanager
    def _inside(self, container: Any, width: Length) -> Iterator[None]:
        """Write blocks into ``container`` (``width`` wide) for the duration of the block."""
        saved = self.container, self.width
        self.container, self.width = container, width
        try:
            yield
        finally:
            self.container, self.width = saved

    def _paragraph(self, inlines: tuple[Inline, ...], style: str) -> Any:
        paragraph = self._last_paragraph = self.styles.add_paragraph(self.container, style)
        self.inline.write(paragraph, inlines)
        return paragraph

    def _bookmark(self, paragraph: Any, anchor: str) -> None:
        self._bookmark_id += 1
        oxml.wrap_in_bookmark(paragraph._p, self._bookmark_id, bookmark_name(anchor))

    def _spacer(self) -> None:
        """An empty small paragraph: keeps two tables apart (Word would merge them)."""
        self.styles.add_paragraph(self.container, "Spacer")

    # ----------------------------------------------------------------- visitors

    def visit_title_block(self, node: TitleBlock) -> None:
        """The house style's logo, Kicker, Title, Subtitle and detail lines, each in its own
        style."""
        logo = read_logo(self.theme)
        if logo is not None:
            run = self.styles.add_paragraph(self.container, "Logo").add_run()
            width = min(Mm(logo.width_mm), self.width)
            run.add_picture(io.BytesIO(logo.png), width=Emu(int(width)))
            oxml.set_alt_text(
                run.element, clean_text(self.document.meta.organisation or logo.name), ""
            )
        if node.kicker:
            self._paragraph(node.kicker, "Kicker")
        self._paragraph(node.title, "Title")
        if node.subtitle:
            self._paragraph(node.subtitle, "Subtitle")
        for line in node.details:
            self._paragraph(line, "Cover Detail")

    def visit_heading(self, node: Heading) -> None:
        """A "Heading N" paragraph wrapped in the bookmark its anchor names."""
        paragraph = self._paragraph(heading_text(node), f"Heading {node.level}")
        self._bookmark(paragraph, node.anchor)

    def visit_paragraph(self, node: Paragraph) -> None:
        """Body text, or the Lead / Note style for those roles."""
        self._paragraph(node.children, _ROLE_STYLES[node.role])

    def visit_bullet_list(self, node: BulletList) -> None:
        """List Bullet or List Number paragraphs; each numbered list restarts at 1."""
        style = "List Number" if node.ordered else "List Bullet"
        num_id = 0
        if node.ordered:
            self._numbered_lists += 1
            if self._numbered_lists > 1:
                numbering = self.word.part.numbering_part.element
                base = oxml.style_num_id(self.word.styles[style].element)
                num_id = oxml.restart_numbering(numbering, base)
        for item in node.items:
            paragraph = self._paragraph(item.children, style)
            if num_id:
                oxml.set_numbering(paragraph._p, num_id)
            if item.anchor:
                self._bookmark(paragraph, item.anchor)

    def visit_table(self, node: Table) -> None:
        """A "Brief Table" table, then its caption ("Table n. …") below it."""
        word_table = build_table(self.container, node, self.width, self.inline, self.theme)
        if self._introduced:
            keep_top_rows_together(word_table, node)
        if node.caption:
            keep_last_row_with_next(word_table)
            self._caption(self.document.meta.labels.table, node.number, node.caption)
        else:
            self._spacer()

    def visit_figure(self, node: Figure) -> None:
        """The chart at its share of the text width, kept with its caption: the outlined SVG
        where the reader can draw SVG, the PNG where not, with the figure's alt text (its
        caption when it has none) on both."""
        paragraph = self.styles.add_paragraph(self.container, "Figure")
        text_height = Mm(self.geometry.text_height_mm)
        width, _ = picture_size(self.width, node.width, node.aspect, text_height)
        caption = clean_text(plain_text(node.caption))
        add_picture(
            paragraph.add_run(),
            Path(node.raster),
            Path(node.outlined) if node.outlined else None,
            Emu(int(width)),
            clean_text(node.alt_text) or caption,
            caption,
        )
        self._caption(self.document.meta.labels.figure, node.number, node.caption)

    def visit_callout(self, node: Callout) -> None:
        """A shaded one-cell box; its children are written inside it, recursively."""
        cell = callout_box(self.container, self.width, callout_look(self.theme, node.kind))
        with self._inside(cell, inner_width(self.width)):
            if node.title:
                self._paragraph(node.title, "Callout Title")
            self.write(node.children)
        _drop_leading_empty_paragraph(cell)
        self._spacer()

    def visit_contents(self, node: Contents) -> None:
        """A "TOC Heading" title and a TOC field whose stored result lists every heading."""
        self._paragraph(node.title, "TOC Heading")
        headings = walk_headings(self.document.blocks)
        if not headings:
            paragraph = self.styles.add_paragraph(self.container, TOC_STYLES[1][0])
            oxml.field_start(paragraph._p, TOC_INSTRUCTION)
            oxml.field_end(paragraph._p)
            return
        for index, heading in enumerate(headings):
            paragraph = self.styles.add_paragraph(self.container, TOC_STYLES[heading.level][0])
            if index == 0:
                oxml.field_start(paragraph._p, TOC_INSTRUCTION)
            name = bookmark_name(heading.anchor)
            link = oxml.hyperlink(paragraph._p, anchor=name)
            oxml.text_run(link, clean_text(plain_text(heading_text(heading))))
            oxml.tab_run(link)
            oxml.field_start(link, f"PAGEREF {name} \\h")
            oxml.text_run(link, str(self._pages.get(heading.anchor, 1)))
            oxml.field_end(link)
            if index == len(headings) - 1:
                oxml.field_end(paragraph._p)

    def visit_page_break(self, node: PageBreak) -> None:
        """A paragraph holding a page break."""
        self.container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ----------------------------------------------------------------- helpers

    def _caption(self, label: str, number: int, caption: tuple[Inline, ...]) -> None:
        """A Caption paragraph: the label with the node's own number in bold, then the caption.

        The number is plain text, not a SEQ field: Word and LibreOffice would renumber a SEQ
        field by counting captions, and the Word copy must say what the PDF says.
        """
        paragraph = self.styles.add_paragraph(self.container, "Caption")
        lead = caption_label(label, number)
        if lead:
            oxml.set_bold(self.styles.add_run(paragraph, clean_text(lead))._r)
            if caption:
                self.styles.add_run(paragraph, " ")
        self.inline.write(paragraph, caption)


def _drop_leading_empty_paragraph(cell: Any) -> None:
    """Remove the empty paragraph a new cell starts with, once other content follows it."""
    first = cell.paragraphs[0]._p
    if not first.xpath("./w:r | ./w:hyperlink") and first.getnext() is not None:
        first.getparent().remove(first)
