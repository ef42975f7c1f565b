"""Build only what changed: one data file in, an :class:`Outcome` out.

:func:`build_or_reuse` skips a file whose build record shows its outputs are current,
otherwise builds it and records the build; a failed build raises its error, as the public API
(:mod:`kzrs_reports.api`) wants. :func:`run_build`, what ``build``, ``watch`` and the batch
workers call, never raises: data and template errors come back as lines to print, so a worker
process never has to pickle an exception and a batch never stops at one bad file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kzrs_reports.incremental.record import (
    BuildRecord,
    digests_before,
    forget,
    is_current,
    make_record,
    read_record,
    record_path,
    write_record,
)

if TYPE_CHECKING:
    from kzrs_reports.build import BuildOptions, DocumentFacts
    from kzrs_reports.writers.documents import Helpers
    from kzrs_reports.writers.protocol import Written

Status = Literal["built", "current", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one data file: built, already current, or failed (and why)."""

    source: Path
    status: Status
    documents: tuple[str, ...] = ()
    """The documents written (or already current), as ``path (N pages)`` descriptions."""
    seconds: float = 0.0
    charts_drawn: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    """For a data error: one ``file:line:col: field.path: message`` line per problem."""
    reason: str = ""
    """For a failure: one line saying why nothing was written."""
    inputs: tuple[str, ...] = ()
    """The files the build read (data, templates, previous edition), for ``watch``."""
    outputs: tuple[str, ...] = ()
    """The files the build wrote (documents and charts), resolved."""
    facts: DocumentFacts | None = None
    """What the document says about itself (title, marking, edition…), built or current;
    None for a failure. Plain values, so an outcome crosses from a worker process whole."""

    @property
    def failed(self) -> bool:
        """True when nothing was written for this file because of an error."""
        return self.status == "failed"

    def summary(self) -> str:
        """One line for the terminal: what was written, or why not."""
        if self.status == "failed":
            return f"{self.source}: not built: {self.reason}"
        written = ", ".join(self.documents)
        if self.status == "current":
            return f"{self.source}: up to date ({written})"
        return f"{self.source} → {written} in {self.seconds * 1000:.0f} ms"


def run_build(
    path: Path, options: BuildOptions, force: bool = False, helpers: Helpers | None = None
) -> Outcome:
    """:func:`build_or_reuse`, with a failure given back as a ``failed`` outcome saying why.

    Data problems come back as ``file:line:col`` lines, any other error of the tool or a file
    that cannot be read as one line; nothing is raised.
    """
    from kzrs_reports.core.errors import DataError, KzrsError, describe

    try:
        return build_or_reuse(path, options, force, helpers)
    except DataError as exc:
        lines = tuple(str(p) for p in exc.problems)
        return Outcome(path, "failed", problems=lines, reason=f"{len(lines)} problem(s)")
    except KzrsError as exc:
        return Outcome(path, "failed", reason=str(exc))
    except OSError as exc:  # writes raise WriteError: this is a file that cannot be read
        where = f"{exc.filename}: " if exc.filename else ""
        return Outcome(path, "failed", reason=f"{where}{describe(exc)}")


def build_or_reuse(
    path: Path, options: BuildOptions, force: bool = False, helpers: Helpers | None = None
) -> Outcome:
    """Build ``path`` unless its last build is current (or ``force``), and say what happened:
    a ``built`` or ``current`` outcome.

    A build that fails leaves earlier outputs in place and raises what
    :func:`~kzrs_reports.build.build_brief` raised (a
    :class:`~kzrs_reports.core.errors.KzrsError`, or an :class:`OSError` for an input that
    cannot be read). The build record is removed before anything is written and rewritten
    after everything is, so an interrupted build is never taken for a current one.
    """
    started = time.perf_counter()
    record_file = record_path(options.out_dir, path, options.kind, options.language)
    record = read_record(record_file)
    settings = options.settings()
    if not force and record is not None and is_current(record, settings):
        return _current(path, record, started)
    _start_from(record)
    return _build(path, options, record_file, settings, started, helpers)


def current_outcome(path: Path, options: BuildOptions) -> Outcome | None:
    """The ``current`` outcome if ``path``'s recorded build is still exact, else None."""
    started = time.perf_counter()
    record = read_record(record_path(options.out_dir, path, options.kind, options.language))
    if record is None or not is_current(record, options.settings()):
        return None
    return _current(path, record, started)


def _current(path: Path, record: BuildRecord, started: float) -> Outcome:
    inputs = tuple(record.inputs)
    outputs = tuple(record.outputs)
    documents = tuple(record.documents)
    return Outcome(
        path,
        "current",
        documents,
        _since(started),
        inputs=inputs,
        outputs=outputs,
        facts=record.facts,
    )


def _build(
    path: Path,
    options: BuildOptions,
    record_file: Path,
    settings: dict[str, object],
    started: float,
    helpers: Helpers | None,
) -> Outcome:
    from kzrs_reports.build import build_brief
    from kzrs_reports.core.files import remove_leftovers
    from kzrs_reports.templates import template_files

    for folder in (options.out_dir, record_file.parent, options.kind_charts_dir):
        remove_leftovers(folder)
    forget(record_file)
    read_before = digests_before([path, *template_files(options.template_dir)])
    result = build_brief(path, options, helpers)
    documents = tuple(_described(w) for w in result.outputs)
    written = [w.path for w in result.outputs] + result.charts
    pages = next((w.heading_pages for w in result.outputs if w.heading_pages), {})
    record = make_record(
        path, settings, result.inputs, written, documents, pages, read_before, result.facts
    )
    write_record(record_file, record)
    inputs = tuple(str(p) for p in result.inputs)
    drawn = tuple(result.charts_drawn)
    outputs = tuple(str(p.resolve()) for p in written)
    return Outcome(
        path,
        "built",
        documents,
        _since(started),
        drawn,
        inputs=inputs,
        outputs=outputs,
        facts=result.facts,
    )


def _described(written: Written) -> str:
    """``out/x.pdf (6 pages)``, ``out/x-summary.pdf (1 page)``, ``out/x.docx``."""
    if not written.pages:
        return str(written.path)
    return f"{written.path} ({written.pages} page{'' if written.pages == 1 else 's'})"


def _start_from(record: BuildRecord | None) -> None:
    """Let a side-by-side DOCX start from the page numbers of the file's last build."""
    from kzrs_reports.writers.documents import remember_heading_pages

    if record is None or not record.heading_pages:
        return
    for output in record.outputs:
        if output.endswith(".docx"):
            remember_heading_pages(Path(output), record.heading_pages)


def _since(started: float) -> float:
    return time.perf_counter() - started
