"""The pack file: a titled, marked, dated list of documents to bind into one PDF.

A pack file is YAML (or JSON) read like a visit file, so its problems print as
``file:line:col: field: message``. Each entry of ``documents`` is either a kind of document
built from a visit file (``visit:`` and ``kind:``) or an external PDF (``annex:`` and
``title:``); paths are relative to the pack file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kzrs_reports.core.markings import DEFAULT_SCHEME
from kzrs_reports.load.sniff import sniff
from kzrs_reports.model.checks import Finding
from kzrs_reports.model.text import is_id, is_language
from kzrs_reports.model.visit import Id, Language, Line, Marking, SchemeName
from kzrs_reports.templates import DEFAULT_KIND, document_kinds

PathText = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


def _known_kind(kind: str) -> str:
    kinds = document_kinds()
    if kind not in kinds:
        close = difflib.get_close_matches(kind, kinds, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"must be one of: {', '.join(kinds)} (got {kind!r}){hint}")
    return kind


Kind = Annotated[str, AfterValidator(_known_kind)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PackEntry(_Model):
    """One document of the pack: a kind built from a visit file, or an annex PDF."""

    visit: PathText | None = None
    """A visit data file, relative to the pack file."""
    kind: Kind | None = None
    """The kind of document built from ``visit`` (default: the brief)."""
    annex: PathText | None = None
    """An external PDF, relative to the pack file."""
    title: Line | None = None
    """The annex's title on the cover and in the bookmarks."""
    classification: Marking | None = None
    """The annex's marking, a level of the pack's scheme (default: the pack's marking); a
    visit document carries its own."""

    @property
    def document_kind(self) -> str:
        """The kind of document built for a visit entry."""
        return self.kind or DEFAULT_KIND


class PackFile(_Model):
    """A briefing pack: what it is called, its marking and date, its documents in order."""

    id: Id | None = None
    """Names the output files; the pack file's name (without extension) if not given."""
    title: Line
    marking_scheme: SchemeName = Field(default=DEFAULT_SCHEME, validate_default=True)
    """The protective-marking scheme of the pack: a shipped one (`uk`, the default; `kz`,
    `rs`, `nato`) or the path of a house scheme file (.yaml), relative to the pack file.
    Every document of the pack must be marked under it, and the recipients' clearances of
    `send` are read in it."""
    classification: Marking
    """The pack's own marking, a level of its scheme; the cover shows the highest of it and
    its documents', in the pack's language."""
    date: dt.date
    edition: Line | None = None
    language: Language = "en-GB"
    """BCP 47 language tag of the pack's own words (the cover's dates and markings, for
    now)."""
    documents: Annotated[list[PackEntry], Field(min_length=1)]


def pack_checks(path: Path) -> Callable[[Any], list[Finding]]:
    """Checks on the raw data of the pack file at ``path`` that the model alone cannot make.

    Without an ``id`` the file's name names the outputs, so it must be id-shaped. A
    ``language`` must be one whose dates can be written. Each entry must give exactly one of
    ``visit`` and ``annex``, only the fields its sort takes, and name a file that exists (a
    PDF for an annex), relative to the pack file.
    """
    base = path.parent

    def check(data: Any) -> list[Finding]:
        if not isinstance(data, dict):
            return []
        findings: list[Finding] = []
        if "id" not in data and not is_id(path.stem):
            findings.append(
                Finding(
                    ("id",),
                    f"give the pack an id (lower-case letters, digits, hyphens): the file "
                    f"name {path.stem!r} cannot name its outputs",
                )
            )
        findings += _language_findings(data.get("language"))
        entries = data.get("documents")
        if not isinstance(entries, list):
            return findings
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                findings += _entry_findings(base, ("documents", index), entry)
        return findings

    return check


def _language_findings(language: object) -> list[Finding]:
    """A tag the model takes (``xx``) but with no dates known for it: the cover could not be
    written. Babel is asked only when a pack file gives a language."""
    if not isinstance(language, str) or not is_language(language.strip()):
        return []  # the model says what is wrong with it
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.strip(), sep="-")
    except (UnknownLocaleError, ValueError):
        return [Finding(("language",), f"no dates are known in the language {language!r}")]
    return []


def _entry_findings(base: Path, at: tuple[str | int, ...], entry: dict[str, Any]) -> list[Finding]:
    has_visit, has_annex = "visit" in entry, "annex" in entry
    if not has_visit and not has_annex:
        return [Finding(at, "give either visit: (a visit data file) or annex: (a PDF)")]
    if has_visit and has_annex:
        return [Finding((*at, "annex"), "give visit: or annex:, not both")]
    findings: list[Finding] = []
    if has_visit:
        for key in ("title", "classification"):
            if key in entry:
                findings.append(
                    Finding((*at, key), f"{key} is for an annex; a visit document has its own")
                )
    else:
        if "kind" in entry:
            findings.append(Finding((*at, "kind"), "kind is for a visit document, not an annex"))
        if "title" not in entry:
            findings.append(Finding(at, "an annex needs a title"))
    key = "visit" if has_visit else "annex"
    name = entry[key]
    if isinstance(name, str) and name.strip():
        path = base / name.strip()
        if path.exists() and not path.is_file():
            findings.append(Finding((*at, key), f"not a regular file: {path}"))
        elif not path.is_file():
            findings.append(Finding((*at, key), f"no such file: {path}"))
        elif key == "annex":
            problem = _pdf_problem(path)
            if problem:
                findings.append(Finding((*at, key), problem))
    return findings


def _pdf_problem(path: Path) -> str | None:
    """Why ``path`` cannot be bound into a pack (not a PDF, truncated, corrupt), or None."""
    with path.open("rb") as file:
        head = file.read(1024)
    if b"%PDF-" not in head:
        kind = sniff(head)
        return f"not a PDF file: {path}" + (f" (it appears to be {kind})" if kind else "")
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    # pypdf logs what it repairs ("EOF marker not found"); the problem line says it better.
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return f"this PDF is protected by a password; give a copy without one: {path}"
        for page in reader.pages:
            page.get_contents()
    except (OSError, ValueError, KeyError, PyPdfError):
        return f"cannot read this PDF (truncated or corrupt?): {path}"
    finally:
        pypdf_log.setLevel(level)
    return None
