"""One brief from one data file: the pipeline's stages wired together.

load → template → charts → document model → writers. Data and template errors surface before
anything is written; every output is written to a temporary file and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzrs_reports.core import cores
from kzrs_reports.core.files import folder_files
from kzrs_reports.templates import (
    DEFAULT_KIND,
    DEFAULT_TEMPLATES,
    EditionFacts,
    cached_template_set,
    kind_templates,
    labels_in,
    template_files,
)
from kzrs_reports.writers.documents import Helpers, warm_helpers, write_documents
from kzrs_reports.writers.protocol import Written
from kzrs_reports.writers.registry import FORMATS

if TYPE_CHECKING:
    from kzrs_reports.changes import Change, PreviousEdition
    from kzrs_reports.core.markings import MarkingScheme
    from kzrs_reports.document.nodes import Metadata, PageLabels
    from kzrs_reports.load import LoadedVisit
    from kzrs_reports.model.visit import VisitFile
    from kzrs_reports.templates import TemplateSet


@dataclass(frozen=True)
class BuildOptions:
    """Where a build writes, what it writes, and with which templates."""

    out_dir: Path
    charts_dir: Path
    templates: Path | None = None
    """The template set folder; None for the set shipped with the package."""
    formats: Sequence[str] = FORMATS
    since: Path | None = None
    """The previous edition's data file to list changes against; wins over ``brief.previous``."""
    kind: str = DEFAULT_KIND
    """The kind of document (:func:`kzrs_reports.templates.document_kinds`); ``templates``
    replaces the set of the brief alone."""
    language: str | None = None
    """None for the document in the brief's own language; a BCP 47 tag for its edition in
    that language, written beside it (:meth:`output`)."""

    @property
    def template_dir(self) -> Path:
        """The template set folder this build uses."""
        if self.kind != DEFAULT_KIND:
            return kind_templates(self.kind)
        return self.templates or DEFAULT_TEMPLATES

    @property
    def kind_charts_dir(self) -> Path:
        """Where this kind's charts go: a kind's own theme must not redraw the brief's charts,
        and an edition's charts speak its language, so each has a folder of its own."""
        folder = self.charts_dir if self.kind == DEFAULT_KIND else self.charts_dir / self.kind
        return folder / self.language if self.language else folder

    def output(self, brief_id: str, fmt: str) -> Path:
        """The document file for ``fmt``: ``<id>.pdf`` for the brief, ``<id>-<kind>.pdf`` for
        another kind, and an edition's with its language tag before the suffix
        (``<id>.ru.pdf``, ``<id>-summary.sr-Latn.pdf``)."""
        stem = brief_id if self.kind == DEFAULT_KIND else f"{brief_id}-{self.kind}"
        edition = f".{self.language}" if self.language else ""
        return self.out_dir / f"{stem}{edition}.{fmt}"

    def settings(self) -> dict[str, Any]:
        """Everything besides the input files that decides the outputs, as plain JSON values.

        Two builds of one data file with equal settings and unchanged inputs write the same
        bytes; the build record compares these.
        """
        return {
            "out_dir": str(self.out_dir.resolve()),
            "charts_dir": str(self.charts_dir.resolve()),
            "templates": str(self.template_dir.resolve()),
            "template_files": [p.name for p in folder_files(self.template_dir)],
            "formats": [f for f in FORMATS if f in self.formats],
            "since": str(self.since.resolve()) if self.since else None,
            "kind": self.kind,
            "language": self.language,
        }


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a built document says about itself, as a pack binding it needs to know: kept
    with the build (and its record), so nothing downstream reads the data file again."""

    id: str
    """The brief's id: with the kind, it names the document's files."""
    kind: str
    """The kind of document (``brief``, ``summary``…)."""
    title: str
    classification: str
    """The document's overall marking: the id of a level of its scheme."""
    marking_scheme: str
    """The id of the marking scheme of ``classification`` (``uk``, ``rs``…)."""
    language: str
    """BCP 47 language tag of the document's text."""
    edition: str
    date: dt.date
    """The date of this edition."""


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote and how long it took."""

    source: Path
    outputs: list[Written]
    charts: list[Path]
    seconds: float
    facts: DocumentFacts
    """What the document says about itself: its title, marking, language, edition, date."""
    inputs: list[Path] = field(default_factory=list)
    """Every file the build read besides the toolchain: ``source``, the previous edition's
    data file if any, then the template set's files."""
    charts_drawn: list[str] = field(default_factory=list)
    """The charts drawn anew; the others were reused unchanged from the charts folder."""

    @property
    def pages(self) -> int | None:
        """The page count of the PDF, when one was written."""
        return next((w.pages for w in self.outputs if w.pages is not None), None)


def build_brief(path: Path, options: BuildOptions, helpers: Helpers | None = None) -> BuildResult:
    """Validate ``path`` and write its brief in every requested format.

    ``helpers``, warm helper processes by format, write their formats side by side
    (:mod:`kzrs_reports.batch.helper`); the bytes are the same either way.

    Raises :class:`kzrs_reports.core.errors.DataError` (nothing written) when the data has errors,
    and :class:`kzrs_reports.core.errors.TemplateError` when the template set is wrong.
    """
    from kzrs_reports.changes import describe, previous_edition
    from kzrs_reports.charts import chart_names, render_charts
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.document.parse import parse_markdown
    from kzrs_reports.model.scheme import shipped_scheme
    from kzrs_reports.templates import render_brief
    from kzrs_reports.templates.coverage import drawable_characters, font_names

    started = time.perf_counter()
    templates = cached_template_set(options.template_dir)
    theme = templates.theme
    warm_helpers(helpers, theme)
    drawable, fonts = drawable_characters(theme), font_names(theme)
    loaded = read_for(path, templates)
    language = options.language or loaded.visit.brief.language
    visit, untranslated = edition_visit(loaded, language)
    scheme = loaded.scheme or shipped_scheme(visit.brief.marking_scheme)
    marking = scheme.printed(visit.brief.classification, language)
    labels = labels_in(templates, language)
    previous = previous_edition(path, loaded.visit, options.since, drawable, fonts)
    changes = (
        describe(
            printed_changes(previous, scheme, language), previous.visit.brief, labels, language
        )
        if previous
        else None
    )
    edition = EditionFacts.of(language, untranslated, loaded.visit.brief.language)
    shown = marked(visit, marking)
    rendered = render_brief(shown, templates, chart_names(visit), changes, edition=edition)
    charts = render_charts(
        visit,
        templates.theme,
        labels["chart"],
        options.kind_charts_dir,
        only=figures_in(rendered.markdown),
    )
    blocks = parse_markdown(rendered.markdown, charts, rendered.place)
    document = Document(meta=metadata(visit, labels, marking, language), blocks=blocks)
    targets = {f: options.output(visit.brief.id, f) for f in FORMATS if f in options.formats}
    cores.release((helpers or {}).values())  # the document is made: every core may write
    outputs = write_documents(document, theme, targets, helpers)
    chart_files = [p for c in charts.values() for p in c.files]
    inputs = [
        path,
        *loaded.read,
        *([previous.path] if previous else []),
        *template_files(options.template_dir),
    ]
    drawn = [name for name, c in charts.items() if not c.reused]
    seconds = time.perf_counter() - started
    facts = document_facts(visit, options.kind, scheme.id, language)
    return BuildResult(path, outputs, chart_files, seconds, facts, inputs, drawn)


def read_for(path: Path, templates: TemplateSet) -> LoadedVisit:
    """The visit file at ``path``, loaded and checked for a document of the set
    ``templates``: every character printable in its fonts, every section its kind needs.

    Raises :class:`~kzrs_reports.core.errors.DataError` listing every problem.
    """
    from kzrs_reports.load import read_visit
    from kzrs_reports.templates.coverage import drawable_characters, font_names

    theme = templates.theme
    loaded = read_visit(path, drawable_characters(theme), font_names(theme))
    missing_sections(path, loaded.visit, templates.requires)
    return loaded


def missing_sections(path: Path, visit: VisitFile, requires: Mapping[str, str]) -> None:
    """Raise :class:`~kzrs_reports.core.errors.DataError` for each section the kind of document
    ``requires`` that the visit file leaves out or empty, with the kind's own message."""
    from kzrs_reports.core.errors import DataError
    from kzrs_reports.core.problems import Problem

    missing = [
        Problem(str(path), 1, 1, name, message)
        for name, message in requires.items()
        if not getattr(visit, name)
    ]
    if missing:
        raise DataError(missing)


def edition_visit(loaded: LoadedVisit, language: str) -> tuple[VisitFile, int]:
    """The visit as its edition in ``language`` prints it, and how many of its texts are left
    in the data's own language for want of a translation."""
    from kzrs_reports.load.editions import edition_of

    edition = edition_of(loaded, language)
    return edition.visit, len(edition.untranslated)


def document_facts(
    visit: VisitFile, kind: str, scheme_id: str, language: str | None = None
) -> DocumentFacts:
    """The facts of the ``kind`` document built from ``visit`` in ``language`` (the brief's
    own by default), from its ``brief`` section; ``scheme_id`` is the id of the scheme its
    marking is of."""
    brief = visit.brief
    return DocumentFacts(
        brief.id,
        kind,
        brief.title,
        brief.classification,
        scheme_id,
        language or brief.language,
        brief.edition,
        brief.date,
    )


def figures_in(markdown: str) -> set[str]:
    """The charts the rendered template shows (its ``figure NAME`` directives): only those
    are drawn, so a kind without figures never starts matplotlib."""
    return set(re.findall(r"^:{3,}\s*figure\s+(\S+)", markdown, flags=re.MULTILINE))


def printed_changes(
    previous: PreviousEdition, scheme: MarkingScheme, language: str
) -> list[Change]:
    """The changes since ``previous``, a change of classification between the levels as a
    document in ``language`` prints them (the previous one in its own edition's scheme)."""
    from kzrs_reports.load.schemes import load_scheme

    changes = []
    for change in previous.changes:
        if change.section == "brief" and change.field == "classification":
            old = load_scheme(previous.visit.brief.marking_scheme, previous.path.parent)
            change = replace(
                change,
                before=old.printed(str(change.before), language),
                after=scheme.printed(str(change.after), language),
            )
        changes.append(change)
    return changes


def marked(visit: VisitFile, marking: str) -> VisitFile:
    """``visit`` as the templates see it: its classification the level as printed
    (``marking``), so the document says it the same way on every page and in its text."""
    brief = visit.brief.model_copy(update={"classification": marking})
    return visit.model_copy(update={"brief": brief})


def metadata(
    visit: VisitFile, labels: Mapping[str, Any], marking: str, language: str | None = None
) -> Metadata:
    """The document's properties and page furniture, from the brief's data and the labels,
    in ``language`` (the brief's own by default): the PDF's ``/Lang``, the DOCX's ``w:lang``;
    ``marking`` is the brief's classification as printed (:meth:`MarkingScheme.printed` in
    that language)."""
    from kzrs_reports.document.nodes import Metadata

    brief, v = visit.brief, visit.visit
    subject = brief.subtitle or f"{v.kind}: {v.guest.country} – {v.host.country}"
    return Metadata(
        title=brief.title,
        author=brief.author,
        subject=subject,
        keywords=tuple(brief.keywords),
        language=language or brief.language,
        classification=marking,
        date=brief.date.isoformat(),
        organisation=brief.organisation,
        edition=brief.edition,
        labels=page_labels(labels),
    )


def page_labels(labels: Mapping[str, Any]) -> PageLabels:
    """The words the writers print on every page and in captions, from a set's labels."""
    from kzrs_reports.document.nodes import PageLabels

    return PageLabels(
        page=labels["page"],
        figure=labels["figure"],
        table=labels["table"],
        contents=labels["contents"],
    )
