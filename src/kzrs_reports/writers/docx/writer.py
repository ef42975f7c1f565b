"""The DOCX writer's shell: set up a Word document, write the blocks, save reproducibly."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem

from kzrs_reports.core.archive import deflated, reproducible_zip
from kzrs_reports.core.cache import keep, read_kept
from kzrs_reports.core.version import __version__
from kzrs_reports.document.nodes import Document, Metadata
from kzrs_reports.templates.reference import WordReference, read_reference
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.dates import document_instant
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.ahead import opened_ahead
from kzrs_reports.writers.docx.blocks import BlockWriter
from kzrs_reports.writers.docx.fonts import embed_fonts, theme_fonts
from kzrs_reports.writers.docx.inline import clean_text
from kzrs_reports.writers.docx.page import setup_sections
from kzrs_reports.writers.docx.reference import apply_reference
from kzrs_reports.writers.docx.rhythm import apply_rhythm, breaks_before
from kzrs_reports.writers.docx.styles import (
    BRIEF_STYLES,
    StyleIdMap,
    StyleIds,
    ids_from_json,
    ids_to_json,
    setup_styles,
)
from kzrs_reports.writers.protocol import Written

_FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
_REPEATED = ("word/fonts/", "word/media/", "word/styles", "word/theme/")
"""Parts that come back unchanged build after build: deflated once per process (the styles
and their copy with effects, 0.8 MB, are the styled template's, whatever the document)."""
_LASTING = ("word/fonts/",)
"""Parts that never change (a font file's bytes): kept deflated for later processes too."""


PROPERTY_LIMIT = 255
"""Longest core property value Word (and python-docx) accepts."""


class DocxWriter:
    """The Word writer: Word lays out the pages, so it takes the PDF's heading pages."""

    format = "docx"
    lays_out_pages = False

    def prepare(self, theme: Theme | None = None) -> None:
        """For ``theme``, when given, style Word's default template (or read it, styled, from
        the cache folder), open the template of the next document (:mod:`.ahead`) and deflate
        the fonts that travel with the document: the slow parts of a DOCX. Without a theme,
        importing the writer was all."""
        if theme is not None:
            template = styled_template(theme, "en-GB")
            opened_ahead.open_ahead(template.data)  # python-docx's first reading is slow
            for faces in theme_fonts(theme).values():
                for font in faces.values():
                    deflated(font.data, lasting=True)

    def write(
        self,
        document: Document,
        theme: Theme,
        path: Path,
        heading_pages: Mapping[str, int] | None = None,
    ) -> Written:
        """Write ``document`` as a Word file at ``path``, reproducibly.

        ``heading_pages`` (by anchor; the PDF's, when one was laid out) are the page numbers
        the stored contents show until Word updates its fields; without them they are
        estimated. The same document and theme always give a byte-identical file.
        """
        word = build(document, theme, heading_pages)
        entries = package_entries(word)
        embed_fonts(entries, theme)
        entries["docProps/app.xml"] = oxml.app_properties(
            company=clean_text(document.meta.organisation), pages=1
        )
        path.write_bytes(docx_zip(entries))
        return Written(path, pages=None)


def build(document: Document, theme: Theme, heading_pages: Mapping[str, int] | None = None) -> Any:
    """The python-docx document for ``document`` (not yet saved)."""
    template = styled_template(theme, document.meta.language)
    word = opened_ahead.open(template.data)
    styles = StyleIds(word.styles, template.style_ids)
    setup_sections(word, theme, document.meta, styles)
    BlockWriter(word, theme, document, heading_pages, styles).write(document.blocks)
    breaks_before(word.element.body)
    set_properties(word, document.meta)
    _drop_thumbnail(word)
    return word


@dataclass(frozen=True)
class StyledTemplate:
    """python-docx's default document with a brief's styles set up (those of the house's
    reference document, when it has one)."""

    data: bytes
    """The styled document as .docx bytes; reopening them gives the same XML as styling."""
    style_ids: StyleIdMap = field(default_factory=dict)
    """Style ids by name: those of :data:`BRIEF_STYLES` the document has, looked up by
    python-docx when the template was styled, and any other as documents opened from
    ``data`` look it up."""


def styled_template(theme: Theme, language: str) -> StyledTemplate:
    """The styled template for ``theme`` and ``language``, made once per process and pair
    (and reference document, when the theme names one: read on every call, so that an
    edited reference restyles the next build).

    Styling the template is a quarter of a build and depends on the theme and language only,
    so a process that builds many briefs (``watch``, batch) does it once, and keeps the result
    in the cache folder (:mod:`kzrs_reports.core.cache`) for the next process: under a digest
    of the theme, the language, the reference document, the Word writer's code and the
    versions of python-docx and this tool.
    """
    return _styled_template(theme, language, read_reference(theme))


@functools.lru_cache(maxsize=8)
def _styled_template(
    theme: Theme, language: str, reference: WordReference | None
) -> StyledTemplate:
    digest = hashlib.sha256(f"{_code_digest()}\0{language}\0".encode())
    digest.update(theme.model_dump_json().encode())
    if reference is not None:
        for role, xml in (("document", reference.document), *reference.parts):
            digest.update(f"\0{role}\0{len(xml)}\0".encode() + xml)
    name = f"styled-{digest.hexdigest()}"
    kept, kept_ids = read_kept(f"{name}.docx"), read_kept(f"{name}.ids.json")
    known = ids_from_json(kept_ids) if kept_ids is not None else None
    if kept is not None and known is not None:
        return StyledTemplate(kept, known)
    data = kept if kept is not None else _style_template(theme, language, reference)
    # python-docx finds a style's id by scanning every style, twice: done once here, kept
    # beside the template, and no later process does it again.
    ids: StyleIdMap = {}
    StyleIds(docx.Document(io.BytesIO(data)).styles, ids).look_up(BRIEF_STYLES)
    if kept is None:
        keep(f"{name}.docx", data)
    keep(f"{name}.ids.json", ids_to_json(ids))
    return StyledTemplate(data, ids)


@functools.cache
def _code_digest() -> str:
    """SHA-256 of what decides how a template is styled, besides its theme and language: the
    Word writer's modules and the versions of this tool and of python-docx."""
    digest = hashlib.sha256(f"{__version__}\0{docx.__version__}\0".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _style_template(theme: Theme, language: str, reference: WordReference | None) -> bytes:
    """python-docx's default document, styled for ``theme`` and ``language``, as .docx bytes."""
    word = docx.Document()
    setup_styles(word, theme, language)
    apply_rhythm(word, theme)  # the shipped styles' spacing; a house's reference then wins
    if reference is not None:
        apply_reference(word, reference, language)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def document_time(meta: Metadata) -> datetime:
    """The document's instant in UTC: ``SOURCE_DATE_EPOCH``, else its date, else 1 January 2000."""
    try:
        when = document_instant(meta.date)
    except ValueError:
        when = None
    return when or datetime(2000, 1, 1, tzinfo=UTC)


def set_properties(word: Any, meta: Metadata) -> None:
    """Core properties from the metadata, with fixed dates and no template leftovers."""
    props = word.core_properties
    when = document_time(meta)
    props.title = _property(meta.title)
    props.author = _property(meta.author)
    props.last_modified_by = _property(meta.author)
    props.subject = _property(meta.subject)
    props.keywords = _property(", ".join(meta.keywords))
    props.language = meta.language
    props.version = clean_text(meta.edition)
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.revision = 1
    props.created = when
    props.modified = when


def _property(text: str) -> str:
    """``text`` as a core property: Word's properties hold 255 characters at most."""
    text = clean_text(text)
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def _drop_thumbnail(word: Any) -> None:
    """Remove the template's thumbnail picture (a python-docx leftover) from the package."""
    rels = word.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(r_id)


def package_entries(word: Any) -> dict[str, bytes]:
    """Every entry ``word.save()`` would write, by zip name, without writing a zip.

    The same parts, relationships and content types as python-docx's own ``save``, so the
    writer can zip them once, reproducibly, instead of zipping and then rewriting the zip.
    """
    package = word.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    entries = {
        CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
        PACKAGE_URI.rels_uri.membername: package.rels.xml,
    }
    for part in parts:
        entries[part.partname.membername] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return entries


def docx_zip(entries: Mapping[str, bytes]) -> bytes:
    """The .docx zip of ``entries``: the content types, the package relationships and the
    document first (where readers look for them), then the rest by name; fixed times."""
    order = [n for n in _FIRST_ENTRIES if n in entries]
    order += sorted(n for n in entries if n not in _FIRST_ENTRIES)
    members = ((name, entries[name]) for name in order)
    return reproducible_zip(members, reused=_REPEATED, lasting=_LASTING)
