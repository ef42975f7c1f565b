"""A house's reference document laid over the shipped styles (as Pandoc's ``--reference-doc``).

The Word document keeps the reference's styles (its document defaults, latent styles and every
style it defines, untouched), numbering definitions, theme, font table, the settings that
decide the look, and page setup (its last section's paper, margins, orientation and header
and footer distances). A style the brief needs that the reference lacks is copied from the
shipped styles, with the styles it is based on and its list definition, and named by
:func:`reference_warnings` so the user is told. Nothing of the reference's body, headers or
footers is taken: the brief's content and furniture are placed in its styles by name.

Word stores its built-in styles under fixed English names (``heading 1``, ``toc 1``,
``caption``); other programs spell them differently (LibreOffice writes ``Heading 1`` and
``TOC 1``), so a brief style is found by its exact name first, then regardless of case, and
the style found is given Word's name.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.styles import BabelFish

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.templates.reference import WordReference, read_reference
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx import refparts
from kzrs_reports.writers.docx.styles import BRIEF_STYLES, TABLE_STYLE

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_KINDS = {"Hyperlink": "character", TABLE_STYLE: "table"}
"""The type of each brief style that is no paragraph style."""


def reference_warnings(theme: Theme) -> list[str]:
    """One line for each style the brief needs that ``theme``'s reference document lacks,
    naming theme.yaml's field, the file and the style (the Word document gets the shipped
    style instead); none without a reference. Raises
    :class:`~kzrs_reports.core.errors.TemplateError` for a reference that fails its checks
    or defines a brief style as another type of style."""
    reference = read_reference(theme)
    if reference is None:
        return []
    return [
        f'{reference.where} has no style "{name}"; the Word document uses the shipped one'
        for name, style in brief_styles(_styles_of(reference), reference.where).items()
        if style is None
    ]


def brief_styles(styles: Any, where: str) -> dict[str, Any]:
    """Each of :data:`BRIEF_STYLES` as the ``w:styles`` element ``styles`` defines it, or
    None where it does not. Raises :class:`TemplateError` (after ``where``) for a style
    of a brief style's name but of another type (a character style "Lead")."""
    find = _finder(styles)
    found = {name: find(name) for name in BRIEF_STYLES}
    for name, style in found.items():
        kind = _KINDS.get(name, "paragraph")
        if style is not None and (style.get(qn("w:type")) or "paragraph") != kind:
            raise TemplateError(
                f'{where}: its style "{_name(style)}" is a {style.get(qn("w:type"))} style; '
                f"the brief needs a {kind} style of that name"
            )
    return found


def apply_reference(word: Any, reference: WordReference, language: str) -> None:
    """Give ``word`` (the shipped styled template) the look of ``reference``.

    The reference's styles replace the shipped ones; each brief style it lacks is copied
    from the shipped ones. The document's language is set in the reference's defaults.
    """
    shipped, styles = word.styles.element, _styles_of(reference)
    for name, style in brief_styles(styles, reference.where).items():
        if style is not None:
            style.find(qn("w:name")).set(qn("w:val"), BabelFish.ui2internal(name))
    if styles.find(qn("w:docDefaults")) is None:
        defaults = shipped.find(qn("w:docDefaults"))
        if defaults is not None:
            styles.insert(0, copy.deepcopy(defaults))
    parts = dict(reference.parts)
    numbering = refparts.empty("numbering")
    if "numbering" in parts:
        numbering = refparts.without_related(parse_xml(parts["numbering"]))
    _copy_missing(shipped, styles, word.part.numbering_part.element, numbering)
    refparts.set_language(styles, language)
    word.part._styles_part._element = styles
    word.part.numbering_part._element = numbering
    if "settings" in parts:
        word.part._settings_part._element = refparts.settings(parse_xml(parts["settings"]))
    for r_id, rel in list(word.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            word.part.rels.pop(r_id)  # Word 2010 would read the shipped styles over these
        elif rel.reltype == RT.THEME and "theme" in parts:
            theme = parse_xml(parts["theme"])
            if not refparts.uses_relationships(theme):  # a theme with pictures stays ours
                rel.target_part._blob = parts["theme"]
        elif rel.reltype == RT.FONT_TABLE and "fontTable" in parts:
            fonts = refparts.without_related(parse_xml(parts["fontTable"]))
            rel.target_part._blob = serialize_part_xml(fonts)
    section = refparts.page_setup(reference.document)
    if section is not None:
        old = word.element.body.get_or_add_sectPr()
        old.getparent().replace(old, section)


def _styles_of(reference: WordReference) -> Any:
    data = dict(reference.parts).get("styles")
    return refparts.empty("styles") if data is None else parse_xml(data)


def _name(style: Any) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val")) or "")


def _finder(styles: Any) -> Any:
    """A function finding the style of ``styles`` called a name (python-docx's or Word's
    spelling): the one of exactly Word's name, else the first of that name in any case;
    None if none is."""
    exact: dict[str, Any] = {}
    folded: dict[str, Any] = {}
    for style in styles.findall(qn("w:style")):
        exact.setdefault(_name(style), style)
        folded.setdefault(_name(style).casefold(), style)

    def find(name: str) -> Any:
        internal = BabelFish.ui2internal(name)
        found = exact.get(internal)
        return found if found is not None else folded.get(internal.casefold())

    return find


def _link(style: Any, tag: str) -> str | None:
    element = style.find(qn(tag))
    return None if element is None else element.get(qn("w:val"))


def _copy_missing(shipped: Any, styles: Any, shipped_numbering: Any, numbering: Any) -> None:
    """Copy into ``styles`` each brief style it lacks from ``shipped``, with the styles it
    is based on that it lacks too; list definitions come along into ``numbering``."""
    our_ids = {s.get(qn("w:styleId")): s for s in shipped.findall(qn("w:style"))}
    find_theirs, find_ours = _finder(styles), _finder(shipped)
    theirs = {i: find_theirs(_name(s)) for i, s in our_ids.items()}
    wanted: list[Any] = []
    for name in BRIEF_STYLES:
        style = find_ours(name)
        while style is not None and theirs[style.get(qn("w:styleId"))] is None:
            if style not in wanted:
                wanted.append(style)
            style = our_ids.get(_link(style, "w:basedOn"))
    ids = {i: s.get(qn("w:styleId")) for i, s in theirs.items() if s is not None}
    taken = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
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
            target = None if element is None else ids.get(element.get(qn("w:val")))
            if element is not None and target is None:
                added.remove(element)
            elif element is not None:
                element.set(qn("w:val"), target)
        for num_id in added.iterfind(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"):
            old = num_id.get(qn("w:val"))
            if old not in lists:
                lists[old] = refparts.copy_list(shipped_numbering, numbering, old)
            num_id.set(qn("w:val"), lists[old])
        styles.append(added)


def _is_default(style: Any) -> bool:
    return style.get(qn("w:default")) in ("1", "true", "on")
