"""Raw OOXML the python-docx API does not offer: the only module that builds XML by hand.

Fields, bookmarks, hyperlinks, repeating header rows, unsplittable rows, shading, borders,
alt text, the custom table style and the extended file properties are all made here, one
small helper each, so the rest of the writer stays on python-docx's public surface.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kzrs_reports.writers.markup import escape_text

Element = Any
"""An lxml element (python-docx's ``BaseOxmlElement``); untyped because docx is untyped."""

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _el(tag: str, **attrs: str) -> Element:
    """A new element ``tag`` with ``w:``-prefixed attributes given as ``name=value``."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _child(parent: Element, tag: str, successors: tuple[str, ...] = ()) -> Element:
    """The first ``tag`` child of ``parent``, created before any of ``successors`` if absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for name in successors:
        later = parent.find(qn(name))
        if later is not None:
            later.addprevious(element)
            return element
    parent.append(element)
    return element


def hex_colour(colour: str) -> str:
    """``#1d3557`` → ``1D3557``, the form OOXML colour attributes take."""
    return colour.lstrip("#").upper()


# --------------------------------------------------------------------------- fonts, language


def set_fonts(rpr: Element, family: str) -> None:
    """Use ``family`` for every script slot of ``rpr`` (ascii, hAnsi, eastAsia, cs).

    Theme-font attributes are removed: they would win over the explicit names, and Cyrillic
    would fall back to the template's theme font.
    """
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), family)


def set_doc_defaults(styles: Element, family: str, half_points: int, language: str) -> None:
    """Set the document-wide default font, size and language (``w:docDefaults``)."""
    rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    set_fonts(rpr, family)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(half_points))
    lang = _child(rpr, "w:lang")
    lang.attrib.clear()
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def match_complex_script(rpr: Element) -> None:
    """Make complex-script size and italics follow the Latin ones; drop letter-spacing.

    The template's Title and Subtitle carry their own ``w:szCs``, ``w:iCs`` and character
    spacing, which would make Cyrillic-free but complex-script text look different.
    """
    for tag in ("w:spacing", "w:iCs", "w:szCs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    size = rpr.find(qn("w:sz"))
    if size is not None:
        size.addnext(_el("w:szCs", val=size.get(qn("w:val"))))
    italic = rpr.find(qn("w:i"))
    if italic is not None:
        italic.addnext(_el("w:iCs", **{k.split("}")[1]: v for k, v in italic.attrib.items()}))


def mark_built_in(style: Element) -> None:
    """Drop ``w:customStyle`` so Word treats a style we added (toc 1, Hyperlink) as its own."""
    style.attrib.pop(qn("w:customStyle"), None)


def strip_numbering(style: Element) -> None:
    """Remove a stray ``w:numPr`` from a style's paragraph properties (the template's Subtitle)."""
    ppr = style.find(qn("w:pPr"))
    if ppr is not None:
        for numpr in ppr.findall(qn("w:numPr")):
            ppr.remove(numpr)


def bottom_rule(ppr: Element, colour: str, eighths: int) -> None:
    """Replace the paragraph's borders with a single bottom rule of ``eighths`` of a point."""
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    border = _child(ppr, "w:pBdr", ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"))
    border.append(
        _el("w:bottom", val="single", sz=str(eighths), space="4", color=hex_colour(colour))
    )


# --------------------------------------------------------------------------- bookmarks, links


def wrap_in_bookmark(paragraph: Element, bookmark_id: int, name: str) -> None:
    """Put ``w:bookmarkStart``/``w:bookmarkEnd`` named ``name`` around a paragraph's content."""
    start = _el("w:bookmarkStart", id=str(bookmark_id), name=name)
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(_el("w:bookmarkEnd", id=str(bookmark_id)))


def hyperlink(parent: Element, *, anchor: str = "", r_id: str = "") -> Element:
    """Append a ``w:hyperlink`` to ``parent``: internal (``w:anchor``) or external (``r:id``)."""
    link = _el("w:hyperlink", history="1")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    if r_id:
        link.set(qn("r:id"), r_id)
    parent.append(link)
    return link


# --------------------------------------------------------------------------- fields


def _field_char(kind: str) -> Element:
    """A run holding ``w:fldChar`` of ``kind`` (begin, separate, end)."""
    run = OxmlElement("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def field_start(parent: Element, instruction: str) -> None:
    """Append a complex field's begin, instruction and separate runs to ``parent``."""
    parent.append(_field_char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    parent.append(run)
    parent.append(_field_char("separate"))


def field_end(parent: Element) -> None:
    """Append a complex field's end run to ``parent``."""
    parent.append(_field_char("end"))


def text_run(parent: Element, text: str) -> Element:
    """Append a plain ``w:r``/``w:t`` run of ``text`` (spaces preserved) to ``parent``."""
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    parent.append(run)
    return run


def set_paragraph_style(paragraph: Element, style_id: str | None) -> None:
    """Write what python-docx's ``CT_P.style = style_id`` writes, only faster.

    ``w:pStyle`` is the first child of ``w:pPr`` in the schema, so it is inserted first
    instead of searching for each of the 35 elements that may follow it.
    """
    ppr = paragraph.get_or_add_pPr()
    for old in ppr.findall(qn("w:pStyle")):
        ppr.remove(old)
    if style_id is not None:
        ppr.insert(0, _el("w:pStyle", val=style_id))


def set_run_style(run: Element, style_id: str | None) -> None:
    """Write what python-docx's ``CT_R.style = style_id`` writes, only faster.

    ``w:rStyle`` is the first child of ``w:rPr`` in the schema (see :func:`set_paragraph_style`).
    """
    rpr = run.get_or_add_rPr()
    for old in rpr.findall(qn("w:rStyle")):
        rpr.remove(old)
    if style_id is not None:
        rpr.insert(0, _el("w:rStyle", val=style_id))


def set_run_text(run: Element, text: str) -> None:
    """Give a new, empty ``w:r`` the content python-docx's ``Run.text = text`` would.

    Plain text (the usual case) becomes one ``w:t`` directly; text with tabs or line breaks
    goes through python-docx, which turns them into ``w:tab`` and ``w:br``.
    """
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
    else:
        run.add_t(text)


def tab_run(parent: Element) -> None:
    """Append a run holding one ``w:tab`` to ``parent``."""
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:tab"))
    parent.append(run)


def simple_complex_field(parent: Element, instruction: str, result: str) -> None:
    """Append a whole complex field (``PAGE``, ``NUMPAGES``…) with a stored ``result``."""
    field_start(parent, instruction)
    text_run(parent, result)
    field_end(parent)


# --------------------------------------------------------------------------- properties

_PPR_SEQUENCE = (  # noqa: SIM905 (the schema's order, compact)
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()
"""The children of ``w:pPr`` in the order the schema gives them."""
_RPR_SEQUENCE = (  # noqa: SIM905
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing "
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
    "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()
"""The children of ``w:rPr`` in the order the schema gives them."""
_PPR_RANK = {qn(tag): n for n, tag in enumerate(_PPR_SEQUENCE)}
_RPR_RANK = {qn(tag): n for n, tag in enumerate(_RPR_SEQUENCE)}


def _in_sequence(parent: Element, tag: str, rank: dict[str, int]) -> Element:
    """``parent``'s ``tag`` child, made in its place among the children present if absent.

    Where python-docx's ``get_or_add_…`` puts it, found in one pass over the few children a
    property element holds: python-docx searches the element for each of the (up to 35)
    tags that may follow, a fifth of the time a Word document takes.
    """
    name = qn(tag)
    found = parent.find(name)
    if found is not None:
        return found
    element = OxmlElement(tag)
    place = rank[name]
    for child in parent:
        if rank.get(child.tag, -1) > place:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def keep_with_next(paragraph: Element) -> None:
    """What ``paragraph_format.keep_with_next = True`` writes: ``w:keepNext``, on."""
    _in_sequence(paragraph.get_or_add_pPr(), "w:keepNext", _PPR_RANK).attrib.pop(_VAL, None)


def align(paragraph: Element, value: str) -> None:
    """What ``paragraph.alignment = …`` writes: ``w:jc`` of ``value``, the alignment's XML
    value (``left``, ``center``, ``right``, ``both``)."""
    _in_sequence(paragraph.get_or_add_pPr(), "w:jc", _PPR_RANK).set(_VAL, value)


def set_bold(run: Element) -> None:
    """What ``run.bold = True`` writes: ``w:b``, on."""
    _in_sequence(run.get_or_add_rPr(), "w:b", _RPR_RANK).attrib.pop(_VAL, None)


def set_italic(run: Element) -> None:
    """What ``run.italic = True`` writes: ``w:i``, on."""
    _in_sequence(run.get_or_add_rPr(), "w:i", _RPR_RANK).attrib.pop(_VAL, None)


_VAL = qn("w:val")


# --------------------------------------------------------------------------- tables


def repeat_header(tr: Element) -> None:
    """Mark a row as a header row repeated on every page (``w:tblHeader``)."""
    tr.get_or_add_trPr().append(_el("w:tblHeader"))


def cant_split(tr: Element) -> None:
    """Forbid a row from breaking across pages (``w:cantSplit``)."""
    tr.get_or_add_trPr().insert(0, _el("w:cantSplit"))


def fixed_layout(tbl: Element) -> None:
    """Use the fixed table layout, so Word keeps our column widths (``w:tblLayout``)."""
    tblpr = tbl.find(qn("w:tblPr"))
    _child(tblpr, "w:tblLayout", ("w:tblCellMar", "w:tblLook", "w:tblCaption")).set(
        qn("w:type"), "fixed"
    )


def table_look(tbl: Element, *, first_row: bool, banded_rows: bool) -> None:
    """Say which of the table style's conditional formats apply (``w:tblLook``)."""
    look = _child(tbl.find(qn("w:tblPr")), "w:tblLook", ("w:tblCaption", "w:tblDescription"))
    look.attrib.clear()
    flags = {
        "firstRow": first_row,
        "lastRow": False,
        "firstColumn": False,
        "lastColumn": False,
        "noHBand": not banded_rows,
        "noVBand": True,
    }
    value = (0x20 if first_row else 0) | (0 if banded_rows else 0x200) | 0x400
    look.set(qn("w:val"), f"{value:04X}")
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")


def shade_cell(tc: Element, fill: str) -> None:
    """Fill a cell with ``fill`` (``w:shd``)."""
    tcpr = _child(tc, "w:tcPr", ("w:p", "w:tbl"))
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = _el("w:shd", val="clear", color="auto", fill=hex_colour(fill))
    _insert_tcpr(tcpr, shd, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign"))


def cell_borders(tc: Element, *, left: tuple[str, int] | None = None) -> None:
    """Set a cell's borders: none, except an optional ``(colour, eighths)`` left rule."""
    tcpr = _child(tc, "w:tcPr", ("w:p", "w:tbl"))
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side == "left" and left is not None:
            colour, size = left
            borders.append(
                _el("w:left", val="single", sz=str(size), space="0", color=hex_colour(colour))
            )
        else:
            borders.append(_el(f"w:{side}", val="nil"))
    _insert_tcpr(tcpr, borders, ("w:shd", "w:noWrap", "w:tcMar", "w:vAlign"))


def cell_margins(tc: Element, twips: int) -> None:
    """Give a cell ``twips`` of padding on every side (``w:tcMar``)."""
    tcpr = _child(tc, "w:tcPr", ("w:p", "w:tbl"))
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w=str(twips), type="dxa"))
    _insert_tcpr(tcpr, margins, ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"))


def _insert_tcpr(tcpr: Element, element: Element, successors: tuple[str, ...]) -> None:
    """Insert ``element`` into ``w:tcPr`` before the first present successor (schema order)."""
    for name in successors:
        later = tcpr.find(qn(name))
        if later is not None:
            later.addprevious(element)
            return
    tcpr.append(element)


def table_style(
    style: Element,
    *,
    rule: str,
    header_fill: str,
    header_text: str,
    stripe: str,
    padding_twips: int,
) -> None:
    """Fill a custom table style: horizontal rules, padding, a shaded header, banded rows."""
    tblpr = OxmlElement("w:tblPr")
    tblpr.append(_el("w:tblStyleRowBandSize", val="1"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in ("top", "bottom", "insideH"):
            line = _el(f"w:{side}", val="single", sz="4", space="0", color=hex_colour(rule))
        else:
            line = _el(f"w:{side}", val="nil")
        borders.append(line)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", padding_twips), ("bottom", 40)):
        margins.append(_el(f"w:{side}", w=str(twips), type="dxa"))
    margins.append(_el("w:right", w=str(padding_twips), type="dxa"))
    tblpr.append(margins)
    style.append(tblpr)

    first = _el("w:tblStylePr", type="firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    rpr.append(_el("w:color", val=hex_colour(header_text)))
    first.append(rpr)
    first.append(_tcpr_fill(header_fill))
    style.append(first)

    band = _el("w:tblStylePr", type="band1Horz")
    band.append(_tcpr_fill(stripe))
    style.append(band)


def _tcpr_fill(fill: str) -> Element:
    """A ``w:tcPr`` holding only a fill, for a table style's conditional format."""
    tcpr = OxmlElement("w:tcPr")
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=hex_colour(fill)))
    return tcpr


# --------------------------------------------------------------------------- pictures, lists


def set_alt_text(run: Element, description: str, title: str) -> None:
    """Set a picture's alt text: ``wp:docPr`` ``descr`` (and ``title``) in ``run``'s drawing."""
    for doc_pr in run.xpath(".//wp:docPr"):
        doc_pr.set("descr", description)
        doc_pr.set("title", title)


def restart_numbering(numbering: Element, num_id: int) -> int:
    """Add a ``w:num`` that restarts list ``num_id`` at 1 and return its new id."""
    nums = numbering.findall(qn("w:num"))
    source = next(n for n in nums if n.get(qn("w:numId")) == str(num_id))
    abstract = source.find(qn("w:abstractNumId")).get(qn("w:val"))
    new_id = max(int(n.get(qn("w:numId"))) for n in nums) + 1
    num = _el("w:num", numId=str(new_id))
    num.append(_el("w:abstractNumId", val=abstract))
    override = _el("w:lvlOverride", ilvl="0")
    override.append(_el("w:startOverride", val="1"))
    num.append(override)
    numbering.append(num)
    return new_id


def set_numbering(paragraph: Element, num_id: int) -> None:
    """Attach paragraph ``paragraph`` to list ``num_id`` at level 0 (``w:numPr``)."""
    numpr = paragraph.get_or_add_pPr().get_or_add_numPr()
    numpr.clear()
    numpr.append(_el("w:ilvl", val="0"))
    numpr.append(_el("w:numId", val=str(num_id)))


def style_num_id(style: Element) -> int:
    """The list id a numbered paragraph style points at (``w:pPr/w:numPr/w:numId``)."""
    num_id = style.find(qn("w:pPr") + "/" + qn("w:numPr") + "/" + qn("w:numId"))
    return int(num_id.get(qn("w:val")))


# --------------------------------------------------------------------------- package parts


def app_properties(*, company: str, pages: int) -> bytes:
    """``docProps/app.xml``: the extended properties, naming this tool, not a template."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template>"
        "<TotalTime>0</TotalTime>"
        f"<Pages>{pages}</Pages>"
        "<Application>kzrs-reports</Application>"
        "<DocSecurity>0</DocSecurity>"
        f"<Company>{escape_text(company)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion>"
        "</Properties>"
    ).encode()


def drop_empty_paragraph_after(tbl: Element) -> None:
    """Remove the empty ``w:p`` python-docx puts after a table it adds to a cell."""
    following = tbl.getnext()
    if following is not None and following.tag == qn("w:p") and len(following) == 0:
        following.getparent().remove(following)
