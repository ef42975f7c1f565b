"""A house's reference document laid over the shipped styles (as Pandoc's ``--reference-doc``).

The Word document keeps the reference's styles (its document defaults, latent styles and every
style it defines, untouched), numbering definitions, theme, font table, settings that decide
the look, and page setup (its last section's paper, margins, orientation and header and
footer distances). A style the brief needs that the reference lacks is copied from the
shipped styles, with the styles it is based on and its list definition, and named by
:func:`missing_styles` so the user is told. Nothing of the reference's body, headers or
footers is taken: the brief's content and furniture are placed in its styles by name.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from kzrs_reports.templates.reference import WordReference, read_reference, reference_field
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx.styles import BRIEF_STYLES

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
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


def missing_styles(theme: Theme) -> list[str]:
    """The styles the brief needs that ``theme``'s reference document lacks, in the order of
    :data:`BRIEF_STYLES`; empty without a reference. Raises
    :class:`~kzrs_reports.core.errors.TemplateError` for a reference that fails its checks."""
    reference = read_reference(theme)
    if reference is None:
        return []
    defined = _by_name(_styles_of(reference))
    return [name for name in BRIEF_STYLES if name.casefold() not in defined]


def apply_reference(word: Any, reference: WordReference, language: str) -> None:
    """Give ``word`` (the shipped styled template) the look of ``reference``.

    The reference's styles replace the shipped ones; each brief style it lacks is copied
    from the shipped ones. The document's language is set in the reference's defaults (it
    says what the text is, not how it looks).
    """
    shipped = word.styles.element
    styles = _styles_of(reference)
    if styles.find(qn("w:docDefaults")) is None:
        defaults = shipped.find(qn("w:docDefaults"))
        if defaults is not None:
            styles.insert(0, copy.deepcopy(defaults))
    numbering = _numbering_of(reference)
    _copy_missing(shipped, styles, word.part.numbering_part.element, numbering)
    _set_language(styles, language)
    word.part._styles_part._element = styles
    word.part.numbering_part._element = numbering
    parts = dict(reference.parts)
    if "settings" in parts:
        word.part._settings_part._element = _settings(parse_xml(parts["settings"]))
    for r_id, rel in list(word.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            word.part.rels.pop(r_id)  # Word 2010 would read its shipped styles over ours
        elif rel.reltype == RT.THEME and "theme" in parts:
            rel.target_part._blob = parts["theme"]
        elif rel.reltype == RT.FONT_TABLE and "fontTable" in parts:
            rel.target_part._blob = parts["fontTable"]
    _page_setup(word, reference)


def _styles_of(reference: WordReference) -> Any:
    data = dict(reference.parts).get("styles")
    if data is None:
        return parse_xml(f'<w:styles xmlns:w="{_W_NS}"/>')
    return parse_xml(data)


def _numbering_of(reference: WordReference) -> Any:
    data = dict(reference.parts).get("numbering")
    if data is None:
        return parse_xml(f'<w:numbering xmlns:w="{_W_NS}"/>')
    return parse_xml(data)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _name(style: Any) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val")) or "")


def _by_name(styles: Any) -> dict[str, Any]:
    """The styles of a ``w:styles`` element by case-folded name (Word's built-in names are
    ``heading 1``, python-docx's ``Heading 1``: one style)."""
    found: dict[str, Any] = {}
    for style in styles.findall(qn("w:style")):
        found.setdefault(_name(style).casefold(), style)
    return found


def _link(style: Any, tag: str) -> str | None:
    element = style.find(qn(tag))
    return None if element is None else element.get(qn("w:val"))


def _copy_missing(shipped: Any, styles: Any, shipped_numbering: Any, numbering: Any) -> None:
    """Copy into ``styles`` each brief style it lacks from ``shipped``, with the styles it
    is based on that it lacks too; list definitions come along into ``numbering``."""
    ours, theirs = _by_name(shipped), _by_name(styles)
    our_ids = {s.get(qn("w:styleId")): s for s in shipped.findall(qn("w:style"))}
    wanted: list[Any] = []
    for name in BRIEF_STYLES:
        style = ours.get(name.casefold())
        while style is not None and _name(style).casefold() not in theirs:
            if style not in wanted:
                wanted.append(style)
            style = our_ids.get(_link(style, "w:basedOn"))
    taken = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    ids: dict[str, str] = {}
    for style_id, style in our_ids.items():
        if _name(style).casefold() in theirs:
            ids[style_id] = theirs[_name(style).casefold()].get(qn("w:styleId"))
    for style in wanted:
        style_id = new_id = style.get(qn("w:styleId"))
        number = 1
        while new_id in taken:
            number += 1
            new_id = f"{style_id}{number}"
        taken.add(new_id)
        ids[style_id] = new_id
    defaults = {s.get(qn("w:type")) for s in styles.findall(qn("w:style")) if _is_default(s)}
    lists: dict[str, str] = {}
    for style in wanted:
        added = copy.deepcopy(style)
        added.set(qn("w:styleId"), ids[style.get(qn("w:styleId"))])
        if _is_default(added) and added.get(qn("w:type")) in defaults:
            del added.attrib[qn("w:default")]
        for tag in ("w:basedOn", "w:next", "w:link"):
            element = added.find(qn(tag))
            if element is None:
                continue
            target = ids.get(element.get(qn("w:val")))
            if target is None:
                added.remove(element)
            else:
                element.set(qn("w:val"), target)
        for num_id in added.iterfind(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"):
            old = num_id.get(qn("w:val"))
            if old not in lists:
                lists[old] = _copy_list(shipped_numbering, numbering, old)
            num_id.set(qn("w:val"), lists[old])
        styles.append(added)


def _is_default(style: Any) -> bool:
    return style.get(qn("w:default")) in ("1", "true", "on")


def _copy_list(source: Any, target: Any, num_id: str) -> str:
    """Copy list ``num_id`` of ``source`` (its ``w:num`` and ``w:abstractNum``) into
    ``target`` under new ids, and return its new id (``0``, no list, if it has none)."""
    num = next((n for n in source.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    if num is None:
        return "0"
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in source.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
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


def _set_language(styles: Any, language: str) -> None:
    """Set the document's language in the reference's defaults, whatever their look."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{_W_NS}"/>')
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f'<w:rPr xmlns:w="{_W_NS}"/>')
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang xmlns:w="{_W_NS}"/>')
        # The run properties' schema puts only these after the language.
        later = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        first = next((e for e in later if e is not None), None)
        if first is None:
            rpr.append(lang)
        else:
            first.addprevious(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language or "en-GB")


def _settings(settings: Any) -> Any:
    """The reference's settings, keeping only what decides the look."""
    for child in list(settings):
        if child.tag not in _SETTINGS_KEPT:
            settings.remove(child)
    return settings


def _page_setup(word: Any, reference: WordReference) -> None:
    """Give the document the page setup of the reference's last section, without its
    headers and footers (the brief writes its own) or revision marks."""
    body = parse_xml(reference.document).find(qn("w:body"))
    found = None if body is None else body.find(qn("w:sectPr"))
    if found is None:
        return
    section = copy.deepcopy(found)
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for element in section.findall(qn(tag)):
            section.remove(element)
    for attribute in list(section.attrib):
        if attribute.startswith(qn("w:rsid")):
            del section.attrib[attribute]
    old = word.element.body.get_or_add_sectPr()
    old.getparent().replace(old, section)


def reference_warnings(theme: Theme) -> list[str]:
    """One line for each style the brief needs that ``theme``'s reference document lacks,
    naming theme.yaml's field, the file and the style (the Word document gets the shipped
    style instead); none without a reference."""
    if theme.word is None:
        return []
    where, name = reference_field(theme), theme.word.reference
    return [
        f'{where}: {name} has no style "{style}"; the Word document uses the shipped one'
        for style in missing_styles(theme)
    ]
