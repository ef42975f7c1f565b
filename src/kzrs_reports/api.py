"""The functions a script or a scheduler calls: build, check, pack, plan a mail-out.

Each takes paths as ``str`` or :class:`~pathlib.Path`, prints nothing, never exits, and
raises the project's errors (:class:`~kzrs_reports.core.errors.KzrsError` and its subclasses,
one tree) for bad input. Importing this module costs next to nothing: each function imports
the stages it needs when it is called.

:func:`build_file` is a pure function of its inputs: the data file (and a previous edition it
names), the template set, the settings and the tool's version decide every byte it writes,
in any process, in any order, on any machine. It writes only the file's own documents,
charts and build record, each atomically, so it can be mapped over thousands of files by any
engine that maps a function over a list (``examples/dask_build.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from kzrs_reports.core.errors import DataError, InputFileError, UsageError, describe
from kzrs_reports.core.problems import Problem

if TYPE_CHECKING:
    from email.message import EmailMessage

    from kzrs_reports.core.markings import MarkingScheme
    from kzrs_reports.distribution.editions import Editions
    from kzrs_reports.distribution.messages import Attachment, Decision
    from kzrs_reports.distribution.outbox import Plan
    from kzrs_reports.incremental import Outcome
    from kzrs_reports.pack.build import PackResult

StrPath: TypeAlias = str | os.PathLike[str]
"""A path, as text or as a path object."""


@dataclass(frozen=True, slots=True)
class Built:
    """What a build of one data file left in the output folder, for one kind of document."""

    source: Path
    """The data file, as given."""
    kind: str
    """The kind of document: ``brief``, ``summary``, ``talking-points`` or ``chronology``."""
    status: Literal["built", "current"]
    """``built`` now, or ``current``: unchanged since an earlier build, nothing written."""
    documents: tuple[Path, ...]
    """The documents as absolute paths, PDF first: ``/…/out/<brief id>.pdf``, ``….docx``."""
    pages: int | None
    """The PDF's page count; None when no PDF was asked for."""
    charts: tuple[Path, ...]
    """The chart images the documents show (SVG and PNG), as absolute paths."""
    seconds: float
    """How long the build (or finding it current) took."""
    language: str | None = None
    """The language of this edition; None for the document in the brief's own language."""

    @property
    def pdf(self) -> Path | None:
        """The PDF, if one was asked for."""
        return next((p for p in self.documents if p.suffix == ".pdf"), None)

    @property
    def docx(self) -> Path | None:
        """The Word document, if one was asked for."""
        return next((p for p in self.documents if p.suffix == ".docx"), None)


def build_file(
    path: StrPath,
    *,
    out_dir: StrPath = "out",
    charts_dir: StrPath = "charts",
    kinds: Sequence[str] = ("brief",),
    formats: Sequence[str] = ("pdf", "docx"),
    templates: StrPath | None = None,
    since: StrPath | None = None,
    force: bool = False,
    languages: Sequence[str] = (),
) -> list[Built]:
    """Build the documents of the visit data file at ``path``: one :class:`Built` per kind,
    in the order of ``kinds``, each followed by its editions in ``languages`` (BCP 47 tags:
    ``<brief id>.<language>.pdf``).

    Writes ``out_dir/<brief id>.pdf`` and ``.docx`` (``<brief id>-<kind>.…`` for a kind
    other than the brief) and the charts into ``charts_dir``. A kind whose build record shows
    its data, templates, settings, tool version and outputs unchanged is not built again
    (``status == "current"``) unless ``force``. ``templates`` is another template set for the
    brief; ``since`` a previous edition to list the changes against.

    Each kind is written whole or not at all: on an error nothing of it is written and its
    earlier outputs stay as they were. Raises :class:`~kzrs_reports.core.errors.UsageError`
    for an unknown kind or format, :class:`~kzrs_reports.core.errors.InputFileError` for a
    file or folder that cannot be opened, :class:`~kzrs_reports.core.errors.DataError`
    listing every :class:`Problem` of the data, :class:`~kzrs_reports.core.errors.TemplateError`
    for a wrong template set, :class:`~kzrs_reports.core.errors.LayoutError` for something no
    page can hold, and :class:`~kzrs_reports.core.errors.WriteError` for an output that
    cannot be written.
    """
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.incremental import build_or_reuse
    from kzrs_reports.templates import document_kinds
    from kzrs_reports.writers.registry import FORMATS

    chosen_kinds = _chosen(kinds, document_kinds(), "kind")
    chosen_formats = _chosen(formats, FORMATS, "format")
    source = Path(path)
    template_dir = _folder(templates)
    results = []
    editions = _editions(languages, template_dir)
    for kind, language in ((k, lang) for k in chosen_kinds for lang in editions):
        options = BuildOptions(
            Path(out_dir),
            Path(charts_dir),
            templates=template_dir,
            formats=chosen_formats,
            since=Path(since) if since is not None else None,
            kind=kind,
            language=language,
        )
        try:
            outcome = build_or_reuse(source, options, force)
        except OSError as exc:  # an input that cannot be read; outputs raise WriteError
            raise InputFileError(f"{exc.filename or source}: {describe(exc)}") from None
        results.append(_built(outcome, kind, FORMATS, language))
    return results


def check(
    path: StrPath,
    *,
    templates: StrPath | None = None,
    require_quotes: bool = False,
    notes: bool = False,
    languages: Sequence[str] = (),
    strict_translations: bool = False,
) -> list[Problem]:
    """Every problem in the visit data file at ``path``, in line order; empty when it is fine.

    Each :class:`Problem` is located (``file:line:col: field: message``). What a build would
    refuse counts: the data format and the checks across it (every statement rests on a
    source or is the desk's judgement), a quote its source's text does not hold, text the
    template set's fonts cannot print, and the previous edition ``brief.previous`` names
    (missing, or with problems of its own, located in that file). Problems whose
    ``severity`` is ``note`` do not refuse the file and are given only with ``notes``: quotes
    whose source has no local copy of its text, then, language by language, each text an
    edition in one of ``languages`` (language tags; the brief's own language when none are
    given) prints in another language for want of its own. With ``require_quotes`` every
    sourced statement needs a quote that can be checked, and with ``strict_translations``
    every text needs its version in each of ``languages``: those notes are errors then.
    Writes nothing. Raises :class:`~kzrs_reports.core.errors.UsageError` for a language that
    is not a language tag, :class:`~kzrs_reports.core.errors.InputFileError` if ``path``
    cannot be opened and :class:`~kzrs_reports.core.errors.TemplateError` if the template
    set is wrong.
    """
    found = checked(
        path,
        templates=templates,
        require_quotes=require_quotes,
        languages=languages,
        strict_translations=strict_translations,
    )
    if found.problems or not notes:
        return list(found.problems)
    return found.all_notes


@dataclass(frozen=True)
class Checked:
    """What :func:`checked` found in one visit data file, by kind."""

    problems: tuple[Problem, ...]
    """What refuses the file, in line order (with ``strict_translations``, then the texts
    without their version in each language, language by language)."""
    notes: tuple[Problem, ...] = ()
    """Quotes that could not be checked, in line order."""
    untranslated: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    """By language asked for: the notes for texts an edition in it prints in another language
    (none with ``strict_translations``: they are problems then)."""

    @property
    def all_notes(self) -> list[Problem]:
        """Every note: the unchecked quotes, then the untranslated texts, language by language."""
        return [*self.notes, *(p for each in self.untranslated.values() for p in each)]


def checked(
    path: StrPath,
    *,
    templates: StrPath | None = None,
    require_quotes: bool = False,
    languages: Sequence[str] = (),
    strict_translations: bool = False,
) -> Checked:
    """:func:`check`'s findings, each kind apart (the command line's summary counts them)."""
    from kzrs_reports.load import read_visit
    from kzrs_reports.load.editions import edition_of
    from kzrs_reports.templates import cached_template_set
    from kzrs_reports.templates.coverage import drawable_characters, font_names

    asked = language_tags(languages)
    theme = cached_template_set(_folder(templates)).theme
    drawable, fonts = drawable_characters(theme), font_names(theme)
    source = Path(path)
    try:
        loaded = read_visit(source, drawable, fonts, require_quotes)
        if loaded.visit.brief.previous is not None:  # else there is none to read
            from kzrs_reports.changes import previous_edition

            previous_edition(source, loaded.visit, None, drawable, fonts)
    except DataError as exc:
        return Checked(tuple(exc.problems))
    untranslated = {
        language: edition_of(loaded, language).untranslated
        for language in asked or [loaded.visit.brief.language]
    }
    if strict_translations:
        errors = (replace(p, severity="error") for each in untranslated.values() for p in each)
        return Checked(tuple(errors), loaded.notes)
    return Checked((), loaded.notes, untranslated)


def language_tags(languages: str | Sequence[str]) -> list[str]:
    """``languages`` (one tag may be given as text) checked to be language tags, each once;
    a :class:`~kzrs_reports.core.errors.UsageError` names one that is not."""
    from kzrs_reports.core.languages import fold
    from kzrs_reports.model.text import is_language

    tags = [languages] if isinstance(languages, str) else list(languages)
    wrong = [t for t in tags if not is_language(t)]
    if wrong:
        raise UsageError(
            f"not a language tag: {', '.join(map(repr, wrong))} (e.g. en, en-GB, ru, sr-Latn)"
        )
    once: dict[str, str] = {}
    for tag in tags:
        once.setdefault(fold(tag), tag)
    return list(once.values())


def build_pack(
    pack_file: StrPath,
    *,
    out_dir: StrPath = "out",
    charts_dir: StrPath = "charts",
    language: str | None = None,
) -> PackResult:
    """Build every document of the pack file (reusing up-to-date ones) and bind them into
    one PDF behind a cover, with a zip of their Word versions beside it; with ``language``,
    the pack's edition in that language (``<pack id>.<language>.pdf``).

    Writes ``out_dir/<pack id>.pdf`` and ``<pack id>-docx.zip``; the result names them, the
    pack's marking (the highest of its documents) and each part. Raises
    :class:`~kzrs_reports.core.errors.InputFileError` if the pack file cannot be opened,
    :class:`~kzrs_reports.core.errors.DataError` listing its problems, and
    :class:`~kzrs_reports.core.errors.PackError` (its ``problems`` the ``file:line:col``
    lines of a visit file) when a document cannot be built or an annex read; nothing of the
    pack is written then.
    """
    from kzrs_reports.pack import load_pack
    from kzrs_reports.pack.build import build_pack as bind

    path = Path(pack_file)
    return bind(path, load_pack(path), Path(out_dir), Path(charts_dir), language)


@dataclass(frozen=True)
class MailingPlan:
    """Who a mail-out would send what to, and what it keeps from whom: nothing is sent."""

    plan: Plan
    """Every recipient's decision, where each stands, and the messages a real run sends."""
    notes: tuple[Problem, ...]
    """Addresses listed twice in the recipients file and merged, located."""

    @property
    def receives(self) -> dict[str, tuple[str, ...]]:
        """By address: the attachments each recipient would get (none: no message)."""
        return {d.recipient.email: tuple(a.filename for a in d.granted) for d in self.decisions}

    @property
    def withheld(self) -> dict[str, dict[str, str]]:
        """By address: each attachment kept from the recipient, and why."""
        return {
            d.recipient.email: {w.attachment.filename: w.reason for w in d.withheld}
            for d in self.decisions
        }

    @property
    def messages(self) -> dict[str, EmailMessage]:
        """By address: the message a real run would send now (none for whoever has it)."""
        return {o.decision.recipient.email: o.message for o in self.plan.outgoing}

    @property
    def decisions(self) -> list[Decision]:
        """Every recipient's decision, in the recipients file's order."""
        return self.plan.decisions

    def write_outbox(self, folder: StrPath) -> list[Path]:
        """Write one ``.eml`` per message into ``folder`` (the command line's dry run);
        raises :class:`~kzrs_reports.core.errors.WriteError` naming a file it cannot write."""
        from kzrs_reports.distribution.outbox import write_outbox

        return write_outbox(self.plan, Path(folder))


def plan_mailing(
    documents: PackResult | Sequence[PackResult] | Mapping[StrPath, str],
    recipients: StrPath,
    *,
    sender: str,
    sender_name: str = "Briefing Unit",
    attach: str = "pack",
    title: str | None = None,
    email_templates: StrPath | None = None,
    journal: StrPath | None = None,
    date: dt.datetime | None = None,
    scheme: str = "uk",
) -> MailingPlan:
    """Plan a mail-out of ``documents`` to the recipients CSV, as ``send`` would without
    ``--send``: each recipient gets only what their clearance allows. Nothing is sent and
    no message is written (:meth:`MailingPlan.write_outbox` writes them).

    ``documents`` is a built pack (:func:`build_pack`), sent as the bound PDF (``attach="pack"``),
    each document on its own (``"parts"``) or the ones named by id (``"id,id"``); or a pack
    and its editions, the pack first, each recipient sent the one in their language; or document
    files with their markings, ``{"out/x.pdf": "OFFICIAL"}``, each named after its file's
    id-shaped stem. ``journal``, an existing send journal, leaves out what was sent before.
    ``date`` (with a time zone; default now) dates the messages. The markings and the
    recipients' clearances are levels of the pack's marking scheme, or, for document files,
    of ``scheme`` (a shipped scheme's id, or the path of a house scheme file).

    Raises :class:`~kzrs_reports.core.errors.UsageError` for a bad sender, date, ``attach``
    or document, :class:`~kzrs_reports.core.errors.InputFileError` for a file that cannot be
    opened, :class:`~kzrs_reports.core.errors.DataError` listing the recipients file's
    problems, :class:`~kzrs_reports.core.errors.MailTemplateError` for a wrong email
    template and :class:`~kzrs_reports.core.errors.WriteError` for a journal that cannot be
    opened.
    """
    from email_validator import EmailNotValidError, validate_email

    from kzrs_reports.distribution.journal import Journal
    from kzrs_reports.distribution.messages import TEMPLATE_DIR, MailSettings
    from kzrs_reports.distribution.outbox import plan
    from kzrs_reports.distribution.recipients import read_recipients

    try:
        from_address = validate_email(sender, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise UsageError(f"sender: {exc}") from None
    when = date or dt.datetime.now(dt.UTC).replace(microsecond=0)
    if when.utcoffset() is None:
        raise UsageError("date: give a time zone, e.g. datetime.UTC")
    packs: list[PackResult] = []
    if isinstance(documents, Mapping):
        markings = _scheme(scheme)
    else:
        from kzrs_reports.pack.build import PackResult as Built

        packs = [documents] if isinstance(documents, Built) else list(documents)
        markings = packs[0].scheme
    listed = read_recipients(Path(recipients), markings)
    sent: list[Attachment] | Editions
    if isinstance(documents, Mapping):
        if attach != "pack":
            raise UsageError("attach chooses among a pack's documents; give a pack")
        from kzrs_reports.distribution.messages import LOOSE_DOCUMENTS_TITLE, Attachment

        sent = [Attachment.of_file(Path(name), mark, markings) for name, mark in documents.items()]
        chosen = title or ""  # the email templates' own words for untitled documents
        edition, series = None, title or LOOSE_DOCUMENTS_TITLE
    else:
        from kzrs_reports.pack.mailing import pack_editions

        first = packs[0]
        sent = pack_editions(packs, attach, titled=not title)
        chosen = title or first.title
        edition, series = first.edition, first.name
    settings = MailSettings(
        sender=from_address,
        sender_name=sender_name,
        title=chosen,
        date=when,
        edition=edition,
        series=series,
        template_dir=_folder(email_templates) or TEMPLATE_DIR,
        scheme=markings,
    )
    history = Journal(Path(journal)) if journal is not None and Path(journal).exists() else None
    try:
        before = history.history if history is not None else None
        result = plan(listed.recipients, sent, settings, before)
    finally:
        if history is not None:
            history.close()
    return MailingPlan(result, tuple(listed.notes))


def _built(
    outcome: Outcome, kind: str, formats: Sequence[str], language: str | None = None
) -> Built:
    """The :class:`Built` of a build's outcome: its documents in the order of ``formats``."""
    order = {f".{f}": i for i, f in enumerate(formats)}
    outputs = [Path(p) for p in outcome.outputs]
    documents = sorted((p for p in outputs if p.suffix in order), key=lambda p: order[p.suffix])
    pdf = next((p for p in documents if p.suffix == ".pdf"), None)
    return Built(
        source=outcome.source,
        kind=kind,
        status="built" if outcome.status == "built" else "current",
        documents=tuple(documents),
        pages=_page_count(pdf) if pdf else None,
        charts=tuple(sorted(p for p in outputs if p not in documents)),
        seconds=outcome.seconds,
        language=language,
    )


def _editions(languages: Sequence[str], templates: Path | None) -> list[str | None]:
    """None (the document in its own language), then each of ``languages`` once; a
    :class:`~kzrs_reports.core.errors.UsageError` naming a language there is no catalog for."""
    from kzrs_reports.templates.catalog import with_catalogs

    return [
        None,
        *with_catalogs([languages] if isinstance(languages, str) else languages, templates),
    ]


def _chosen(names: Sequence[str], known: Sequence[str], what: str) -> list[str]:
    """``names`` (one name may be given as text) checked against ``known``, each once."""
    chosen = list(dict.fromkeys([names] if isinstance(names, str) else names))
    unknown = [n for n in chosen if n not in known]
    if unknown or not chosen:
        raise UsageError(
            f"unknown {what} {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"choose from {', '.join(known)}"
        )
    return chosen


def _scheme(name: str) -> MarkingScheme:
    """The marking scheme ``name`` names (a shipped id, or a house file's path from the
    working folder); raises :class:`UsageError` for none."""
    from kzrs_reports.load.schemes import load_scheme

    try:
        return load_scheme(name, Path())
    except ValueError as exc:
        raise UsageError(f"scheme: {exc}") from None


def _folder(path: StrPath | None) -> Path | None:
    """``path`` as a folder that exists, or None for None."""
    if path is None:
        return None
    folder = Path(path)
    if not folder.is_dir():
        raise InputFileError(f"{folder}: no such folder")
    return folder


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)
