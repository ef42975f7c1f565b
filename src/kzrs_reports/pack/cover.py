"""The pack's cover: its title, marking, date and the contents with each document's page.

The cover is a template like any document's (``templates/pack/cover.md.j2``, with the default
set's labels and house style), rendered to the document model and written by the same
writers, so it has a Word version, the marking at the head and foot of the page as on every
document of the pack, and no word that does not come from the labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from kzrs_reports.build import page_labels
from kzrs_reports.document.nodes import Document, Metadata
from kzrs_reports.document.parse import parse_markdown
from kzrs_reports.templates import COVER_TEMPLATE, TemplateSet, labels_in, render_template
from kzrs_reports.writers.documents import write_documents


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """One document as the cover lists it."""

    number: int
    """Its place in the pack, from 1."""
    kind: str
    """The name of its kind of document (``Brief``, ``Summary``…), or of an annex."""
    title: str
    marking: str
    """Its marking as the cover prints it (in the pack's language)."""
    page: int
    """The pack page it starts on (1 = the cover's first page)."""


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says."""

    title: str
    marking: str
    """The highest marking of the pack and its documents, as printed in the pack's language."""
    date: dt.date
    edition: str | None
    language: str
    """BCP 47 language tag: the cover's dates are written in it."""
    contents: tuple[ContentsLine, ...]


@dataclass(frozen=True, slots=True)
class CoverFiles:
    """The cover as written: a PDF, its Word version, the PDF's page count, and the contents
    it lists."""

    pdf: Path
    docx: Path
    pages: int
    contents: tuple[ContentsLine, ...]


def cover_document(cover: Cover, templates: TemplateSet, page_label: str) -> Document:
    """The cover as a document: the cover template of ``templates`` (the shipped ``pack``
    set) rendered for ``cover`` and parsed, with ``page_label`` in its footer (empty for none).

    Raises :class:`~kzrs_reports.core.errors.TemplateError` naming the template's file and
    line when the template or its labels are wrong.
    """
    rendered = render_template(templates, COVER_TEMPLATE, {"pack": cover}, cover.language)
    blocks = parse_markdown(rendered.markdown, {}, rendered.place)
    meta = Metadata(
        title=cover.title,
        author="",
        subject=cover.marking,
        language=cover.language,
        classification=cover.marking,
        date=cover.date.isoformat(),
        edition=cover.edition or "",
        labels=replace(page_labels(labels_in(templates, cover.language)), page=page_label),
    )
    return Document(meta, blocks)


def write_cover(cover: Cover, templates: TemplateSet, page_label: str, stem: Path) -> CoverFiles:
    """Write the cover (:func:`cover_document`) in the house style of ``templates`` as
    ``<stem>.pdf`` and ``<stem>.docx``, all or nothing, the same bytes for the same cover.
    Raises what :func:`write_documents` raises."""
    targets = {fmt: stem.parent / f"{stem.name}.{fmt}" for fmt in ("pdf", "docx")}
    document = cover_document(cover, templates, page_label)
    written = write_documents(document, templates.theme, targets)
    pages = next(w.pages for w in written if w.pages is not None)
    return CoverFiles(targets["pdf"], targets["docx"], pages, cover.contents)
