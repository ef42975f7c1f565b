"""The DOCX writer's shell: set up a Word document, walk the blocks, save reproducibly."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from kzrs_reports.document.nodes import Document, Metadata
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.dates import document_instant
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.blocks import BlockWriter
from kzrs_reports.writers.docx.inline import clean_text
from kzrs_reports.writers.docx.page import setup_sections, text_width
from kzrs_reports.writers.docx.styles import setup_styles
from kzrs_reports.writers.output import Written, atomic_path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every entry in the .docx zip (the earliest zip can store)."""

_FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


PROPERTY_LIMIT = 255
"""Longest core property value Word (and python-docx) accepts."""


def write_docx(
    document: Document,
    theme: Theme,
    target: Path,
    heading_pages: Mapping[str, int] | None = None,
) -> Written:
    """Write ``document`` as a Word file at ``target``, atomically and reproducibly.

    ``heading_pages`` (by anchor; the PDF's, when one was laid out) are the page numbers the
    stored contents show until Word updates its fields; without them they are estimated.

    The same document and theme always give a byte-identical file. If anything fails, an
    existing ``target`` is left untouched.
    """
    word = build(document, theme, heading_pages)
    buffer = io.BytesIO()
    word.save(buffer)
    data = reproducible_zip(
        buffer.getvalue(),
        {
            "docProps/app.xml": oxml.app_properties(
                company=clean_text(document.meta.organisation), pages=1
            )
        },
    )
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return Written(target, pages=None)


def build(document: Document, theme: Theme, heading_pages: Mapping[str, int] | None = None) -> Any:
    """The python-docx document for ``document`` (not yet saved)."""
    word = docx.Document()
    width = text_width(theme)
    setup_styles(word, theme, document.meta.language, width)
    setup_sections(word, theme, document.meta)
    BlockWriter(word, theme, document, width, heading_pages).write()
    set_properties(word, document.meta)
    _drop_thumbnail(word)
    return word


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


def reproducible_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Rewrite a zip with fixed entry order and timestamps, swapping in ``replace`` entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        order = [n for n in _FIRST_ENTRIES if n in names]
        order += sorted(n for n in names if n not in _FIRST_ENTRIES)
        with zipfile.ZipFile(out, "w") as target:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 0
                target.writestr(info, replace.get(name) or source.read(name))
    return out.getvalue()
