"""The parts of a reference document besides its styles, made fit for the brief's package.

A part is taken as XML alone, never with the parts it points at, so whatever in it refers to
another part by relationship (a picture bullet, an embedded font, an attached template, a
header of the reference) is removed rather than left pointing at nothing, which Word reports
as unreadable content.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_SETTINGS_KEPT = frozenset(
    qn(f"w:{name}")
    for name in (
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "evenAndOddHeaders",
        "mirrorMargins",
        "gutterAtTop",
        "bookFoldPrinting",
        "bookFoldRevPrinting",
        "bookFoldPrintingSheets",
        "characterSpacingControl",
        "compat",
        "themeFontLang",
        "clrSchemeMapping",
        "decimalSymbol",
        "listSeparator",
    )
)
"""The settings that decide how the document looks; the rest (protection, mail merge, an
attached template, revision ids, footnote separators of a part we do not take) is left."""


def empty(tag: str) -> Any:
    """An empty WordprocessingML element ``w:tag``, as python-docx's own classes."""
    return parse_xml(f'<w:{tag} xmlns:w="{W_NS}"/>')


def uses_relationships(element: Any) -> bool:
    """True if ``element`` or anything in it refers to another part (an ``r:`` attribute)."""
    return any(
        attribute.startswith(_R_NS)
        for node in element.iter()
        if isinstance(node.tag, str)
        for attribute in node.attrib
    )


def without_related(root: Any) -> Any:
    """``root`` without the children that refer to other parts (embedded fonts in a font
    table, picture bullets in a numbering part and the levels that show them)."""
    for child in list(root):
        if not uses_relationships(child):
            continue
        if root.tag == qn("w:fonts"):  # keep the font, drop its embedded files
            for embedded in [e for e in child if uses_relationships(e)]:
                child.remove(embedded)
        else:
            root.remove(child)
    if root.tag == qn("w:numbering"):
        pictures = {b.get(qn("w:numPicBulletId")) for b in root.findall(qn("w:numPicBullet"))}
        for bullet in root.iter(qn("w:lvlPicBulletId")):
            if bullet.get(qn("w:val")) not in pictures:
                bullet.getparent().remove(bullet)
    return root


def settings(root: Any) -> Any:
    """The reference's settings, keeping only what decides the look."""
    for child in list(root):
        if child.tag not in _SETTINGS_KEPT:
            root.remove(child)
    return root


def page_setup(document: bytes) -> Any:
    """The last section's properties of the reference's ``document.xml`` (paper, margins,
    orientation, columns…), without its headers and footers (the brief writes its own), a
    different first page or revision marks; None when it has none."""
    body = parse_xml(document).find(qn("w:body"))
    found = None if body is None else body.find(qn("w:sectPr"))
    if found is None:
        return None
    section = copy.deepcopy(found)
    for child in list(section):
        if uses_relationships(child) or child.tag == qn("w:titlePg"):
            section.remove(child)
    for attribute in list(section.attrib):
        if attribute.startswith(qn("w:rsid")):
            del section.attrib[attribute]
    return section


def set_language(styles: Any, language: str) -> None:
    """Set the document's language in the styles' defaults, whatever their look: it says
    what the text is (for spelling and hyphenation), not how it looks."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = empty("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = empty("rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = empty("lang")
        # The run properties' schema puts only these after the language.
        later = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        first = next((e for e in later if e is not None), None)
        if first is None:
            rpr.append(lang)
        else:
            first.addprevious(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language or "en-GB")


def copy_list(source: Any, target: Any, num_id: str) -> str:
    """Copy list ``num_id`` of the numbering part ``source`` (its ``w:num`` and
    ``w:abstractNum``) into ``target`` under new ids, and return its new id (``0``, no list,
    if ``source`` has none)."""
    num = next((n for n in source.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    if num is None:
        return "0"
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        (
            a
            for a in source.findall(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == abstract_id
        ),
        None,
    )
    if abstract is None:
        return "0"
    new_abstract = str(1 + _largest(target.findall(qn("w:abstractNum")), "w:abstractNumId"))
    new_num = str(1 + _largest(target.findall(qn("w:num")), "w:numId"))
    abstract, num = copy.deepcopy(abstract), copy.deepcopy(num)
    abstract.set(qn("w:abstractNumId"), new_abstract)
    num.set(qn("w:numId"), new_num)
    num.find(qn("w:abstractNumId")).set(qn("w:val"), new_abstract)
    # The schema's order: picture bullets, abstract lists, lists, then a cleanup mark.
    abstracts = target.findall(qn("w:abstractNum")) or target.findall(qn("w:numPicBullet"))
    if abstracts:
        abstracts[-1].addnext(abstract)
    else:
        target.insert(0, abstract)
    nums = target.findall(qn("w:num"))
    (nums[-1] if nums else abstract).addnext(num)
    return new_num


def _largest(elements: Iterable[Any], attribute: str) -> int:
    values = [e.get(qn(attribute)) for e in elements]
    return max((int(v) for v in values if v and v.isdigit()), default=0)
