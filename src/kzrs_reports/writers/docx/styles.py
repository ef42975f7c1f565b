"""The Word styles of a brief, made from the theme.

Every look lives in a named style (Title, Heading 1–3, List Bullet, Caption, TOC 1–3, the
"Brief Table" table style…), never in direct formatting, so the navigation pane, the TOC and
a ministry's restyling all work on the Word copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Length, Mm, Pt, RGBColor

from kzrs_reports.document.layout import PageGeometry, heading_colour
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import oxml

TABLE_STYLE = "Brief Table"
"""The name of the custom table style every data table uses."""

BRIEF_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "TOC Heading",
    "toc 1",
    "toc 2",
    "toc 3",
    "Lead",
    "Note",
    "Kicker",
    "Cover Detail",
    "Logo",
    "Caption",
    "Figure",
    "Table Text",
    "Table Header",
    "Callout Title",
    "Spacer",
    "List Bullet",
    "List Number",
    "Header",
    "Footer",
    "Marking",
    "Hyperlink",
    TABLE_STYLE,
)
"""Every style the writer places text in, by name: a house's reference document should
define them all (``kzrs-reports reference-docx`` writes one that does)."""

TOC_STYLES = {1: ("toc 1", "TOC1"), 2: ("toc 2", "TOC2"), 3: ("toc 3", "TOC3")}
"""Word's built-in TOC paragraph styles by level: (internal name, style id)."""


@dataclass(frozen=True, slots=True)
class Look:
    """How one paragraph style looks; ``None`` leaves the inherited value alone."""

    family: str | None = None
    size: float | None = None
    colour: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    before: float | None = None
    after: float | None = None
    keep_with_next: bool | None = None
    align: Any = None


StyleIdMap = dict[tuple[str, Any], str | None]
"""(style name, style type) → style id, or None for the type's default style."""


def ids_to_json(ids: StyleIdMap) -> bytes:
    """``ids`` as JSON text, sorted: what :func:`ids_from_json` reads back."""
    rows = sorted([name, int(kind), style_id] for (name, kind), style_id in ids.items())
    return json.dumps(rows, ensure_ascii=False).encode()


def ids_from_json(data: bytes) -> StyleIdMap | None:
    """The style ids :func:`ids_to_json` wrote, or None for anything else."""
    kinds = {int(kind): kind for kind in WD_STYLE_TYPE}
    try:
        return {(name, kinds[kind]): style_id for name, kind, style_id in json.loads(data)}
    except (ValueError, TypeError, KeyError):
        return None


class StyleIds:
    """Word style names → style ids, each looked up once.

    python-docx resolves a style name on every assignment by scanning all of the document's
    styles (by name, then again for the default); a brief assigns styles about a thousand
    times. Assignments made through here write the same XML python-docx's would, since the
    ids come from python-docx itself. Create it after the styles are set up; ``known`` may be
    shared by every document opened from the same styled template (same styles, same ids).
    """

    def __init__(self, styles: Any, known: StyleIdMap | None = None) -> None:
        self._styles = styles
        self._ids: StyleIdMap = {} if known is None else known

    def _id(self, name: str, kind: Any) -> str | None:
        """python-docx's ``Styles.get_style_id(name, kind)``, remembered."""
        key = (name, kind)
        if key not in self._ids:
            self._ids[key] = self._styles.get_style_id(name, kind)
        return self._ids[key]

    def look_up(self, names: Iterable[str]) -> None:
        """Look up each of ``names`` the document has, as the kind of style it is, now: the
        first document opened from a template otherwise pays for every lookup as it goes."""
        for name in names:
            try:
                style = self._styles[name]
            except KeyError:
                continue
            self._id(name, style.type)

    def paragraph(self, name: str) -> str | None:
        """The id of paragraph style ``name`` (None for the default style, as python-docx)."""
        return self._id(name, WD_STYLE_TYPE.PARAGRAPH)

    def character(self, name: str) -> str | None:
        """The id of character style ``name`` (None for the default style, as python-docx)."""
        return self._id(name, WD_STYLE_TYPE.CHARACTER)

    def add_paragraph(self, container: Any, name: str | None = None) -> Any:
        """``container.add_paragraph(style=name)``, without the per-call style lookup."""
        paragraph = container.add_paragraph()
        if name is not None:
            self.style_paragraph(paragraph, name)
        return paragraph

    def style_paragraph(self, paragraph: Any, name: str) -> None:
        """``paragraph.style = name``, without the per-call style lookup."""
        oxml.set_paragraph_style(paragraph._p, self.paragraph(name))

    def style_table(self, table: Any, name: str) -> None:
        """``table.style = name``, without the per-call style lookup."""
        table._tbl.tblStyle_val = self._id(name, WD_STYLE_TYPE.TABLE)

    def add_run(self, paragraph: Any, text: str, name: str | None = None) -> Any:
        """``paragraph.add_run(text, style=name)``, without the per-call lookups."""
        run = paragraph.add_run()
        if text:
            oxml.set_run_text(run._r, text)
        if name:
            oxml.set_run_style(run._r, self.character(name))
        return run


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(oxml.hex_colour(colour))


def _apply(style: Any, look: Look) -> None:
    """Give ``style`` the font and paragraph settings of ``look``."""
    font = style.font
    if look.family is not None:
        oxml.set_fonts(style.element.get_or_add_rPr(), look.family)
    if look.size is not None:
        font.size = Pt(look.size)
    if look.colour is not None:
        font.color.rgb = _rgb(look.colour)
    if look.bold is not None:
        font.bold = look.bold
    if look.italic is not None:
        font.italic = look.italic
    fmt = style.paragraph_format
    if look.before is not None:
        fmt.space_before = Pt(look.before)
    if look.after is not None:
        fmt.space_after = Pt(look.after)
    if look.size is not None or look.italic is not None:
        oxml.match_complex_script(style.element.get_or_add_rPr())
    if look.keep_with_next is not None:
        fmt.keep_with_next = look.keep_with_next
    if look.align is not None:
        fmt.alignment = look.align


def _paragraph_style(document: Any, name: str, base: str, look: Look) -> Any:
    """Add (or reuse) a paragraph style ``name`` based on ``base`` and apply ``look``."""
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    _apply(style, look)
    return style


def setup_styles(document: Any, theme: Theme, language: str) -> None:
    """Create or restyle every style the writer uses, from ``theme``."""
    serif, sans = theme.fonts.serif.family, theme.fonts.sans.family
    sizes, colours = theme.sizes, theme.colours
    oxml.set_doc_defaults(
        document.styles.element, serif, round(sizes.body * 2), language or "en-GB"
    )

    normal = document.styles["Normal"]
    _apply(normal, Look(serif, sizes.body, colours.text, after=6))
    normal.paragraph_format.line_spacing = 1.15

    title = _paragraph_style(
        document, "Title", "Normal", Look(sans, sizes.title, colours.primary, bold=True, after=8)
    )
    oxml.bottom_rule(title.element.get_or_add_pPr(), colours.primary, 12)
    subtitle = _paragraph_style(
        document,
        "Subtitle",
        "Normal",
        Look(sans, sizes.subtitle, colours.muted, italic=False, before=4, after=10),
    )
    oxml.strip_numbering(subtitle.element)

    heading_after = {1: 6.0, 2: 4.0, 3: 3.0}
    heading_before = {1: 18.0, 2: 12.0, 3: 10.0}
    for level in (1, 2, 3):
        _paragraph_style(
            document,
            f"Heading {level}",
            "Normal",
            Look(
                sans,
                sizes.heading(level),
                heading_colour(theme, level),
                bold=True,
                italic=False,
                before=heading_before[level],
                after=heading_after[level],
                keep_with_next=True,
            ),
        )
    toc_heading = _paragraph_style(
        document,
        "TOC Heading",
        "Heading 1",
        Look(sans, sizes.heading1, colours.primary, before=0, after=8),
    )
    toc_heading.paragraph_format.keep_with_next = True

    _paragraph_style(document, "Lead", "Normal", Look(size=sizes.lead, after=8))
    _paragraph_style(
        document, "Note", "Normal", Look(size=sizes.small, colour=colours.muted, after=4)
    )
    _paragraph_style(
        document,
        "Kicker",
        "Normal",
        Look(sans, sizes.small + 1, colours.muted, bold=True, after=6),
    )
    _paragraph_style(
        document, "Cover Detail", "Normal", Look(sans, sizes.body, colours.muted, after=2)
    )
    _paragraph_style(document, "Logo", "Normal", Look(before=0, after=10, keep_with_next=True))
    _paragraph_style(
        document,
        "Caption",
        "Normal",
        Look(sans, sizes.caption, colours.muted, bold=False, italic=False, before=4, after=10),
    )
    _paragraph_style(
        document,
        "Figure",
        "Normal",
        Look(before=6, after=2, keep_with_next=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    )
    _paragraph_style(
        document, "Table Text", "Normal", Look(sans, sizes.table, colours.text, before=0, after=0)
    )
    document.styles["Table Text"].paragraph_format.line_spacing = 1.0
    _paragraph_style(
        document,
        "Table Header",
        "Table Text",
        Look(colour=theme.colours.table_header_text, bold=True),
    )
    _paragraph_style(
        document, "Callout Title", "Normal", Look(sans, sizes.body, colours.primary, bold=True)
    )
    spacer = _paragraph_style(document, "Spacer", "Normal", Look(size=4, before=0, after=0))
    spacer.paragraph_format.line_spacing = 1.0
    for name in ("List Bullet", "List Number"):
        _paragraph_style(document, name, "Normal", Look(after=3))
    _marking_styles(document, theme)
    _toc_styles(document, Mm(PageGeometry.of(theme).text_width_mm))
    _hyperlink_style(document, theme)
    _table_style(document, theme)


def _marking_styles(document: Any, theme: Theme) -> None:
    """Header and footer furniture: the marking line and the page label."""
    sans, sizes, colours = theme.fonts.sans.family, theme.sizes, theme.colours
    _paragraph_style(
        document,
        "Marking",
        "Normal",
        Look(
            sans,
            sizes.marking,
            colours.marking,
            bold=True,
            before=0,
            after=0,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        ),
    )
    _paragraph_style(
        document,
        "Footer",
        "Normal",
        Look(sans, sizes.small, colours.muted, before=2, after=0, align=WD_ALIGN_PARAGRAPH.RIGHT),
    )
    _paragraph_style(document, "Header", "Normal", Look(sans, sizes.small, before=0, after=0))


def _toc_styles(document: Any, text_width: Length) -> None:
    """TOC 1–3 (Word's built-in names and ids), with a right-aligned dotted tab."""
    indent = {1: 0.0, 2: 12.0, 3: 24.0}
    for level, (name, style_id) in TOC_STYLES.items():
        style = _paragraph_style(
            document,
            name,
            "Normal",
            Look(
                bold=level == 1,
                before=6 if level == 1 else 0,
                after=2,
            ),
        )
        style.style_id = style_id
        oxml.mark_built_in(style.element)
        style.next_paragraph_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Pt(indent[level])
        style.paragraph_format.tab_stops.add_tab_stop(
            text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        style.priority = 39
        style.unhide_when_used = True


def _hyperlink_style(document: Any, theme: Theme) -> None:
    """The "Hyperlink" character style: primary colour, underlined."""
    styles = document.styles
    try:
        style = styles["Hyperlink"]
    except KeyError:
        style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        style.base_style = styles["Default Paragraph Font"]
    oxml.mark_built_in(style.element)
    style.font.color.rgb = _rgb(theme.colours.primary)
    style.font.underline = True
    style.priority = 99
    style.unhide_when_used = True


def _table_style(document: Any, theme: Theme) -> None:
    """The custom "Brief Table" table style (shows in Word's table style gallery)."""
    styles = document.styles
    style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    style.priority = 59
    style.quick_style = True
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    oxml.set_fonts(style.element.get_or_add_rPr(), theme.fonts.sans.family)
    style.font.size = Pt(theme.sizes.table)
    colours = theme.colours
    oxml.table_style(
        style.element,
        rule=colours.rule,
        header_fill=colours.table_header_fill,
        header_text=colours.table_header_text,
        stripe=colours.table_stripe,
        padding_twips=85,
    )
