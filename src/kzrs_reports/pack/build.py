"""Build a pack: each document through the usual (incremental) build, a cover, one merged PDF.

The merged PDF is the cover, then every document's pages in order, with one bookmark per
document and that document's own bookmarks nested beneath it; beside it a zip of the Word
versions of the documents built from visit files. Both are written atomically, and nothing is
written unless every document was built.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from kzrs_reports.core.errors import PackError, describe
from kzrs_reports.core.files import atomic_path, reproducible_zip
from kzrs_reports.core.markings import Markings
from kzrs_reports.pack.cover import MARKING_FROM_TOP_MM, ContentsLine, Cover, cover_pdf
from kzrs_reports.pack.model import PackFile
from kzrs_reports.pack.numbers import stamp_pack_numbers

ANNEX = "Annex"
"""What the cover calls an external PDF."""


@dataclass(frozen=True, slots=True)
class Part:
    """One document of the pack, ready to merge."""

    id: str
    """Names the document when it is sent on its own: its PDF's name (the brief id and the
    kind) for a visit document, ``<pack>-annex-<n>`` for the n-th annex."""
    title: str
    what: str
    marking: str
    pdf: Path
    pages: int
    docx: Path | None = None
    marking_mm: float = 12.0
    """The baseline of the part's top marking below the top edge, where its pages are stamped."""


@dataclass(frozen=True, slots=True)
class PackResult:
    """What a pack build wrote."""

    name: str
    """The pack's id: the stem of its files."""
    title: str
    edition: str | None
    pdf: Path
    docx_zip: Path
    pages: int
    cover_pages: int
    parts: tuple[Part, ...]
    marking: str
    built: tuple[str, ...]
    """One line per visit document: built anew, or up to date."""


def pack_name(pack_path: Path, pack: PackFile) -> str:
    """The stem of the pack's output files: its ``id``, else the pack file's name."""
    return pack.id or pack_path.stem


def build_pack(
    pack_path: Path, pack: PackFile, out_dir: Path, charts_dir: Path = Path("charts")
) -> PackResult:
    """Build every document of ``pack`` (reusing up-to-date ones) and bind them into one PDF.

    Writes ``<name>.pdf`` and ``<name>-docx.zip`` into ``out_dir``. Raises :class:`PackError`
    (nothing of the pack written) if a document fails to build or a part cannot be read.
    """
    markings = Markings()
    name = pack_name(pack_path, pack)
    parts: list[Part] = []
    built: list[str] = []
    for index, entry in enumerate(pack.documents):
        if entry.visit is not None:
            part, line = _visit_part(
                pack_path.parent / entry.visit, entry.document_kind, out_dir, charts_dir
            )
            built.append(line)
        else:
            assert entry.annex is not None and entry.title is not None
            path = pack_path.parent / entry.annex
            marking = entry.classification or pack.classification
            annexes = sum(p.what == ANNEX for p in parts) + 1
            part = Part(
                f"{name}-annex-{annexes}",
                entry.title,
                ANNEX,
                marking,
                path,
                _page_count(path),
                None,
                _marking_mm(),
            )
        if markings.rank(part.marking) is None:
            raise PackError(
                f"documents[{index}]: cannot place the marking {part.marking!r} of {part.pdf} "
                f"among {markings.describe()}"
            )
        parts.append(part)
    marking = max(
        [pack.classification, *(p.marking for p in parts)],
        key=lambda m: markings.rank(m) or 0,
    )
    cover, cover_pages = _cover(pack, marking, parts)
    pdf = out_dir / f"{name}.pdf"
    baselines = [MARKING_FROM_TOP_MM] * cover_pages
    for part in parts:
        baselines += [part.marking_mm] * part.pages
    docx_zip = out_dir / f"{name}-docx.zip"
    _refuse_overwriting(parts, pdf)
    pages = _merge(pack, cover, parts, pdf, baselines)
    _zip_docx([p.docx for p in parts if p.docx is not None], docx_zip)
    return PackResult(
        name,
        pack.title,
        pack.edition,
        pdf,
        docx_zip,
        pages,
        cover_pages,
        tuple(parts),
        marking,
        tuple(built),
    )


def _refuse_overwriting(parts: list[Part], pdf: Path) -> None:
    """Raise :class:`PackError` if the pack's PDF would replace one of its own parts (a pack
    id equal to a brief's id, or an annex kept in the output folder under the pack's name)."""
    for index, part in enumerate(parts):
        if part.pdf.resolve() == pdf.resolve():
            raise PackError(
                f"documents[{index}]: the pack would overwrite {pdf.name}, this document's own "
                "PDF; give the pack an id of its own"
            )


def _visit_part(path: Path, kind: str, out_dir: Path, charts_dir: Path) -> tuple[Part, str]:
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.incremental import run_build
    from kzrs_reports.load import load_visit

    options = BuildOptions(out_dir, charts_dir, kind=kind)
    outcome = run_build(path, options)
    if outcome.failed:
        raise PackError(f"{path}: not built: {outcome.reason}", outcome.problems)
    brief = load_visit(path).brief
    pdf = options.output(brief.id, "pdf")
    what = kind.replace("-", " ").capitalize()
    docx = options.output(brief.id, "docx")
    part = Part(
        pdf.stem,
        brief.title,
        what,
        brief.classification,
        pdf,
        _page_count(pdf),
        docx,
        _marking_mm(kind),
    )
    return part, outcome.summary()


def _marking_mm(kind: str | None = None) -> float:
    """Where the top marking sits in documents of ``kind`` (an annex: as in the brief)."""
    from kzrs_reports.templates import cached_template_set, kind_templates

    directory = kind_templates(kind) if kind else None
    return cached_template_set(directory).theme.page.margin_top_mm / 2


def _page_count(path: Path) -> int:
    try:
        return len(PdfReader(path).pages)
    except (OSError, PyPdfError) as exc:
        raise PackError(f"{path}: cannot read this PDF: {exc}") from None


def _cover(pack: PackFile, marking: str, parts: list[Part]) -> tuple[bytes, int]:
    """The cover and its page count; drawn again if the contents pushed it onto more pages."""
    cover_pages = 1
    while True:
        lines, page = [], cover_pages + 1
        for part in parts:
            lines.append(ContentsLine(part.title, part.what, part.marking, page))
            page += part.pages
        data = cover_pdf(Cover(pack.title, marking, pack.date, pack.edition, lines))
        drawn = len(PdfReader(io.BytesIO(data)).pages)
        if drawn == cover_pages:
            return data, cover_pages
        cover_pages = drawn


def _merge(
    pack: PackFile, cover: bytes, parts: list[Part], target: Path, baselines_mm: list[float]
) -> int:
    writer = PdfWriter()
    writer.append(io.BytesIO(cover), outline_item="Cover", import_outline=False)
    for part in parts:
        label = part.title if part.what == ANNEX else f"{part.what}: {part.title}"
        try:
            writer.append(part.pdf, outline_item=label, import_outline=True)
        except (OSError, PyPdfError) as exc:
            raise PackError(f"{part.pdf}: cannot read this PDF: {exc}") from None
    stamp_pack_numbers(writer, baselines_mm)
    writer.add_metadata({"/Title": pack.title, "/Subject": pack.classification})
    writer.page_mode = "/UseOutlines"
    # The parts share fonts, images and their furniture: one copy of each keeps the pack
    # about a third smaller than the sum of its parts.
    writer.compress_identical_objects()
    data = io.BytesIO()
    writer.write(data)
    with atomic_path(target) as temp:
        temp.write_bytes(data.getvalue())
    return len(writer.pages)


def _zip_docx(files: list[Path], target: Path) -> None:
    """Zip the Word files, read first: an unreadable one stops the zip before it is started."""
    entries = []
    for number, path in enumerate(files, start=1):
        try:
            entries.append((f"{number:02d}-{path.name}", path.read_bytes()))
        except OSError as exc:
            raise PackError(f"{path}: cannot read: {describe(exc)}") from None
    data = reproducible_zip(entries)
    with atomic_path(target) as temp:
        temp.write_bytes(data)
