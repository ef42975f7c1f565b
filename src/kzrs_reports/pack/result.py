"""What a pack build says of the pack it wrote (:class:`PackResult`), and the same said again
from the pack's record (:mod:`.record`) when the pack is up to date: its files where a binding
would write them, its parts as they were bound, with no PDF read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzrs_reports.core.markings import MarkingScheme
from kzrs_reports.pack.bind import Part
from kzrs_reports.pack.model import PackFile
from kzrs_reports.pack.record import CurrentPack, described


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
    """The highest marking of the pack and its documents: the id of a level of ``scheme``."""
    built: tuple[str, ...]
    """One line per visit document: built anew, or up to date."""
    scheme: MarkingScheme
    """The pack's marking scheme: its documents' and its readers' clearances'."""
    printed_marking: str
    """``marking`` as the cover prints it, in the pack's language (or its edition's)."""
    language: str = "en-GB"
    """The language of the pack's words (its own, or its edition's)."""
    edition_language: str | None = None
    """The language of this edition, None for the pack in its own language."""
    removed: tuple[tuple[Path, tuple[str, ...]], ...] = ()
    """Each annex that held active content, and what was removed from it (see
    :mod:`.active`); its part's PDF is the copy without it."""
    current: bool = False
    """True when the pack was up to date: its files were left as they were, not bound again."""

    def described(self) -> str:
        """The pack's files as the terminal shows them:
        ``out/x.pdf (11 pages: cover 1 + 7 + 1 + 1 + 1; marked OFFICIAL), out/x-docx.zip``."""
        pages = [p.pages for p in self.parts]
        return described(self.pdf, self.docx_zip, self.pages, self.cover_pages, pages, self.marking)


def result_json(result: PackResult, pack_path: Path, pack: PackFile) -> dict[str, Any]:
    """What :func:`recorded_result` needs of ``result`` to say it again, as JSON values: no path
    (those are made again from the folders, as a build makes them)."""
    annexes = iter(e.annex for e in pack.documents if e.annex is not None)
    removed = dict(result.removed)
    return {
        "name": result.name,
        "title": result.title,
        "pages": result.pages,
        "cover_pages": result.cover_pages,
        "marking": result.marking,
        "printed_marking": result.printed_marking,
        "language": result.language,
        "parts": [
            {
                "id": p.id,
                "title": p.title,
                "kind": p.kind,
                "marking": p.marking,
                "pages": p.pages,
                "marking_mm": p.marking_mm,
                "printed": p.printed,
                **({} if p.kind is not None else _annex_json(p, next(annexes), pack_path, removed)),
            }
            for p in result.parts
        ],
    }


def _annex_json(
    part: Part, annex: str, pack_path: Path, removed: dict[Path, tuple[str, ...]]
) -> dict[str, Any]:
    """An annex part: the file as the pack file names it, whether a copy without its active
    content was bound instead, and what was removed."""
    what = removed.get(pack_path.parent / annex, ())
    return {"annex": annex, "copied": part.pdf != pack_path.parent / annex, "removed": list(what)}


def recorded_result(
    pack_path: Path,
    pack: PackFile,
    out_dir: Path,
    language: str | None,
    scheme: MarkingScheme,
    current: CurrentPack,
) -> PackResult:
    """The result of the pack as ``current`` recorded it, its files where a binding now would
    write them; nothing is read but the records."""
    said = current.record.result
    edition = f".{language}" if language else ""
    parts = []
    for part in said["parts"]:
        docx: Path | None = None
        if part["kind"] is not None:
            pdf, docx = (out_dir / f"{part['id']}{edition}.{fmt}" for fmt in ("pdf", "docx"))
        elif part["copied"]:
            pdf = out_dir / f"{part['id']}.pdf"
        else:
            pdf = pack_path.parent / part["annex"]
        parts.append(
            Part(
                part["id"],
                part["title"],
                part["kind"],
                part["marking"],
                pdf,
                part["pages"],
                docx,
                part["marking_mm"],
                part["printed"],
            )
        )
    removed = [
        (pack_path.parent / part["annex"], tuple(part["removed"]))
        for part in said["parts"]
        if part["kind"] is None and part["removed"]
    ]
    return PackResult(
        said["name"],
        said["title"],
        pack.edition,
        out_dir / f"{said['name']}{edition}.pdf",
        out_dir / f"{said['name']}-docx{edition}.zip",
        said["pages"],
        said["cover_pages"],
        tuple(parts),
        said["marking"],
        tuple(o.summary() for o in current.outcomes),
        scheme,
        said["printed_marking"],
        said["language"],
        language,
        tuple(removed),
        current=True,
    )
