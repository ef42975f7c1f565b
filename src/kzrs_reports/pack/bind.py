"""Binding a pack: the cover and every part's PDF merged into one, each page stamped with its
pack page number, and the Word versions zipped in the same order; each written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

from kzrs_reports.core.archive import reproducible_zip
from kzrs_reports.core.errors import PackError, describe
from kzrs_reports.core.files import atomic_path
from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.pack.cover import CoverFiles
from kzrs_reports.pack.links import Target, link_contents
from kzrs_reports.pack.numbers import stamp_pack_numbers
from kzrs_reports.pack.words import PackWords
from kzrs_reports.templates.theme import Theme


@dataclass(frozen=True, slots=True)
class Part:
    """One document of the pack, ready to merge."""

    id: str
    """Names the document when it is sent on its own: its PDF's name (the brief id and the
    kind) for a visit document, ``<pack>-annex-<n>`` for the n-th annex."""
    title: str
    kind: str | None
    """The kind of document built from a visit file (``brief``, ``summary``…); None for an
    annex."""
    marking: str
    """The id of its level in the pack's scheme."""
    pdf: Path
    pages: int
    docx: Path | None
    marking_mm: float
    """The baseline of the part's top marking below the top edge, where its pages are stamped."""
    printed: str
    """``marking`` (a level's id) as the part prints it: in its own language for a visit
    document, in the pack's for an annex."""


@dataclass(frozen=True, slots=True)
class Binding:
    """What the bound PDF says of itself, and where its cover's marking stands."""

    title: str
    marking: str
    """The highest marking of the pack and its documents, as printed."""
    language: str
    """BCP 47 language tag of the pack's own words."""
    cover_marking_mm: float
    """The baseline of the cover's top marking below the top edge, where it is stamped."""


def page_count(path: Path) -> int:
    """The number of pages of the PDF at ``path``; :class:`PackError` if it cannot be read."""
    try:
        return len(PdfReader(path).pages)
    except (OSError, PyPdfError) as exc:
        raise PackError(f"{path}: cannot read this PDF: {exc}") from None


def bind_pdf(
    binding: Binding,
    cover: CoverFiles,
    parts: Sequence[Part],
    words: PackWords,
    theme: Theme,
    target: Path,
) -> int:
    """Write the cover, then every page of ``parts`` in order, as one PDF at ``target``, and
    return its page count.

    Each part gets a bookmark (in ``words``) with its own bookmarks nested beneath, every page
    the stamp ``words.stamp`` on the baseline of its own top marking, in ``theme``'s font (the
    cover's). Each line of the cover's contents becomes a link to its part's first page.
    Raises :class:`PackError` if a part cannot be read, before ``target`` is touched.
    """
    writer = PdfWriter()
    writer.append(cover.pdf, outline_item=words.bookmark_cover, import_outline=False)
    baselines = [binding.cover_marking_mm] * cover.pages
    for part in parts:
        label = words.bookmark(part.kind, part.title)
        try:
            writer.append(part.pdf, outline_item=label, import_outline=True)
        except (OSError, PyPdfError) as exc:
            raise PackError(f"{part.pdf}: cannot read this PDF: {exc}") from None
        baselines += [part.marking_mm] * part.pages
    targets = [
        Target(str(line.number), line.page, words.bookmark(part.kind, part.title))
        for line, part in zip(cover.contents, parts, strict=True)
    ]
    link_contents(writer, cover.pages, targets, PageGeometry.of(theme))
    stamp_pack_numbers(writer, baselines, words.stamp, theme)
    writer.add_metadata({"/Title": binding.title, "/Subject": binding.marking})
    writer.root_object[NameObject("/Lang")] = TextStringObject(binding.language)
    writer.page_mode = "/UseOutlines"
    # The parts share fonts, images and their furniture: one copy of each keeps the pack
    # about a third smaller than the sum of its parts.
    writer.compress_identical_objects()
    data = io.BytesIO()
    writer.write(data)
    with atomic_path(target) as temp:
        temp.write_bytes(data.getvalue())
    return len(writer.pages)


def zip_word_files(files: Sequence[Path], target: Path) -> None:
    """Zip the Word files as ``00-<name>``, ``01-<name>``… in pack order (the cover's first),
    with fixed times. All are read first: an unreadable one raises :class:`PackError` before
    the zip is started."""
    entries = []
    for number, path in enumerate(files):
        try:
            entries.append((f"{number:02d}-{path.name}", path.read_bytes()))
        except OSError as exc:
            raise PackError(f"{path}: cannot read: {describe(exc)}") from None
    data = reproducible_zip(entries)
    with atomic_path(target) as temp:
        temp.write_bytes(data)
