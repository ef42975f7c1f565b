"""Build a pack: each document through the usual (incremental) build, a cover, one merged PDF.

The merged PDF is the cover, then every document's pages in order, with one bookmark per
document and that document's own bookmarks nested beneath it; beside it a zip of the Word
versions: the cover's first, then those of the documents built from visit files (binding:
:mod:`.bind`). Nothing is written unless every document was built. Every word the pack adds
(the cover's, the page stamps, the bookmarks) comes from the labels (:mod:`.words`). An
annex is bound, and mailed, without its active content (:mod:`.active`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pypdf.errors import PyPdfError

from kzrs_reports.build import BuildOptions
from kzrs_reports.core.errors import PackError
from kzrs_reports.core.files import atomic_path, file_digest
from kzrs_reports.core.markings import MarkingScheme
from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.incremental import Outcome
from kzrs_reports.incremental.fingerprint import toolchain_digest
from kzrs_reports.incremental.record import forget, record_path
from kzrs_reports.load.schemes import load_scheme
from kzrs_reports.model.scheme import is_house_file
from kzrs_reports.pack.active import strip_active
from kzrs_reports.pack.bind import Binding, Part, bind_pdf, page_count, zip_word_files
from kzrs_reports.pack.cover import ContentsLine, Cover, CoverFiles, write_cover
from kzrs_reports.pack.documents import build_documents, visit_builds
from kzrs_reports.pack.model import PackFile
from kzrs_reports.pack.record import (
    DocumentRecord,
    PackRecord,
    current_pack,
    digests,
    pack_inputs,
    pack_record_path,
    pack_settings,
    write_pack_record,
)
from kzrs_reports.pack.result import PackResult as PackResult
from kzrs_reports.pack.result import recorded_result, result_json
from kzrs_reports.pack.words import PackWords, pack_words
from kzrs_reports.templates import (
    DEFAULT_KIND,
    PACK_TEMPLATES,
    TemplateSet,
    cached_template_set,
    document_kinds,
    kind_templates,
    labels_in,
)

MAX_COVER_PASSES = 4
"""Times the cover is written before giving up on a page count that its contents agree with
(a second pass is needed only when the contents push the cover onto another page)."""


def pack_name(pack_path: Path, pack: PackFile) -> str:
    """The stem of the pack's output files: its ``id``, else the pack file's name."""
    return pack.id or pack_path.stem


def build_pack(
    pack_path: Path,
    pack: PackFile,
    out_dir: Path,
    charts_dir: Path = Path("charts"),
    language: str | None = None,
    jobs: int | None = None,
) -> PackResult:
    """Build every document of ``pack`` (reusing up-to-date ones) and bind them into one PDF.

    Writes ``<name>.pdf`` and ``<name>-docx.zip`` into ``out_dir``; an up-to-date document is
    bound from its build record, without reading its visit file. A pack whose record shows it
    up to date (:mod:`.record`: its documents, annexes, pack file, templates, labels,
    catalogs, scheme, settings and tool unchanged) is not bound again: its files are left as
    they are and the result says so (:attr:`PackResult.current`). The documents to build are
    built in up to ``jobs`` processes (default: the cores this process may run on). With
    ``language``, the pack's edition in that language: its cover, stamps and bookmarks in its
    words, each document its edition (:attr:`BuildOptions.language`), written as
    ``<name>.<language>.pdf`` and ``<name>-docx.<language>.zip``, with a record of its own.
    Raises :class:`PackError` (nothing of the pack written) if a document fails to build or a
    part cannot be read, and :class:`~kzrs_reports.core.errors.TemplateError` if the cover's
    template or labels are wrong.
    """
    scheme = load_scheme(pack.marking_scheme, pack_path.parent)
    current = current_pack(pack_path, out_dir, charts_dir, language, PACK_TEMPLATES)
    if current is not None:
        try:
            return recorded_result(pack_path, pack, out_dir, language, scheme, current)
        except (KeyError, TypeError, ValueError):
            pass  # a damaged record: the pack is bound again
    words_language = language or pack.language
    annexes = [pack_path.parent / e.annex for e in pack.documents if e.annex is not None]
    house = [pack_path.parent / pack.marking_scheme] if is_house_file(pack.marking_scheme) else []
    read = pack_inputs(pack_path, [*annexes, *house], words_language, PACK_TEMPLATES)
    read_before = _digests_or_none(read)
    templates = cached_template_set(PACK_TEMPLATES)
    words = pack_words(labels_in(templates, words_language), document_kinds())
    builds = visit_builds(pack_path, pack, out_dir, charts_dir, language)
    outcomes = build_documents(builds, jobs)
    documents = _document_records(pack, builds)
    name = pack_name(pack_path, pack)
    parts, removed = _parts(pack_path, pack, name, outcomes, out_dir, charts_dir, language, scheme)
    highest = scheme.highest([pack.classification, *(p.marking for p in parts)])
    printed = scheme.printed(highest, words_language)
    edition = f".{language}" if language else ""
    pdf = out_dir / f"{name}{edition}.pdf"
    docx_zip = out_dir / f"{name}-docx{edition}.zip"
    _refuse_overwriting(parts, pdf)
    record_file = pack_record_path(out_dir, pack_path, language)
    forget(record_file)  # no record vouches for a pack while its files are being replaced
    with tempfile.TemporaryDirectory(prefix="kzrs-pack-") as folder:
        stem = Path(folder) / f"{name}-cover"
        cover = _cover(pack, scheme, printed, parts, templates, words, stem, words_language)
        cover_mm = PageGeometry.of(templates.theme).marking_from_top_mm
        title = said_in(pack.title, language, pack.language)
        binding = Binding(title, printed, words_language, cover_mm)
        pages = bind_pdf(binding, cover, parts, words, templates.theme, pdf)
        zip_word_files([cover.docx, *(p.docx for p in parts if p.docx is not None)], docx_zip)
    result = PackResult(
        name,
        title,
        pack.edition,
        pdf,
        docx_zip,
        pages,
        cover.pages,
        tuple(parts),
        highest.id,
        tuple(o.summary() for o in outcomes),
        scheme,
        printed,
        words_language,
        language,
        tuple(removed),
    )
    if read_before is not None:  # else no record: the pack is bound again next time
        settings = pack_settings(out_dir, charts_dir, language, words_language, PACK_TEMPLATES)
        copies = [p.pdf for p in parts if p.kind is None and p.pdf == out_dir / f"{p.id}.pdf"]
        record = PackRecord(
            str(pack_path.resolve()),
            settings,
            toolchain_digest(),
            read_before,
            documents,
            digests([pdf, docx_zip, *copies]),
            result_json(result, pack_path, pack),
        )
        write_pack_record(record_file, record)
    return result


def _parts(
    pack_path: Path,
    pack: PackFile,
    name: str,
    outcomes: list[Outcome],
    out_dir: Path,
    charts_dir: Path,
    language: str | None,
    scheme: MarkingScheme,
) -> tuple[list[Part], list[tuple[Path, tuple[str, ...]]]]:
    """Each document of ``pack`` ready to bind, in order: a visit document from its build's
    outcome (``outcomes`` in pack order), an annex from its file, without its active content;
    and each annex that held some, with what was removed."""
    visits = iter(outcomes)
    parts: list[Part] = []
    removed: list[tuple[Path, tuple[str, ...]]] = []
    for index, entry in enumerate(pack.documents):
        if entry.visit is not None:
            kind = entry.document_kind
            part = _visit_part(next(visits), kind, out_dir, charts_dir, language, scheme)
        else:
            assert entry.annex is not None and entry.title is not None
            path = pack_path.parent / entry.annex
            annex_id = f"{name}-annex-{sum(p.kind is None for p in parts) + 1}"
            pdf, what = _without_active_content(path, out_dir / f"{annex_id}.pdf")
            if what:
                removed.append((path, what))
            marking = entry.classification or pack.classification
            part = Part(
                annex_id,
                said_in(entry.title, language, pack.language),
                None,
                marking,
                pdf,
                page_count(pdf),
                None,
                _marking_mm(DEFAULT_KIND),
                scheme.printed(marking, language or pack.language),
            )
        if scheme.rank(part.marking) is None:
            raise PackError(
                f"documents[{index}]: cannot place the marking {part.marking!r} of {part.pdf} "
                f"among the levels of the {scheme.id} scheme: {scheme.describe()}"
            )
        parts.append(part)
    return parts, removed


def _without_active_content(path: Path, copy: Path) -> tuple[Path, tuple[str, ...]]:
    """The annex at ``path`` as the pack may carry it, and what was removed from it: the
    file itself if it holds no active content, else a copy without it, written to ``copy``
    (what is bound, and mailed when the annex is sent on its own)."""
    try:
        cleaned = strip_active(path)
    except (OSError, PyPdfError) as exc:
        raise PackError(f"{path}: cannot read this PDF: {exc}") from None
    if not cleaned.removed:
        return path, ()
    with atomic_path(copy) as temp:
        temp.write_bytes(cleaned.data)
    return copy, cleaned.removed


def said_in(text: str, language: str | None, original: str) -> str:
    """A pack's text (its title, an annex's) as its edition in ``language`` says it: the
    version in that language (Serbian Latin made from Cyrillic), else as the file gives it in
    ``original``; as given for the pack in its own language (None)."""
    from kzrs_reports.model.translated import choose, versions_of

    if language is None:
        return text
    chosen = choose(versions_of(text, original), language)
    return chosen[0] if chosen else text


def _refuse_overwriting(parts: list[Part], pdf: Path) -> None:
    """Raise :class:`PackError` if the pack's PDF would replace one of its own parts (a pack
    id equal to a brief's id, or an annex kept in the output folder under the pack's name), or
    an annex's cleaned copy and a brief's PDF have one name."""
    for index, part in enumerate(parts):
        if part.pdf.resolve() == pdf.resolve():
            raise PackError(
                f"documents[{index}]: the pack would overwrite {pdf.name}, this document's own "
                "PDF; give the pack an id of its own"
            )
        if part.kind is not None or part.pdf.name != f"{part.id}.pdf":
            continue
        for other, built in enumerate(parts):  # an annex's copy named like a brief's PDF
            if built.kind is not None and built.pdf.resolve() == part.pdf.resolve():
                raise PackError(
                    f"documents[{index}]: this annex's copy without its active content and "
                    f"documents[{other}] are both {part.pdf.name}; give the pack an id of its own"
                )


def _visit_part(
    outcome: Outcome,
    kind: str,
    out_dir: Path,
    charts_dir: Path,
    language: str | None,
    scheme: MarkingScheme,
) -> Part:
    """The ``kind`` document (in its edition in ``language``, if one is given) that
    ``outcome`` built or found up to date; what the pack says of it comes from the build's
    outcome, never from reading the file again. Raises :class:`PackError` if it is marked
    under another scheme than ``scheme``."""
    path = outcome.source
    facts = outcome.facts
    if facts is None:
        raise PackError(f"{path}: its build said nothing of the document it wrote")
    if facts.marking_scheme != scheme.id:
        raise PackError(
            f"{path}: marked under the {facts.marking_scheme} scheme ({facts.classification}); "
            f"the pack's scheme is {scheme.id}: give the brief marking_scheme: {scheme.id}, "
            "or the pack the brief's"
        )
    options = BuildOptions(out_dir, charts_dir, kind=kind, language=language)
    pdf = options.output(facts.id, "pdf")
    return Part(
        BuildOptions(out_dir, charts_dir, kind=kind).output(facts.id, "pdf").stem,
        facts.title,
        kind,
        facts.classification,
        pdf,
        page_count(pdf),
        options.output(facts.id, "docx"),
        _marking_mm(kind),
        scheme.printed(facts.classification, facts.language),
    )


def _document_records(
    pack: PackFile, builds: list[tuple[Path, BuildOptions]]
) -> tuple[DocumentRecord, ...]:
    """Each visit document's build record as it stands now, just built or found current."""
    visits = [entry.visit for entry in pack.documents if entry.visit is not None]
    found = []
    for visit, (path, options) in zip(visits, builds, strict=True):
        own = record_path(options.out_dir, path, options.kind, options.language).resolve()
        found.append(DocumentRecord(visit, options.kind, str(own), file_digest(own)))
    return tuple(found)


def _digests_or_none(paths: list[Path]) -> dict[str, str] | None:
    """The digests of ``paths``, taken before the pack reads them; None if one cannot be read
    (the pack then keeps no record, and is bound again next time)."""
    try:
        return digests(paths)
    except OSError:
        return None


def _marking_mm(kind: str) -> float:
    """Where the top marking stands in documents of ``kind``, below the top edge."""
    theme = cached_template_set(kind_templates(kind)).theme
    return PageGeometry.of(theme).marking_from_top_mm


def _cover(
    pack: PackFile,
    scheme: MarkingScheme,
    marking: str,
    parts: list[Part],
    templates: TemplateSet,
    words: PackWords,
    stem: Path,
    language: str,
) -> CoverFiles:
    """The cover in ``language``, written at ``stem``, with ``marking`` (printed) and each
    part's marking as ``scheme`` prints it in that language; written again while its
    contents, numbered for the cover's last page count, put it on another number of pages."""
    cover_pages = 1
    for _ in range(MAX_COVER_PASSES):
        lines, page = [], cover_pages + 1
        for number, part in enumerate(parts, start=1):
            kind = words.kind_name(part.kind)
            shown = scheme.printed(part.marking, language)
            lines.append(ContentsLine(number, kind, part.title, shown, page))
            page += part.pages
        title = said_in(pack.title, language, pack.language)
        cover = Cover(title, marking, pack.date, pack.edition, language, tuple(lines))
        files = write_cover(cover, templates, words.cover_page, stem)
        if files.pages == cover_pages:
            return files
        cover_pages = files.pages
    raise PackError(f"the cover's contents do not settle on a number of pages: {cover_pages}?")
