"""A house's Word template: the reference ``.docx`` a ``theme.yaml`` names, checked and read.

``word: {reference: reference.docx}`` names a Word document of the template set whose styles,
numbering, page setup and settings the DOCX writer uses (as Pandoc's ``--reference-doc``
does). The file comes from outside, so it is read as hostile, as the logo is: it must lie
inside the set and be at most :data:`MAX_REFERENCE_BYTES`; it must be a Word document (a zip
package with a main document of the ``.docx`` or ``.dotx`` type), not an encrypted one (Word
stores those as an OLE compound file) and not one carrying macros (a ``vbaProject.bin`` or a
macro-enabled content type). Only the parts the writer takes are read, each at most
:data:`MAX_PART_BYTES`, as XML without DTDs or entities; nothing of the body is used.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.templates.logo import read_inside, svg_root

if TYPE_CHECKING:
    from kzrs_reports.templates.theme import Theme

MAX_REFERENCE_BYTES = 10_000_000
"""The largest reference document accepted."""
MAX_PART_BYTES = 10_000_000
"""The most bytes one part of it may unpack to."""
MAX_ENTRIES = 5_000
"""The most files its zip may hold."""

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PART_ROLES = ("styles", "numbering", "settings", "theme", "fontTable")
"""The parts of a reference the Word document takes, by relationship type."""


@dataclass(frozen=True)
class WordReference:
    """A checked reference document: the XML of the parts the writer takes."""

    name: str
    """The file's name inside the template set."""
    where: str
    """Where a message about it points: ``…/theme.yaml: word.reference: reference.docx``."""
    document: bytes
    """The main document's XML (its last ``w:sectPr`` is the page setup)."""
    parts: tuple[tuple[str, bytes], ...]
    """The XML of each of :data:`PART_ROLES` the document has, with its role (a tuple, so
    that a reference can key a cache)."""


def reference_field(theme: Theme) -> str:
    """``…/theme.yaml: word.reference``: where a message about the reference points."""
    return f"{theme.base_dir / 'theme.yaml'}: word.reference"


def read_reference(theme: Theme) -> WordReference | None:
    """The theme's checked reference document, or None when the theme names none.

    Raises :class:`TemplateError` naming theme.yaml's ``word.reference`` field and the file
    when it is missing, outside the template set, too large, not a Word document, encrypted,
    or carries macros.
    """
    if theme.word is None:
        return None
    name, where = theme.word.reference, reference_field(theme)
    return _checked(
        read_inside(theme.base_dir, name, where, MAX_REFERENCE_BYTES, TemplateError), name, where
    )


@functools.lru_cache(maxsize=8)
def _checked(data: bytes, name: str, where: str) -> WordReference:
    """The reference in ``data`` checked and its parts read: once a process for the same
    bytes (every build reads the file again; one that changed is checked anew)."""
    if data.startswith(_OLE_SIGNATURE):
        raise TemplateError(
            f"{where}: {name} is an encrypted Word document (or an old .doc): save it as a "
            "Word Document (.docx) without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _read_package(package, name, where)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise TemplateError(
            f"{where}: {name} is not a Word document (.docx): {_reason(exc)}"
        ) from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile) and not str(exc).startswith("Bad CRC"):
        return "it is not a zip package"
    return str(exc)


def _read_package(package: zipfile.ZipFile, name: str, where: str) -> WordReference:
    """The parts of a zip package checked to be a Word document without macros."""
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        raise TemplateError(f"{where}: {name} holds more than {MAX_ENTRIES:,} files")
    entries = {info.filename: info for info in infos}
    macros = [n for n in entries if posixpath.basename(n).lower() == "vbaproject.bin"]
    if macros:
        raise _macros(where, name, macros[0])
    types = _xml(package, entries, "[Content_Types].xml", name, where)
    if types is None:
        raise TemplateError(
            f"{where}: {name} is not a Word document: it has no [Content_Types].xml"
        )
    content_types = {
        (element.get("PartName") or "").lstrip("/"): element.get("ContentType") or ""
        for element in types.iter(f"{_TYPES}Override")
    }
    every_type = [e.get("ContentType") or "" for e in types if isinstance(e.tag, str)]
    enabled = next((t for t in every_type if "macroenabled" in t.lower()), None)
    if enabled is not None:
        raise _macros(where, name, enabled)
    main = _targets(package, entries, "", name, where).get("officeDocument")
    if main is None or main not in entries:
        raise TemplateError(f"{where}: {name} is not a Word document: it has no word/document.xml")
    if content_types.get(main) not in _MAIN_TYPES:
        raise TemplateError(
            f"{where}: {name} is not a Word document (.docx): its main part is "
            f"{content_types.get(main) or 'of no known type'}"
        )
    document = _read(package, entries, main, name, where)
    parts: dict[str, bytes] = {}
    for role, target in _targets(package, entries, main, name, where).items():
        if role in PART_ROLES and target in entries:
            parts[role] = _read(package, entries, target, name, where)
    styles = svg_root(parts["styles"]) if "styles" in parts else None
    if styles is not None and styles.tag != f"{_W}styles":
        raise TemplateError(
            f"{where}: {name}: its styles are not WordprocessingML (Strict Open XML?): "
            "save it as a Word Document (.docx)"
        )
    return WordReference(name, f"{where}: {name}", document, tuple(sorted(parts.items())))


def _macros(where: str, name: str, what: str) -> TemplateError:
    return TemplateError(
        f"{where}: {name} carries macros ({what}): save it as a Word Document (.docx), "
        "not a macro-enabled one"
    )


def _targets(
    package: zipfile.ZipFile, entries: Mapping[str, Any], source: str, name: str, where: str
) -> dict[str, str]:
    """The internal targets of ``source``'s relationships (the package's for ``""``), by
    the last word of their type (``officeDocument``, ``styles``…), as zip names."""
    folder, base = posixpath.split(source)
    rels = _xml(package, entries, posixpath.join(folder, "_rels", f"{base}.rels"), name, where)
    targets: dict[str, str] = {}
    for rel in [] if rels is None else rels.iter(_PKG_REL):
        kind, target = rel.get("Type") or "", rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not kind.startswith(_REL):
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        targets.setdefault(kind[len(_REL) :], posixpath.normpath(path))
    return targets


def _xml(
    package: zipfile.ZipFile, entries: Mapping[str, Any], entry: str, name: str, where: str
) -> Any:
    """The parsed XML of ``entry``, or None when the package has no such file."""
    if entry not in entries:
        return None
    return _parse(_read(package, entries, entry, name, where, check=False), entry, name, where)


def _read(
    package: zipfile.ZipFile,
    entries: Mapping[str, Any],
    entry: str,
    name: str,
    where: str,
    check: bool = True,
) -> bytes:
    """The bytes of ``entry``, at most :data:`MAX_PART_BYTES`, checked to be XML."""
    if entries[entry].flag_bits & 0x1:
        raise TemplateError(
            f"{where}: {name} is an encrypted Word document: save it without a password"
        )
    with package.open(entry) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise TemplateError(
            f"{where}: {name}: {entry} unpacks to more than {MAX_PART_BYTES:,} bytes"
        )
    if check:
        _parse(data, entry, name, where)
    return data


def _parse(data: bytes, entry: str, name: str, where: str) -> Any:
    """``data`` as XML without DTDs or entities (as an SVG logo is read)."""
    from lxml import etree

    try:
        root = svg_root(data)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{where}: {name}: {entry} is unreadable XML: {exc}") from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise TemplateError(f"{where}: {name}: {entry} declares a DOCTYPE")
    return root
