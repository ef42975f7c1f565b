"""Where the page furniture goes, so that no two pieces of it overlap, whatever their length.

Every page carries the marking centred at its head, and at its foot, from the bottom up: the
marking on a line of its own, the footer line (the title on the left, "Page X of Y" on the
right) and a rule above them. Each line's box is its font's ascent and descent (what a PDF
reader takes for a word's box); boxes are kept :data:`GAP` apart and clear of the text area.
The house style's positions stand where they leave room; where a size pushes one box into
another, the boxes above it move up. The title is cut, at a word, to the room the page label
leaves it; a marking wider than the text is set smaller, never cut. A house style whose
margins cannot hold its furniture is refused before anything is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from kzrs_reports.core.errors import LayoutError
from kzrs_reports.document.layout import MARKING_FROM_BOTTOM_MM, PageGeometry

GAP = 0.5
"""The least room between two boxes of furniture, and between furniture and the text area,
in points."""
TITLE_GAP = 24.0
"""The least room between the footer's title and the page label, in points."""
RULE_ABOVE_FOOTER = 7 * mm
"""Where the house style puts the rule: this far below the text area."""
ELLIPSIS = "…"
MIN_TITLE = 6
"""The fewest characters of the title worth printing before the ellipsis."""


@dataclass(frozen=True)
class Furniture:
    """The furniture's lines, as baselines in points from the page's bottom edge."""

    marking_size: float
    """The marking's type size: the house style's, or less for a marking wider than the text."""
    top_marking: float
    bottom_marking: float
    footer: float
    """The footer line's baseline: the title and the page label."""
    rule: float


def place_furniture(
    page: PageGeometry,
    marking: str,
    marking_font: str,
    marking_size: float,
    footer_font: str,
    footer_size: float,
) -> Furniture:
    """Where each line of furniture goes on ``page``.

    Raises :class:`LayoutError` when a margin is too small for its furniture, saying how
    large it must be.
    """
    width = (page.width_mm - page.left_mm - page.right_mm) * mm
    drawn = stringWidth(marking, marking_font, marking_size) if marking else 0.0
    size = marking_size if drawn <= width else marking_size * width / drawn
    m_ascent, m_descent = getAscentDescent(marking_font, size)  # descent below 0
    f_ascent, f_descent = getAscentDescent(footer_font, footer_size)
    top, bottom = page.top_mm * mm, page.bottom_mm * mm
    height = page.height_mm * mm

    top_marking = height - page.marking_from_top_mm * mm
    if top_marking + m_ascent > height or top_marking + m_descent < height - top + GAP:
        least = math.ceil(2 * (m_ascent + GAP) / mm)
        raise LayoutError(
            f"the house style's top margin ({page.top_mm:g} mm) is too small for the marking "
            f"in {size:g} pt: give page.margin_top_mm at least {least}"
        )

    bottom_marking = MARKING_FROM_BOTTOM_MM * mm
    styled_rule = bottom - RULE_ABOVE_FOOTER
    lowest_footer = bottom_marking + m_ascent + GAP - f_descent
    footer = max(styled_rule - footer_size - 3, lowest_footer)
    rule = max(styled_rule, footer + f_ascent + GAP)
    if rule + GAP > bottom:
        least = math.ceil((lowest_footer + f_ascent + 2 * GAP) / mm)
        raise LayoutError(
            f"the house style's bottom margin ({page.bottom_mm:g} mm) is too small for the "
            f"footer and the marking in their sizes: give page.margin_bottom_mm at least {least}"
        )
    return Furniture(size, top_marking, bottom_marking, footer, rule)


def footer_texts(title: str, label: str, font: str, size: float, width: float) -> tuple[str, str]:
    """The footer's title and page label as they share a line ``width`` points wide: the
    label whole where it fits (cut where it alone is wider), the title cut at a word to the
    room left, or left out where too little of it would fit."""
    label = fit(label, font, size, width)
    room = width - stringWidth(label, font, size) - TITLE_GAP
    shown = fit(title, font, size, room)
    if shown != title and len(shown) - len(ELLIPSIS) < MIN_TITLE:
        shown = ""
    return shown, label


def fit(text: str, font: str, size: float, room: float) -> str:
    """``text``, or as much of it as fits in ``room`` points followed by an ellipsis: cut after
    a whole word where one fits, else within the first word; empty when nothing fits."""
    if stringWidth(text, font, size) <= room:
        return text
    words = text.split(" ")
    shown = ""
    for count in range(1, len(words)):
        candidate = " ".join(words[:count]).rstrip(" ,;:–—-")
        if stringWidth(candidate + ELLIPSIS, font, size) > room:
            break
        shown = candidate
    if shown:
        return shown + ELLIPSIS
    cut = text
    while cut and stringWidth(cut + ELLIPSIS, font, size) > room:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS if cut.strip() else ""
