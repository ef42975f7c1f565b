"""The build record: what one build of one data file read and wrote, kept beside the outputs.

A record lives in ``<out>/.kzrs/`` as JSON. It is written last, after every output is in
place, and removed before a build starts writing, so an interrupted build leaves no record
and the next run builds again: a record never vouches for files it did not see written.
It also holds the SHA-256 of each output, so an output edited or deleted by hand is noticed,
and what the document says about itself (its title, marking, edition…), so a pack binding an
up-to-date document never reads its data file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzrs_reports.core.errors import WriteError
from kzrs_reports.core.files import atomic_path, file_digest
from kzrs_reports.incremental.fingerprint import toolchain_digest

if TYPE_CHECKING:
    from kzrs_reports.build import DocumentFacts

RECORD_FOLDER = ".kzrs"
"""The folder inside the output folder that holds build records."""

RECORD_FORMAT = 3
"""The layout of a record; a record of another format is not read (the file is built again).
2 added the document's facts, 3 their marking scheme."""


@dataclass(frozen=True)
class BuildRecord:
    """One successful build: its settings, the digests of its inputs and of its outputs."""

    source: str
    settings: Mapping[str, Any]
    toolchain: str
    inputs: Mapping[str, str]
    outputs: Mapping[str, str]
    documents: tuple[str, ...] = ()
    """The documents as the terminal showed them when they were built: ``path (N pages)``."""
    heading_pages: Mapping[str, int] = field(default_factory=dict)
    """The page each heading started on in the PDF, by anchor: where a next build starts."""
    facts: DocumentFacts | None = None
    """What the document says about itself, as the build found it in the data file."""

    def to_json(self) -> str:
        """The record as stable, sorted JSON text."""
        body = {
            "format": RECORD_FORMAT,
            "source": self.source,
            "settings": dict(self.settings),
            "toolchain": self.toolchain,
            "inputs": dict(self.inputs),
            "outputs": dict(self.outputs),
            "documents": list(self.documents),
            "heading_pages": dict(self.heading_pages),
            "facts": _facts_json(self.facts),
        }
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def record_path(
    out_dir: Path, source: Path, kind: str = "brief", language: str | None = None
) -> Path:
    """Where the record for the ``kind`` document of ``source`` built into ``out_dir`` lives
    (for its edition in ``language``, if one is given).

    Named after the data file's stem plus a digest of its absolute path, so two data files
    with one name in different folders keep separate records; a kind other than the brief
    adds its name, and an edition its language, so each keeps its own.
    """
    where = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:10]
    suffix = ("" if kind == "brief" else f"-{kind}") + (f".{language}" if language else "")
    return out_dir / RECORD_FOLDER / f"{source.stem}-{where}{suffix}.json"


def make_record(
    source: Path,
    settings: Mapping[str, Any],
    inputs: Iterable[Path],
    outputs: Iterable[Path],
    documents: Iterable[str],
    heading_pages: Mapping[str, int],
    read_before: Mapping[str, str] | None = None,
    facts: DocumentFacts | None = None,
) -> BuildRecord:
    """A record of a build that has just read ``inputs`` and written ``outputs``.

    ``read_before`` holds digests of inputs taken before the build read them (by resolved
    path): a file saved again during the build then no longer matches its record, and the
    next build runs instead of taking outputs of the older text for current.
    """
    known = read_before or {}
    return BuildRecord(
        source=str(source.resolve()),
        settings=settings,
        toolchain=toolchain_digest(),
        inputs={str(p.resolve()): known.get(str(p.resolve())) or file_digest(p) for p in inputs},
        outputs={str(p.resolve()): file_digest(p) for p in outputs},
        documents=tuple(documents),
        heading_pages=dict(heading_pages),
        facts=facts,
    )


def digests_before(paths: Iterable[Path]) -> dict[str, str]:
    """The digests of those of ``paths`` that can be read now, by resolved path."""
    found = {}
    for path in paths:
        try:
            found[str(path.resolve())] = file_digest(path)
        except OSError:
            continue  # the build reports it, or does not read it
    return found


def read_record(path: Path) -> BuildRecord | None:
    """The record at ``path``, or None if there is none or it cannot be read as one."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != RECORD_FORMAT:
            return None
        return BuildRecord(
            source=body["source"],
            settings=body["settings"],
            toolchain=body["toolchain"],
            inputs=body["inputs"],
            outputs=body["outputs"],
            documents=tuple(body["documents"]),
            heading_pages=dict(body.get("heading_pages", {})),
            facts=_facts_from(body["facts"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _facts_json(facts: DocumentFacts | None) -> dict[str, str] | None:
    if facts is None:
        return None
    return {**asdict(facts), "date": facts.date.isoformat()}


def _facts_from(body: Mapping[str, Any] | None) -> DocumentFacts | None:
    """The facts a record holds; raises ValueError, KeyError or TypeError for a damaged one."""
    from kzrs_reports.build import DocumentFacts

    if body is None:
        return None
    if not all(isinstance(body[f.name], str) for f in fields(DocumentFacts)):
        raise TypeError("facts: every value is text")
    return DocumentFacts(**{**body, "date": dt.date.fromisoformat(body["date"])})


def is_current(record: BuildRecord, settings: Mapping[str, Any]) -> bool:
    """True when building again with ``settings`` would write exactly the recorded outputs.

    That is: the same settings and toolchain, every input unchanged, every output present
    and unchanged since it was written.
    """
    if record.settings != settings or record.toolchain != toolchain_digest():
        return False
    return _unchanged(record.inputs) and _unchanged(record.outputs)


def _unchanged(digests: Mapping[str, str]) -> bool:
    for name, digest in digests.items():
        try:
            if file_digest(Path(name)) != digest:
                return False
        except OSError:
            return False
    return True


def write_record(path: Path, record: BuildRecord) -> None:
    """Write ``record`` to ``path`` atomically (a temporary file renamed into place).

    Raises :class:`~kzrs_reports.core.errors.WriteError` naming ``path`` if it cannot.
    """
    with atomic_path(path) as temp:
        temp.write_text(record.to_json(), encoding="utf-8")


def forget(path: Path) -> None:
    """Remove the record at ``path``, if any, before a build starts replacing outputs.

    Raises :class:`~kzrs_reports.core.errors.WriteError` naming ``path`` if it cannot: a
    build must not replace outputs while a record still vouches for the old ones.
    """
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError.from_os_error(path, exc) from None
