"""The writers' shell: one document model in every requested format, all or nothing.

What every format shares is done here, once: the document is validated
(:func:`~kzrs_reports.document.validate.check_document`), each format is written to a
temporary file beside its target, and only when every format has been written are they all
renamed into place — so a failure in one format leaves every earlier file as it was.

Each format may be written in a helper process of its own (:mod:`kzrs_reports.batch.helper`),
side by side with the others; a format without one is written in this process.

Word lays out its own pages, so until its fields are updated a DOCX's stored contents list
shows the pages the PDF gave each heading (same fonts, sizes and margins): the best estimate
there is. A format that takes page numbers therefore waits for one that lays out pages.
Written in a helper, it starts at once with the numbers the previous build of the same file
gave, and is written again in the rare case the new numbers turn out different — so both
ways give the same bytes. With no previous numbers it waits for the new ones.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.core.files import atomic_path
from kzrs_reports.writers.protocol import Written
from kzrs_reports.writers.registry import FORMATS, PAGED, check_format, writer_for

if TYPE_CHECKING:
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.templates.theme import Theme

Helpers = Mapping[str, Executor]
"""Helper processes by format: each writes the documents of its format."""

_last_heading_pages: dict[Path, Mapping[str, int]] = {}
"""The heading pages the previous build of each target gave, in this process."""


def write_document(document: Document, theme: Theme, target: Path) -> Written:
    """Write ``document`` to ``target`` in the format its suffix names (``.pdf``, ``.docx``).

    As :func:`write_documents` for one format.
    """
    return write_documents(document, theme, {target.suffix.lower().lstrip("."): target})[0]


def write_documents(
    document: Document,
    theme: Theme,
    targets: Mapping[str, Path],
    helpers: Helpers | None = None,
) -> list[Written]:
    """Write ``document`` to each ``targets[fmt]``, in the order of
    :data:`~kzrs_reports.writers.registry.FORMATS`, and return what was written.

    A format with a helper in ``helpers`` is written there, side by side with the others.
    Raises :class:`~kzrs_reports.core.errors.TemplateError` for a document that breaks the
    model's promises, before anything is written, and whatever a writer raises; then no
    target has changed. The same arguments give the same bytes.
    """
    from kzrs_reports.document.validate import check_document

    check_document(document.blocks)
    formats = [fmt for fmt in FORMATS if fmt in targets]
    for fmt in targets:
        check_format(fmt)  # an unknown format is refused before anything is written
    with ExitStack() as renames:
        paths = {fmt: renames.enter_context(atomic_path(targets[fmt])) for fmt in formats}
        if helpers:
            renames.enter_context(_quick_hand_over())
        written = _write_all(document, theme, paths, targets, helpers or {})
    return [replace(written[fmt], path=targets[fmt]) for fmt in formats]


HAND_OVER_SECONDS = 0.0005
"""The interpreter's switch interval while documents go to the helpers and are written."""


@contextmanager
def _quick_hand_over() -> Iterator[None]:
    """Let the threads that carry a job to its helper run within half a millisecond.

    A job reaches its helper through two threads of this process (the pool's manager and
    the queue's feeder), each of which needs the interpreter's lock while this thread is
    busy writing the PDF; at the standard 5 ms switch interval the helper started its
    document 5 to 6 ms late. The interval only matters while another thread waits for the
    lock, so the shorter one costs nothing once the jobs are on their way.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, HAND_OVER_SECONDS))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _write_all(
    document: Document,
    theme: Theme,
    paths: Mapping[str, Path],
    targets: Mapping[str, Path],
    helpers: Helpers,
) -> dict[str, Written]:
    """Write each format to its temporary path: those that lay out pages first, the others
    with their heading pages; each in its helper when it has one."""
    paged = [fmt for fmt in paths if fmt in PAGED]
    others = [fmt for fmt in paths if fmt not in paged]
    guesses = {fmt: _last_heading_pages.get(targets[fmt].resolve()) for fmt in others}
    laying_out = {
        fmt: helpers[fmt].submit(write_one, fmt, document, theme, paths[fmt])
        for fmt in paged
        if fmt in helpers
    }
    early = {
        fmt: helpers[fmt].submit(write_one, fmt, document, theme, paths[fmt], guess)
        for fmt, guess in guesses.items()
        if fmt in helpers and guess is not None and paged
    }
    written: dict[str, Written] = {}
    try:
        for fmt in paged:
            job = laying_out.get(fmt)
            written[fmt] = job.result() if job else write_one(fmt, document, theme, paths[fmt])
    finally:
        # Every job ends before its file is renamed into place or removed.
        for job in laying_out.values():
            job.exception()
        for fmt, pending in early.items():
            written[fmt] = pending.result()
    pages = next((written[fmt].heading_pages for fmt in paged), None)
    for fmt in others:
        if fmt in early and dict(pages or {}) == dict(guesses[fmt] or {}):
            continue  # written early from the right numbers
        if fmt in helpers:
            job = helpers[fmt].submit(write_one, fmt, document, theme, paths[fmt], pages)
            written[fmt] = job.result()
        else:
            written[fmt] = write_one(fmt, document, theme, paths[fmt], pages)
    if pages is not None:
        for fmt in others:
            remember_heading_pages(targets[fmt], pages)
    return written


def write_one(
    fmt: str,
    document: Document,
    theme: Theme,
    path: Path,
    heading_pages: Mapping[str, int] | None = None,
) -> Written:
    """Write ``document`` to ``path`` in format ``fmt`` (in this process or a helper)."""
    return writer_for(fmt).write(document, theme, path, heading_pages)


def warm_helpers(helpers: Helpers | None, theme: Theme) -> None:
    """Have each of ``helpers`` prepare its writer for ``theme`` (the PDF's fonts, Word's
    styled template and fonts) while this process reads the data: a fresh helper's first
    document would otherwise do it on the build's critical path. Returns at once; a failure
    here shows again in the write itself."""
    for fmt, helper in (helpers or {}).items():
        helper.submit(prepare_writer, fmt, theme)


def prepare_writer(fmt: str, theme: Theme) -> None:
    """Prepare the writer of ``fmt`` for ``theme`` (in a helper process)."""
    writer_for(fmt).prepare(theme)


def prepare_helper() -> None:
    """In a process that will fork workers: load what the formats that take page numbers
    from another need, ahead of the first document."""
    for fmt in FORMATS:
        if fmt not in PAGED:
            writer_for(fmt).prepare()


def remember_heading_pages(target: Path, heading_pages: Mapping[str, int]) -> None:
    """Start the next side-by-side write of ``target`` from these page numbers.

    A build record holds the numbers of the last build, so a new process can start from
    them too.
    """
    _last_heading_pages[target.resolve()] = dict(heading_pages)
