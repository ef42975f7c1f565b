"""A pack's build record: what one binding of a pack read and wrote, so that a pack whose
documents and annexes are unchanged is left as it is, as a brief is.

Like a document's record (:mod:`kzrs_reports.incremental.record`) it lives in
``<out>/.kzrs/`` as JSON, is removed before the pack's files are replaced and written after
they all are. It holds the digest of everything the bound PDF and the Word zip depend on:
the pack file, its annexes' bytes, its house marking scheme, the cover's templates, labels
and catalogs (by content); the build record of each document it binds, whose own inputs and
outputs are checked as ``build`` checks them; the folders, the edition, ``SOURCE_DATE_EPOCH``,
the tool and the libraries it binds with; and the digest of every file the pack wrote. It
keeps what the pack said of itself, so an up-to-date pack is reported without reading a PDF.

This module loads nothing heavy: the command line asks it before the pack file's model, the
writers or the PDF libraries are imported.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzrs_reports.core.files import atomic_path, file_digest, folder_files
from kzrs_reports.incremental.fingerprint import library_versions, toolchain_digest
from kzrs_reports.incremental.record import RECORD_FOLDER, record_path
from kzrs_reports.templates import template_files
from kzrs_reports.templates.catalog import catalog_files

if TYPE_CHECKING:
    from kzrs_reports.incremental import Outcome

PACK_RECORD_FORMAT = 1
"""The layout of a pack's record; one of another format is not read (the pack is bound again)."""

BINDING_LIBRARIES = ("pypdf",)
"""What binds a pack besides the libraries a document is written with."""


@dataclass(frozen=True)
class DocumentRecord:
    """One visit document of the pack, as the pack bound it."""

    visit: str
    """The visit file as the pack file names it (relative to the pack file)."""
    kind: str
    record: str
    """Its build record (resolved path)."""
    digest: str
    """The SHA-256 of that record when the pack was bound: the document's outputs' digests
    and what it says of itself are in it."""


@dataclass(frozen=True)
class PackRecord:
    """One successful binding of a pack (or of one of its editions)."""

    pack: str
    """The pack file, resolved."""
    settings: Mapping[str, Any]
    toolchain: str
    inputs: Mapping[str, str]
    documents: tuple[DocumentRecord, ...]
    outputs: Mapping[str, str]
    result: Mapping[str, Any]
    """What the pack said of itself (its name, pages, parts, marking…) as JSON values, without
    a path: :func:`kzrs_reports.pack.result.result_json`."""

    def to_json(self) -> str:
        """The record as stable, sorted JSON text."""
        body = {
            "format": PACK_RECORD_FORMAT,
            "pack": self.pack,
            "settings": dict(self.settings),
            "toolchain": self.toolchain,
            "inputs": dict(self.inputs),
            "documents": [vars(d) for d in self.documents],
            "outputs": dict(self.outputs),
            "result": dict(self.result),
        }
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def pack_record_path(out_dir: Path, pack_path: Path, language: str | None) -> Path:
    """Where the record of the pack file at ``pack_path`` bound into ``out_dir`` lives (of its
    edition in ``language``, if one is given): named after the file's stem and a digest of its
    absolute path, beside the documents' records and never one of them."""
    where = hashlib.sha256(str(pack_path.resolve()).encode()).hexdigest()[:10]
    edition = f".{language}" if language else ""
    return out_dir / RECORD_FOLDER / f"{pack_path.stem}-{where}.pack{edition}.json"


def pack_settings(
    out_dir: Path, charts_dir: Path, language: str | None, words_language: str, templates: Path
) -> dict[str, Any]:
    """Everything besides the recorded files that decides the pack's bytes, as JSON values:
    the folders, the edition, the cover's template set and the names of its files, the
    catalogs of ``words_language`` (the language of the pack's words), ``SOURCE_DATE_EPOCH``
    and the binding libraries' versions."""
    return {
        "out_dir": str(out_dir.resolve()),
        "charts_dir": str(charts_dir.resolve()),
        "language": language,
        "words_language": words_language,
        "templates": str(templates.resolve()),
        "template_files": [str(p) for p in folder_files(templates)],
        "catalogs": [str(p.resolve()) for p in catalog_files(words_language, templates)],
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
        "libraries": library_versions(BINDING_LIBRARIES),
    }


def pack_inputs(
    pack_path: Path, files: Iterable[Path], words_language: str, templates: Path
) -> list[Path]:
    """The files a pack reads besides its documents: the pack file, ``files`` (its annexes,
    its house scheme), the cover's templates and labels, and the catalogs of its words."""
    cover = template_files(templates)
    return [pack_path, *files, *cover, *catalog_files(words_language, templates)]


def digests(paths: Iterable[Path]) -> dict[str, str]:
    """The SHA-256 of each of ``paths``, by resolved path; raises OSError if one cannot be read."""
    return {str(p.resolve()): file_digest(p) for p in paths}


def read_pack_record(path: Path) -> PackRecord | None:
    """The pack record at ``path``, or None if there is none or it cannot be read as one."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != PACK_RECORD_FORMAT:
            return None
        return PackRecord(
            pack=body["pack"],
            settings=body["settings"],
            toolchain=body["toolchain"],
            inputs=body["inputs"],
            documents=tuple(DocumentRecord(**d) for d in body["documents"]),
            outputs=body["outputs"],
            result=body["result"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_pack_record(path: Path, record: PackRecord) -> None:
    """Write ``record`` to ``path`` atomically; :class:`~kzrs_reports.core.errors.WriteError`
    naming ``path`` if it cannot."""
    with atomic_path(path) as temp:
        temp.write_text(record.to_json(), encoding="utf-8")


@dataclass(frozen=True)
class CurrentPack:
    """A pack found up to date: its record, and each visit document's ``current`` outcome in
    pack order."""

    record: PackRecord
    outcomes: tuple[Outcome, ...]
    lines: tuple[str, ...]
    """What the command line says of it, as a binding would but up to date: each document,
    each annex's removed active content, then the pack's files."""


def _lines(
    said: Mapping[str, Any],
    outcomes: list[Outcome],
    pack_path: Path,
    out_dir: Path,
    language: str | None,
) -> tuple[str, ...]:
    """:attr:`CurrentPack.lines` from the record's ``result``; raises KeyError or TypeError
    for a damaged one."""
    found = [outcome.summary() for outcome in outcomes]
    for part in said["parts"]:
        for what in part.get("removed", ()):
            found.append(f"{pack_path.parent / part['annex']}: removed {what}")
    edition = f".{language}" if language else ""
    pdf = out_dir / f"{said['name']}{edition}.pdf"
    docx_zip = out_dir / f"{said['name']}-docx{edition}.zip"
    pages = [part["pages"] for part in said["parts"]]
    files = described(pdf, docx_zip, said["pages"], said["cover_pages"], pages, said["marking"])
    return (*found, f"{pack_path}: up to date ({files})")


def described(
    pdf: Path, docx_zip: Path, pages: int, cover_pages: int, parts: Iterable[int], marking: str
) -> str:
    """A pack's files as the terminal shows them:
    ``out/x.pdf (11 pages: cover 1 + 7 + 1 + 1 + 1; marked OFFICIAL), out/x-docx.zip``."""
    each = " + ".join(str(p) for p in parts)
    return f"{pdf} ({pages} pages: cover {cover_pages} + {each}; marked {marking}), {docx_zip}"


def current_pack(
    pack_path: Path, out_dir: Path, charts_dir: Path, language: str | None, templates: Path
) -> CurrentPack | None:
    """The pack at ``pack_path`` as last bound into ``out_dir`` (its edition in ``language``)
    if binding it again with the cover's set at ``templates`` would write exactly the files it
    wrote, else None.

    That is: the same settings, tool and libraries; the pack file, annexes, scheme, templates
    and catalogs unchanged; every document's build record the one bound and still current
    (its visit file, templates and outputs unchanged); the pack's own files as written.
    """
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.incremental import current_outcome

    record = read_pack_record(pack_record_path(out_dir, pack_path, language))
    if record is None or record.pack != str(pack_path.resolve()):
        return None
    words_language = record.settings.get("words_language")
    if not isinstance(words_language, str):
        return None
    settings = pack_settings(out_dir, charts_dir, language, words_language, templates)
    if record.settings != settings or record.toolchain != toolchain_digest():
        return None
    if not (_unchanged(record.inputs) and _unchanged(record.outputs)):
        return None
    outcomes = []
    for document in record.documents:
        source = pack_path.parent / document.visit
        options = BuildOptions(out_dir, charts_dir, kind=document.kind, language=language)
        own = record_path(out_dir, source, document.kind, language).resolve()
        if str(own) != document.record or not _unchanged({document.record: document.digest}):
            return None
        outcome = current_outcome(source, options)
        if outcome is None:
            return None
        outcomes.append(outcome)
    try:
        lines = _lines(record.result, outcomes, pack_path, out_dir, language)
    except (KeyError, TypeError, AttributeError):
        return None  # a damaged record vouches for nothing
    return CurrentPack(record, tuple(outcomes), lines)


def _unchanged(recorded: Mapping[str, str]) -> bool:
    for name, digest in recorded.items():
        try:
            if file_digest(Path(name)) != digest:
                return False
        except OSError:
            return False
    return True
