"""Block nodes → platypus flowables: one ``visit_`` method per node type.

The writer appends to ``self.story`` (the document's flowables, or a callout's while its
children are written), as the DOCX writer appends to its container; an unknown node type is
a :class:`TypeError` (:class:`~kzrs_reports.document.walk.NodeVisitor`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from kzrs_reports.document import nodes as n
from kzrs_reports.document.layout import (
    CALLOUT_PADDING_PT,
    CALLOUT_RULE_PT,
    PageGeometry,
    callout_look,
    caption_label,
    keeps_with_next,
)
from kzrs_reports.document.walk import NodeVisitor
from kzrs_reports.templates.logo import read_logo
from kzrs_reports.writers.markup import escape_text
from kzrs_reports.writers.pdf.figures import figure_flowable
from kzrs_reports.writers.pdf.flowables import (
    AnchoredParagraph,
    BriefParagraph,
    HeadingParagraph,
    SectionEntry,
)
from kzrs_reports.writers.pdf.inline import InlineWriter, RunStyle
from kzrs_reports.writers.pdf.logo import logo_flowable
from kzrs_reports.writers.pdf.styles import Styles, colour
from kzrs_reports.writers.pdf.tables import build_table


class BlockWriter(NodeVisitor):
    """Appends the flowables of a document's blocks to :attr:`story`; one instance per
    document (it numbers outline levels)."""

    def __init__(self, styles: Styles, labels: n.PageLabels) -> None:
        self.styles = styles
        self.labels = labels
        self.inline = InlineWriter(styles.theme.colours.primary)
        self.story: list[Flowable] = []
        self.geometry = PageGeometry.of(styles.theme)
        self._outline_level = -1

    def write(self, blocks: Iterable[n.Block]) -> None:
        """Append the flowables of ``blocks`` to the story, in order.

        A block that keeps with the next (:func:`~kzrs_reports.document.layout.keeps_with_next`)
        has its last flowable marked ``keepWithNext``: the document template groups it with
        the next flowable in a :class:`~kzrs_reports.writers.pdf.flowables.KeepWithNext`.
        """
        blocks = tuple(blocks)
        for block, keep in zip(blocks, keeps_with_next(blocks), strict=True):
            start = len(self.story)
            self.dispatch(block)
            if keep and len(self.story) > start:
                self.story[-1].keepWithNext = 1

    @contextmanager
    def _inside(self, story: list[Flowable]) -> Iterator[None]:
        """Append to ``story`` (a callout's content) for the duration of the block."""
        saved, self.story = self.story, story
        try:
            yield
        finally:
            self.story = saved

    def _paragraph(self, inlines: tuple[n.Inline, ...], style: object) -> BriefParagraph:
        return BriefParagraph(self.inline.markup(inlines), style)

    def _caption(self, label: str, number: int, caption: tuple[n.Inline, ...]) -> BriefParagraph:
        """A caption paragraph: the label with the node's number in bold, then the caption."""
        lead = caption_label(label, number)
        text = self.inline.markup(caption)
        if lead:
            text = f"<b>{escape_text(lead)}</b> {text}"
        return BriefParagraph(text, self.styles.caption)

    # ------------------------------------------------------------------ visitors

    def visit_title_block(self, node: n.TitleBlock) -> None:
        """The house style's logo, kicker, title, subtitle and detail lines, closed by a rule."""
        s = self.styles
        logo = read_logo(s.theme)
        if logo is not None:
            width = self.geometry.text_width_mm * mm
            self.story += [logo_flowable(logo, s.fonts, width), Spacer(1, 10)]
        if node.kicker:
            kicker = self.inline.markup(node.kicker, RunStyle(transform=str.upper))
            self.story.append(BriefParagraph(kicker, s.kicker))
        self.story.append(self._paragraph(node.title, s.title))
        if node.subtitle:
            self.story.append(self._paragraph(node.subtitle, s.subtitle))
        self.story += [self._paragraph(line, s.details) for line in node.details]
        self.story.append(
            HRFlowable(
                width="100%",
                thickness=1.2,
                color=colour(s.theme.colours.primary),
                spaceBefore=10,
                spaceAfter=16,
            )
        )

    def visit_heading(self, node: n.Heading) -> None:
        """A heading that registers itself (contents, outline, destination) when drawn."""
        text = n.plain_text(node.children)
        title = f"{node.number} {text}" if node.number else text
        self._outline_level = min(node.level - 1, self._outline_level + 1)
        entry = SectionEntry(node.anchor, title, node.level, self._outline_level)
        number = f"{escape_text(node.number)} " if node.number else ""
        style = self.styles.headings[node.level - 1]
        markup = number + self.inline.markup(node.children)
        self.story.append(HeadingParagraph(markup, style, entry=entry))

    def visit_paragraph(self, node: n.Paragraph) -> None:
        """A body, lead or note paragraph."""
        style = {"body": self.styles.body, "lead": self.styles.lead, "note": self.styles.note}
        self.story.append(self._paragraph(node.children, style[node.role]))

    def visit_bullet_list(self, node: n.BulletList) -> None:
        """A bulleted or numbered list, one hanging-indent paragraph per item.

        Plain paragraphs (not a ListFlowable) so a heading's keep-with-next can hold on to the
        first item; anchored items become link destinations.
        """
        s = self.styles
        style = s.numbered_item if node.ordered else s.bullet_item
        for number, item in enumerate(node.items, start=1):
            bullet = f"{number}." if node.ordered else "•"
            text = self.inline.markup(item.children)
            if item.anchor:
                paragraph: BriefParagraph = AnchoredParagraph(
                    text, style, bulletText=bullet, anchor=item.anchor
                )
            else:
                paragraph = BriefParagraph(text, style, bulletText=bullet)
            self.story.append(paragraph)
        if node.items:
            self.story.append(Spacer(1, s.body.spaceAfter - s.bullet_item.spaceAfter))

    def visit_table(self, node: n.Table) -> None:
        """A table and, when it has one, its numbered caption under it."""
        self.story.append(build_table(node, self.styles, self.inline.markup))
        if node.caption:
            self.story.append(self._caption(self.labels.table, node.number, node.caption))
        else:
            self.story.append(Spacer(1, self.styles.body.spaceAfter))

    def visit_figure(self, node: n.Figure) -> None:
        """The chart as vectors with its caption, kept together on one page."""
        caption = self._caption(self.labels.figure, node.number, node.caption)
        text_height = self.geometry.text_height_mm * mm
        self.story.append(figure_flowable(node, self.styles.fonts, caption, text_height))

    def visit_callout(self, node: n.Callout) -> None:
        """A filled box (a one-cell table that may split across pages) around its blocks."""
        s = self.styles
        content: list[Flowable] = []
        with self._inside(content):
            if node.title:
                self.story.append(self._paragraph(node.title, s.callout_title))
            self.write(node.children)
        look = callout_look(s.theme, node.kind)
        pad = CALLOUT_PADDING_PT
        commands: list[tuple[object, ...]] = [
            ("BACKGROUND", (0, 0), (-1, -1), colour(look.fill)),
            ("FONT", (0, 0), (-1, -1), s.fonts.sans.regular, s.theme.sizes.body),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + (CALLOUT_RULE_PT if look.rule else 0)),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if look.rule:
            commands.append(("LINEBEFORE", (0, 0), (0, -1), CALLOUT_RULE_PT, colour(look.rule)))
        box = Table([[content]], colWidths=["100%"], splitInRow=1, hAlign="LEFT")
        box.setStyle(TableStyle(commands))
        self.story += [box, Spacer(1, s.body.spaceAfter * 1.2)]

    def visit_contents(self, node: n.Contents) -> None:
        """The contents title and a contents list with page numbers (levels 1–3)."""
        s = self.styles
        toc = TableOfContents(
            levelStyles=list(s.contents_levels),
            dotsMinLevel=0,
            rightColumnWidth=28,
            tableStyle=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("FONT", (0, 0), (-1, -1), s.fonts.sans.regular, s.theme.sizes.body),
                ]
            ),
        )
        self.story += [self._paragraph(node.title, s.contents_title), toc, Spacer(1, 12)]

    def visit_page_break(self, node: n.PageBreak) -> None:
        """Start a new page."""
        self.story.append(PageBreak())
