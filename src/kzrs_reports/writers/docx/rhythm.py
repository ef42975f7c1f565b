"""The PDF's vertical rhythm in the Word styles, so Word and LibreOffice break pages near
where the PDF does.

Word's "multiple" line spacing scales the font's own line height (1.36 em for Noto), so 1.15
lines set a 10-point body 15.7 points apart where the PDF sets them 14 apart: a seven-page
brief ran to eight. Each style here gets the PDF's leading as an "at least" line height (a
larger run or a picture still fits) and the PDF's space before and after, all taken from the
theme's sizes with the factors of :mod:`kzrs_reports.writers.pdf.styles`; the cover lines
and the contents also take the PDF's sizes, faces and capitals.

A page break becomes "page break before" on what follows it (:func:`breaks_before`): a
paragraph that only holds a break leaves its empty remainder as a first line on the new page,
pushing the page down by a line the PDF does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml

CONTENTS_ROW_GAP = 12.0
"""Space the PDF's contents table puts between its entries beyond their own spacing, in
points (measured: level-1 entries of the sample stand 30.5 points apart, 14.5 of them the
line). Given as space before, so it is the same whether a program adds a paragraph's space
after to the next one's space before or takes the larger."""


@dataclass(frozen=True, slots=True)
class Rhythm:
    """One paragraph style's line height and spacing, in points (None: inherited)."""

    size: float
    leading: float | None = None
    before: float | None = None
    after: float | None = None
    sans: bool = False
    """Set in the theme's sans family (the PDF's contents list is)."""
    caps: bool = False
    """Shown in capitals (the PDF's kicker is; the text keeps its case)."""
    lines: float | None = None
    """Line spacing as a multiple of the face's own line height, instead of ``leading``."""


def rhythms(theme: Theme) -> dict[str, Rhythm]:
    """Each Word paragraph style's rhythm: the PDF style it stands for, in points."""
    s = theme.sizes
    body_after = s.body * 0.6
    gap = CONTENTS_ROW_GAP
    found = {
        "Normal": Rhythm(s.body, s.body * 1.4, 0, body_after),
        "Lead": Rhythm(s.lead, s.lead * 1.4, 0, body_after),
        "Note": Rhythm(s.small, s.small * 1.35, 0, body_after),
        "Kicker": Rhythm(s.small, s.small * 1.4, 0, s.small, caps=True),
        "Title": Rhythm(s.title, s.title * 1.15, 0, s.title * 0.35),
        "Subtitle": Rhythm(s.subtitle, s.subtitle * 1.3, 0, s.subtitle * 0.6),
        "Cover Detail": Rhythm(s.caption, s.caption * 1.4, 0, 0),
        "Caption": Rhythm(s.caption, s.caption * 1.35, 4, s.body),
        "Callout Title": Rhythm(s.body, s.body * 1.35, 0, s.body * 0.4),
        "List Bullet": Rhythm(s.body, s.body * 1.4, 0, s.body * 0.25),
        "List Number": Rhythm(s.body, s.body * 1.4, 0, s.body * 0.25),
        "TOC Heading": Rhythm(s.heading1, s.heading1 * 1.25, 0, s.heading1 * 0.45),
        "toc 1": Rhythm(s.body, s.body * 1.45, 4 + gap, 0, sans=True),
        "toc 2": Rhythm(s.body - 0.5, s.body * 1.45, gap, 0, sans=True),
        "toc 3": Rhythm(s.body - 0.5, s.body * 1.45, gap, 0, sans=True),
        # page furniture, outside the text area: spaced as it was, not as the body now is
        "Marking": Rhythm(s.marking, lines=1.15),
        "Header": Rhythm(s.small, lines=1.15),
        "Footer": Rhythm(s.small, lines=1.15),
    }
    for level in (1, 2, 3):
        size = s.heading(level)
        before = size * (1.1 if level == 1 else 0.9)
        found[f"Heading {level}"] = Rhythm(size, size * 1.25, before, size * 0.45)
    return found


def apply_rhythm(document: Any, theme: Theme) -> None:
    """Give the styles of ``document`` (set up by :func:`~.styles.setup_styles`) the PDF's
    sizes, line heights and spacing; a style the document lacks is left alone."""
    styles = document.styles
    names = {style.name for style in styles}
    for name, rhythm in rhythms(theme).items():
        if name not in names:
            continue
        style = styles[name]
        style.font.size = Pt(rhythm.size)
        oxml.match_complex_script(style.element.get_or_add_rPr())
        if rhythm.sans:
            oxml.set_fonts(style.element.get_or_add_rPr(), theme.fonts.sans.family)
        if rhythm.caps:
            style.font.all_caps = True
        fmt = style.paragraph_format
        if rhythm.leading is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            fmt.line_spacing = Pt(rhythm.leading)
        elif rhythm.lines is not None:
            fmt.line_spacing = rhythm.lines
        if rhythm.before is not None:
            fmt.space_before = Pt(rhythm.before)
        if rhythm.after is not None:
            fmt.space_after = Pt(rhythm.after)


def breaks_before(body: Any) -> None:
    """Turn each paragraph of ``body`` that holds only a page break into "page break before"
    on the paragraph after it (a table's first paragraph), with no space before it, as the
    PDF starts a page. A break with nothing after it stays."""
    for paragraph in body.findall(qn("w:p")):
        if not _only_page_break(paragraph):
            continue
        after = paragraph.getnext()
        if after is not None and after.tag == qn("w:tbl"):
            after = after.find(".//" + qn("w:p"))
        if after is None or after.tag != qn("w:p"):
            continue
        properties = after.get_or_add_pPr()  # python-docx's ParagraphFormat setters, unwrapped
        properties.pageBreakBefore_val = True
        properties.spacing_before = Pt(0)
        body.remove(paragraph)


def _only_page_break(paragraph: Any) -> bool:
    """True for a paragraph whose content is a single page break (no text, no field)."""
    children = [c for c in paragraph if c.tag != qn("w:pPr")]
    if len(children) != 1 or children[0].tag != qn("w:r"):
        return False
    run = [c for c in children[0] if c.tag != qn("w:rPr")]
    return len(run) == 1 and run[0].tag == qn("w:br") and run[0].get(qn("w:type")) == "page"
