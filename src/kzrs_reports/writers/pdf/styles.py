"""Paragraph styles for the PDF, derived from the theme (the house style is data)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from kzrs_reports.document.layout import heading_colour
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.pdf.fonts import FontSet

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
"""Document-model alignment → ReportLab alignment."""


def colour(value: str) -> Color:
    """A ReportLab colour from a theme ``#rrggbb`` string."""
    return HexColor(value)


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style the PDF writer uses, plus the theme and fonts it came from."""

    theme: Theme
    fonts: FontSet
    body: ParagraphStyle
    lead: ParagraphStyle
    note: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    details: ParagraphStyle
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    contents_title: ParagraphStyle
    contents_levels: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    caption: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    label_cell: ParagraphStyle
    callout_title: ParagraphStyle
    bullet_item: ParagraphStyle
    numbered_item: ParagraphStyle

    def aligned(self, style: ParagraphStyle, align: str) -> ParagraphStyle:
        """``style`` with horizontal alignment ``align`` (left, center, right)."""
        if style.alignment == ALIGNMENTS[align]:
            return style
        return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=ALIGNMENTS[align])


def make_styles(theme: Theme, fonts: FontSet) -> Styles:
    """Build the writer's paragraph styles from ``theme`` and the registered ``fonts``."""
    sizes, colours = theme.sizes, theme.colours
    text, muted, primary = colour(colours.text), colour(colours.muted), colour(colours.primary)
    serif, sans = fonts.serif, fonts.sans

    body = ParagraphStyle(
        "body",
        fontName=serif.regular,
        fontSize=sizes.body,
        leading=sizes.body * 1.4,
        textColor=text,
        spaceAfter=sizes.body * 0.6,
        allowWidows=0,
        allowOrphans=0,
    )

    def derived(name: str, parent: ParagraphStyle = body, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    def heading(level: int) -> ParagraphStyle:
        size = sizes.heading(level)
        return derived(
            f"heading{level}",
            fontName=sans.bold,
            fontSize=size,
            leading=size * 1.25,
            textColor=colour(heading_colour(theme, level)),
            spaceBefore=size * (1.1 if level == 1 else 0.9),
            spaceAfter=size * 0.45,
        )

    def toc_level(level: int) -> ParagraphStyle:
        return derived(
            f"contents{level}",
            fontName=sans.bold if level == 1 else sans.regular,
            fontSize=sizes.body if level == 1 else sizes.body - 0.5,
            leading=sizes.body * 1.45,
            leftIndent=14 * (level - 1),
            rightIndent=24,
            spaceBefore=4 if level == 1 else 0,
            spaceAfter=0,
        )

    cell = derived(
        "cell",
        fontName=sans.regular,
        fontSize=sizes.table,
        leading=sizes.table * 1.3,
        spaceAfter=0,
    )
    return Styles(
        theme=theme,
        fonts=fonts,
        body=body,
        lead=derived("lead", fontSize=sizes.lead, leading=sizes.lead * 1.4),
        note=derived("note", fontSize=sizes.small, leading=sizes.small * 1.35, textColor=muted),
        kicker=derived(
            "kicker",
            fontName=sans.bold,
            fontSize=sizes.small,
            leading=sizes.small * 1.4,
            textColor=muted,
            spaceAfter=sizes.small,
        ),
        title=derived(
            "title",
            fontName=sans.bold,
            fontSize=sizes.title,
            leading=sizes.title * 1.15,
            textColor=primary,
            spaceAfter=sizes.title * 0.35,
        ),
        subtitle=derived(
            "subtitle",
            fontName=sans.regular,
            fontSize=sizes.subtitle,
            leading=sizes.subtitle * 1.3,
            spaceAfter=sizes.subtitle * 0.6,
        ),
        details=derived(
            "details",
            fontName=sans.regular,
            fontSize=sizes.caption,
            leading=sizes.caption * 1.4,
            textColor=muted,
            spaceAfter=0,
        ),
        headings=(heading(1), heading(2), heading(3)),
        contents_title=derived("contents-title", parent=heading(1)),
        contents_levels=(toc_level(1), toc_level(2), toc_level(3)),
        caption=derived(
            "caption",
            fontName=sans.regular,
            fontSize=sizes.caption,
            leading=sizes.caption * 1.35,
            textColor=muted,
            spaceBefore=4,
            spaceAfter=sizes.body,
        ),
        cell=cell,
        header_cell=derived(
            "header-cell",
            parent=cell,
            fontName=sans.bold,
            textColor=colour(colours.table_header_text),
        ),
        label_cell=derived("label-cell", parent=cell, fontName=sans.bold),
        callout_title=derived(
            "callout-title",
            fontName=sans.bold,
            fontSize=sizes.body,
            leading=sizes.body * 1.35,
            textColor=primary,
            spaceAfter=sizes.body * 0.4,
            keepWithNext=1,
        ),
        bullet_item=derived(
            "bullet-item",
            spaceAfter=sizes.body * 0.25,
            leftIndent=16,
            bulletIndent=5,
            bulletFontName=serif.regular,
            bulletColor=primary,
        ),
        numbered_item=derived(
            "numbered-item",
            spaceAfter=sizes.body * 0.25,
            leftIndent=18,
            bulletIndent=0,
            bulletFontName=sans.regular,
            bulletFontSize=sizes.body - 1,
            bulletColor=primary,
        ),
    )
