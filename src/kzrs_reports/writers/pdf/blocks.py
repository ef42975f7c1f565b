"""The block visitor: document-model blocks → platypus flowables.

Dispatch is by node type (``visit_<snake_case name>``); an unknown node raises
:class:`TypeError`, so a new node type can never be dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from kzrs_reports.document import nodes
from kzrs_reports.templates.logo import read_logo
from kzrs_reports.writers.pdf.figures import figure_flowable
from kzrs_reports.writers.pdf.flowables import (
    AnchoredParagraph,
    BriefParagraph,
    HeadingParagraph,
    SectionEntry,
)
from kzrs_reports.writers.pdf.inline import escape_text, to_markup
from kzrs_reports.writers.pdf.logo import logo_flowable
from kzrs_reports.writers.pdf.styles import Styles, colour
from kzrs_reports.writers.pdf.tables import build_table

CALLOUT_PADDING = 9.0
"""Inner padding of a callout box, in points."""

WARNING_BAR = 3.0
"""Width of a warning callout's left bar, in points."""


def snake_case(name: str) -> str:
    """``BulletList`` → ``bullet_list``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def caption_markup(label: str, number: int, caption: str) -> str:
    """``"<b>Figure 3.</b> caption"``; the label pattern's ``{n}`` becomes ``number``."""
    if not number:
        return caption
    return f"<b>{escape_text(label.replace('{n}', str(number)))}.</b> {caption}"


class BlockVisitor:
    """Turns blocks into flowables; one instance per document (it numbers outline levels)."""

    def __init__(self, styles: Styles, labels: nodes.PageLabels) -> None:
        self.styles = styles
        self.labels = labels
        self._outline_level = -1
        page = styles.theme.page
        body_height = A4[1] - (page.margin_top_mm + page.margin_bottom_mm) * mm
        # Leave room for a heading and a line of text above the tallest figure.
        self.max_figure_height = body_height * 0.85

    # ------------------------------------------------------------------ dispatch

    def render(self, blocks: Iterable[nodes.Block]) -> list[Flowable]:
        """The flowables for ``blocks``, in order."""
        flowables: list[Flowable] = []
        for block in blocks:
            flowables.extend(self.visit(block))
        return flowables

    def visit(self, node: nodes.Block) -> list[Flowable]:
        """The flowables for one block; unknown node types raise :class:`TypeError`."""
        method: Callable[[nodes.Block], list[Flowable]] | None = getattr(
            self, "visit_" + snake_case(type(node).__name__), None
        )
        if method is None:
            raise TypeError(f"PDF writer: no handler for block node {type(node).__name__}")
        return method(node)

    def markup(self, inlines: tuple[nodes.Inline, ...], upper: bool = False) -> str:
        """Escaped paragraph markup for ``inlines``."""
        transform: Callable[[str], str] = str.upper if upper else str
        return to_markup(inlines, self.styles.theme.colours.primary, transform)

    # ------------------------------------------------------------------ blocks

    def visit_title_block(self, node: nodes.TitleBlock) -> list[Flowable]:
        """The house style's logo, kicker, title, subtitle and detail lines, closed by a rule."""
        s = self.styles
        out: list[Flowable] = []
        logo = read_logo(s.theme)
        if logo is not None:
            page = s.theme.page
            text_width = A4[0] - (page.margin_left_mm + page.margin_right_mm) * mm
            out += [logo_flowable(logo, s.fonts, text_width), Spacer(1, 10)]
        if node.kicker:
            out.append(BriefParagraph(self.markup(node.kicker, upper=True), s.kicker))
        out.append(BriefParagraph(self.markup(node.title), s.title))
        if node.subtitle:
            out.append(BriefParagraph(self.markup(node.subtitle), s.subtitle))
        out.extend(BriefParagraph(self.markup(line), s.details) for line in node.details)
        out.append(
            HRFlowable(
                width="100%",
                thickness=1.2,
                color=colour(s.theme.colours.primary),
                spaceBefore=10,
                spaceAfter=16,
            )
        )
        return out

    def visit_heading(self, node: nodes.Heading) -> list[Flowable]:
        """A heading that keeps with the next block and registers itself when drawn."""
        text = nodes.plain_text(node.children)
        title = f"{node.number} {text}" if node.number else text
        self._outline_level = min(node.level - 1, self._outline_level + 1)
        entry = SectionEntry(node.anchor, title, node.level, self._outline_level)
        number = f"{escape_text(node.number)} " if node.number else ""
        style = self.styles.headings[node.level - 1]
        return [HeadingParagraph(number + self.markup(node.children), style, entry=entry)]

    def visit_paragraph(self, node: nodes.Paragraph) -> list[Flowable]:
        """A body, lead or note paragraph."""
        style = {"body": self.styles.body, "lead": self.styles.lead, "note": self.styles.note}
        return [BriefParagraph(self.markup(node.children), style[node.role])]

    def visit_bullet_list(self, node: nodes.BulletList) -> list[Flowable]:
        """A bulleted or numbered list, one hanging-indent paragraph per item.

        Plain paragraphs (not a ListFlowable) so a heading's keep-with-next can hold on to the
        first item; anchored items become link destinations.
        """
        s = self.styles
        style = s.numbered_item if node.ordered else s.bullet_item
        out: list[Flowable] = []
        for number, item in enumerate(node.items, start=1):
            bullet = f"{number}." if node.ordered else "•"
            text = self.markup(item.children)
            if item.anchor:
                out.append(AnchoredParagraph(text, style, bulletText=bullet, anchor=item.anchor))
            else:
                out.append(BriefParagraph(text, style, bulletText=bullet))
        if out:
            out.append(Spacer(1, s.body.spaceAfter - s.bullet_item.spaceAfter))
        return out

    def visit_table(self, node: nodes.Table) -> list[Flowable]:
        """A table and, when it has one, its numbered caption under it."""
        table = build_table(node, self.styles, self.markup)
        if not node.caption:
            return [table, Spacer(1, self.styles.body.spaceAfter)]
        text = caption_markup(self.labels.table, node.number, self.markup(node.caption))
        return [table, BriefParagraph(text, self.styles.caption)]

    def visit_figure(self, node: nodes.Figure) -> list[Flowable]:
        """The chart as vectors with its caption, kept together on one page."""
        text = caption_markup(self.labels.figure, node.number, self.markup(node.caption))
        caption = BriefParagraph(text, self.styles.caption)
        return [figure_flowable(node, self.styles.fonts, caption, self.max_figure_height)]

    def visit_callout(self, node: nodes.Callout) -> list[Flowable]:
        """A filled box (a one-cell table that may split across pages) around its blocks."""
        s = self.styles
        content: list[Flowable] = []
        if node.title:
            content.append(BriefParagraph(self.markup(node.title), s.callout_title))
        content.extend(self.render(node.children))
        fills = {
            "summary": s.theme.colours.summary_fill,
            "note": s.theme.colours.note_fill,
            "warning": s.theme.colours.warning_fill,
        }
        pad = CALLOUT_PADDING
        commands: list[tuple[object, ...]] = [
            ("BACKGROUND", (0, 0), (-1, -1), colour(fills[node.kind])),
            ("FONT", (0, 0), (-1, -1), s.fonts.sans.regular, s.theme.sizes.body),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + (WARNING_BAR if node.kind == "warning" else 0)),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if node.kind == "warning":
            commands.append(
                ("LINEBEFORE", (0, 0), (0, -1), WARNING_BAR, colour(s.theme.colours.warning_rule))
            )
        box = Table([[content]], colWidths=["100%"], splitInRow=1, hAlign="LEFT")
        box.setStyle(TableStyle(commands))
        return [box, Spacer(1, s.body.spaceAfter * 1.2)]

    def visit_contents(self, node: nodes.Contents) -> list[Flowable]:
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
        return [BriefParagraph(self.markup(node.title), s.contents_title), toc, Spacer(1, 12)]

    def visit_page_break(self, node: nodes.PageBreak) -> list[Flowable]:
        """Start a new page."""
        return [PageBreak()]
