"""The house's fonts inside the Word copy, so it shows the PDF's faces on any machine.

WordprocessingML embeds a font as an obfuscated TrueType part (``word/fonts/fontN.odttf``)
that the font table names per style (``w:embedRegular`` … ``w:embedBoldItalic``) with the
GUID it was obfuscated with (ECMA-376 Part 1, §17.8.1). :func:`embed_fonts` adds the theme's
two families, four styles each, to a package's entries, after python-docx has made them, so
nothing else in the writer needs to know. python-docx models none of these parts (the font
table, its relationships, the content types, the settings), so they are edited here as XML,
the one exception to :mod:`.oxml` holding all of it.

The files go in whole, not subset: Word treats a subset embedded font as one it may not
edit with, and a subset of the letters of the briefs' languages saves under a fifth of the
size at several seconds of fontTools per build (README, "The Word copy's fonts"). A font
whose licence bits (OS/2 ``fsType``) forbid embedding, or allow it for viewing only, is left
out: a copy that opens read-only is worse than one set in the reader's fallback face.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from kzrs_reports.templates.theme import FontStyle, Theme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_RELATIONSHIP = f"{R}/font"
FONT_TABLE_RELATIONSHIP = f"{R}/fontTable"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"

FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
SETTINGS = "word/settings.xml"

EMBED_TAGS: dict[FontStyle, str] = {
    "regular": "embedRegular",
    "bold": "embedBold",
    "italic": "embedItalic",
    "bold_italic": "embedBoldItalic",
}
"""The font table's element for each style, in the order CT_Font wants them."""

_FONT_CHILDREN = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig")
_SETTINGS_BEFORE = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
"""The settings that CT_Settings puts before ``w:embedTrueTypeFonts``."""

_EDITABLE_USAGE = (0x0000, 0x0008)
"""``fsType`` usage values that let a reader edit with the font: installable, editable."""
_BITMAP_ONLY = 0x0200


@dataclass(frozen=True, slots=True)
class FontFacts:
    """What the font table says about a face, read from its OS/2 table."""

    embeddable: bool
    """The licence bits let a document carry the font and its reader edit with it."""
    panose: bytes
    unicode_ranges: tuple[int, int, int, int]
    codepage_ranges: tuple[int, int]


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """One font file as it travels in the package."""

    key: str
    """The ``{GUID}`` it is obfuscated with, made from its bytes (same file, same key)."""
    data: bytes
    """The obfuscated file: the ``.odttf`` part's bytes."""
    facts: FontFacts


def font_key(data: bytes) -> str:
    """The obfuscation key for the font file ``data``: a GUID from its SHA-256, in braces.

    Derived, not random, so the same document gives the same bytes every time.
    """
    guid = uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])
    return "{" + str(guid).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """``data`` with its first 32 bytes XORed with the key's 16 bytes, in reverse order,
    twice (ECMA-376 Part 1, §17.8.1). Applying it again gives ``data`` back."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes.fromhex(digits)[::-1] * 2
    head = bytes(a ^ b for a, b in zip(data[:32], mask, strict=False))
    return head + data[32:]


def font_facts(data: bytes) -> FontFacts | None:
    """The OS/2 facts of the TrueType or OpenType file ``data``; None when it is no such file
    or has no OS/2 table (a font table entry cannot be made for it)."""
    try:
        (count,) = struct.unpack_from(">H", data, 4)
        for index in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            if tag == b"OS/2" and length >= 78:
                return _os2_facts(data[offset : offset + length])
    except struct.error:
        return None
    return None


def _os2_facts(table: bytes) -> FontFacts:
    (version,) = struct.unpack_from(">H", table, 0)
    (fs_type,) = struct.unpack_from(">H", table, 8)
    unicode_ranges = struct.unpack_from(">IIII", table, 42)
    has_codepages = version >= 1 and len(table) >= 86
    codepages = struct.unpack_from(">II", table, 78) if has_codepages else (0, 0)
    usage = fs_type & 0x000F
    return FontFacts(
        embeddable=usage in _EDITABLE_USAGE and not fs_type & _BITMAP_ONLY,
        panose=table[32:42],
        unicode_ranges=(unicode_ranges[0], unicode_ranges[1], unicode_ranges[2], unicode_ranges[3]),
        codepage_ranges=(codepages[0], codepages[1]),
    )


@lru_cache(maxsize=32)
def _embedded(path: Path, size: int, mtime_ns: int) -> EmbeddedFont | None:
    """The file at ``path`` ready to embed (its size and time key the cache); None when its
    licence forbids editable embedding or it is no font."""
    data = path.read_bytes()
    facts = font_facts(data)
    if facts is None or not facts.embeddable:
        return None
    key = font_key(data)
    return EmbeddedFont(key, obfuscate(data, key), facts)


def embedded_font(path: Path) -> EmbeddedFont | None:
    """The font file at ``path`` as it would travel in a Word file, or None if it may not."""
    stat = path.stat()
    return _embedded(path.resolve(), stat.st_size, stat.st_mtime_ns)


def theme_fonts(theme: Theme) -> dict[str, dict[FontStyle, EmbeddedFont]]:
    """The faces of ``theme`` that may travel, by family name and style, serif first.

    A family named twice (the same family for serif and sans) is embedded once.
    """
    fonts: dict[str, dict[FontStyle, EmbeddedFont]] = {}
    roles: tuple[Literal["serif", "sans"], ...] = ("serif", "sans")
    for role in roles:
        family = theme.fonts.serif if role == "serif" else theme.fonts.sans
        if family.family in fonts:
            continue
        styles: dict[FontStyle, EmbeddedFont] = {}
        for style in EMBED_TAGS:
            font = embedded_font(theme.font_path(role, style))
            if font is not None:
                styles[style] = font
        fonts[family.family] = styles
    return fonts


def embed_fonts(entries: dict[str, bytes], theme: Theme) -> None:
    """Add ``theme``'s fonts to the package ``entries`` (zip name → bytes), in place.

    Each distinct file becomes one ``word/fonts/fontN.odttf`` part, related from the font
    table, whose entry for its family names it per style with its key; the settings ask Word
    to keep embedding them when it saves the file again. Entries a reference document brought
    for the same families are replaced.
    """
    from lxml import etree

    fonts = theme_fonts(theme)
    if not any(fonts.values()):
        return
    table = _font_table(entries)
    rels = _xml(entries.get(FONT_TABLE_RELS))
    if rels is None:
        rels = etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS})
    _forget_embeds(table, rels, entries, set(fonts))

    parts: dict[str, str] = {}  # obfuscated bytes' key → relationship id
    for family, styles in fonts.items():
        if not styles:
            continue
        element = _font_element(table, family, next(iter(styles.values())).facts)
        for style, font in styles.items():
            if font.key not in parts:
                parts[font.key] = _add_part(entries, rels, font.data)
            embed = etree.SubElement(element, f"{{{W}}}{EMBED_TAGS[style]}")
            embed.set(f"{{{R}}}id", parts[font.key])
            embed.set(f"{{{W}}}fontKey", font.key)

    entries[FONT_TABLE] = _bytes(table)
    entries[FONT_TABLE_RELS] = _bytes(rels)
    _add_default_type(entries, "odttf", OBFUSCATED_FONT)
    _embed_in_settings(entries)


# --------------------------------------------------------------------------- the parts


def _xml(data: bytes | None) -> Any:
    """``data`` parsed (no entities, no network), or None for no data."""
    if data is None:
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(data, parser)


def _bytes(root: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _font_table(entries: dict[str, bytes]) -> Any:
    """The font table's root; made, with its relationship and type, if the package has none."""
    from lxml import etree

    if FONT_TABLE in entries:
        return _xml(entries[FONT_TABLE])
    document_rels = "word/_rels/document.xml.rels"
    rels = _xml(entries[document_rels])
    _relate(rels, FONT_TABLE_RELATIONSHIP, "fontTable.xml")
    entries[document_rels] = _bytes(rels)
    types = _xml(entries["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{TYPES}}}Override")
    override.set("PartName", "/" + FONT_TABLE)
    override.set("ContentType", FONT_TABLE_TYPE)
    entries["[Content_Types].xml"] = _bytes(types)
    return etree.Element(f"{{{W}}}fonts", nsmap={"w": W, "r": R})


def _forget_embeds(table: Any, rels: Any, entries: dict[str, bytes], families: set[str]) -> None:
    """Drop the embedded faces ``families`` already had, with their parts and relationships."""
    dropped: set[str] = set()
    for font in table.iter(f"{{{W}}}font"):
        if font.get(f"{{{W}}}name") in families:
            for tag in EMBED_TAGS.values():
                for embed in font.findall(f"{{{W}}}{tag}"):
                    dropped.add(embed.get(f"{{{R}}}id", ""))
                    font.remove(embed)
    for rel in list(rels):
        if rel.get("Id") in dropped:
            entries.pop("word/" + rel.get("Target", "").lstrip("/").removeprefix("word/"), None)
            rels.remove(rel)


def _font_element(table: Any, family: str, facts: FontFacts) -> Any:
    """The font table's ``w:font`` for ``family``, made (with what Word matches a missing font
    by: panose, family class, pitch and the Unicode and code page ranges) if absent."""
    from lxml import etree

    for font in table.iter(f"{{{W}}}font"):
        if font.get(f"{{{W}}}name") == family:
            return font
    font = etree.SubElement(table, f"{{{W}}}font")
    font.set(f"{{{W}}}name", family)
    values = {
        "panose1": facts.panose.hex().upper(),
        "charset": "00",
        "family": _family_class(facts.panose),
        "pitch": "variable",
    }
    for tag, value in values.items():
        etree.SubElement(font, f"{{{W}}}{tag}").set(f"{{{W}}}val", value)
    sig = etree.SubElement(font, f"{{{W}}}sig")
    for index, bits in enumerate(facts.unicode_ranges):
        sig.set(f"{{{W}}}usb{index}", f"{bits:08X}")
    for index, bits in enumerate(facts.codepage_ranges):
        sig.set(f"{{{W}}}csb{index}", f"{bits:08X}")
    return font


def _family_class(panose: bytes) -> str:
    """Word's family class from the PANOSE serif style: roman (serifed) or swiss (sans)."""
    if len(panose) > 1 and panose[0] == 2:  # Latin text faces
        return "swiss" if panose[1] in (11, 12, 13) else "roman"
    return "auto"


def _add_part(entries: dict[str, bytes], rels: Any, data: bytes) -> str:
    """Store ``data`` as the next free ``word/fonts/fontN.odttf``; return its relationship id."""
    number = 1
    while f"word/fonts/font{number}.odttf" in entries:
        number += 1
    entries[f"word/fonts/font{number}.odttf"] = data
    return _relate(rels, FONT_RELATIONSHIP, f"fonts/font{number}.odttf")


def _relate(rels: Any, kind: str, target: str) -> str:
    """Add a relationship to ``target`` in ``rels`` under the next free ``rIdN``."""
    from lxml import etree

    taken = {rel.get("Id") for rel in rels}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    rel = etree.SubElement(rels, f"{{{RELS}}}Relationship")
    rel.set("Id", f"rId{number}")
    rel.set("Type", kind)
    rel.set("Target", target)
    return f"rId{number}"


def _add_default_type(entries: dict[str, bytes], extension: str, content_type: str) -> None:
    from lxml import etree

    types = _xml(entries["[Content_Types].xml"])
    defaults = types.findall(f"{{{TYPES}}}Default")
    if any(d.get("Extension", "").lower() == extension for d in defaults):
        return
    default = etree.Element(f"{{{TYPES}}}Default")
    default.set("Extension", extension)
    default.set("ContentType", content_type)
    if defaults:
        defaults[-1].addnext(default)
    else:
        types.insert(0, default)
    entries["[Content_Types].xml"] = _bytes(types)


def _embed_in_settings(entries: dict[str, bytes]) -> None:
    """``w:embedTrueTypeFonts`` in the settings: Word keeps the fonts when it saves again."""
    from lxml import etree

    settings = _xml(entries.get(SETTINGS))
    if settings is None or settings.find(f"{{{W}}}embedTrueTypeFonts") is not None:
        return
    flag = etree.Element(f"{{{W}}}embedTrueTypeFonts")
    earlier = [child for child in settings if etree.QName(child).localname in _SETTINGS_BEFORE]
    if earlier:
        earlier[-1].addnext(flag)
    else:
        settings.insert(0, flag)
    entries[SETTINGS] = _bytes(settings)
