"""A pack's visit documents, built as ``build`` builds them: those whose records show them
current are settled here, the rest built at once in the batch stage's worker processes.

Each document is built once however often the pack lists it. A document that fails does not
stop the others (each is written whole or not at all, as by ``build``); the pack then stops
with every failure, each document's ``file:line:col`` problems under it, before anything of
the pack is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kzrs_reports.batch.runner import Clash, available_cores, brief_ids, build_each
from kzrs_reports.build import BuildOptions
from kzrs_reports.core.errors import PackError
from kzrs_reports.incremental import Outcome, current_outcome
from kzrs_reports.pack.model import PackFile


def visit_builds(
    pack_path: Path, pack: PackFile, out_dir: Path, charts_dir: Path, language: str | None
) -> list[tuple[Path, BuildOptions]]:
    """The build of each visit document of ``pack``, in pack order (annexes left out): its
    visit file, relative to the pack file, and the options of its kind and edition."""
    return [
        (
            pack_path.parent / entry.visit,
            BuildOptions(out_dir, charts_dir, kind=entry.document_kind, language=language),
        )
        for entry in pack.documents
        if entry.visit is not None
    ]


def build_documents(
    builds: Sequence[tuple[Path, BuildOptions]], jobs: int | None = None
) -> list[Outcome]:
    """Build (or find current) each of ``builds`` and return their outcomes, in that order,
    all of them built or current; the stale ones in up to ``jobs`` processes (default: the
    cores this process may run on), the same bytes as one after the other.

    Raises :class:`PackError` naming every document that failed and why, its data problems
    as ``file:line:col`` lines.
    """
    keys = _keys(builds)
    first: dict[tuple[Path, BuildOptions], tuple[Path, BuildOptions]] = {}
    for key, build in zip(keys, builds, strict=True):
        first.setdefault(key, build)
    settled: dict[tuple[Path, BuildOptions], Outcome] = {}
    stale = []
    for key, build in first.items():
        outcome = current_outcome(*build)
        if outcome is None:
            stale.append(key)
        else:
            settled[key] = outcome
    _refuse_clashes(list(first.values()), list(settled.values()))
    workers = jobs or available_cores()
    if workers > 1 and len(stale) > 1:
        _prepare([first[key][1] for key in stale])
    built = build_each([first[key] for key in stale], workers, lambda _: None)
    settled.update(zip(stale, built, strict=True))
    outcomes = [settled[key] for key in keys]
    _stop_at_failures(outcomes)
    return outcomes


def _prepare(builds: Sequence[BuildOptions]) -> None:
    """Before the workers fork: load in this process what each of them, and the cover after
    them, would otherwise load for itself (the template sets and their engine, their fonts
    registered for the PDF and for the charts, Word's styles), so that each starts with it."""
    from kzrs_reports.charts.style import chart_style
    from kzrs_reports.templates import cached_template_set
    from kzrs_reports.templates.environment import date_filters  # noqa: F401  (Jinja2)
    from kzrs_reports.writers.documents import prepare_helper
    from kzrs_reports.writers.pdf.fonts import register_fonts
    from kzrs_reports.writers.registry import writer_for

    for folder in dict.fromkeys(options.template_dir for options in builds):
        theme = cached_template_set(folder).theme
        register_fonts(theme)
        with chart_style(theme):
            pass
    writer_for("pdf")  # the PDF writer's modules (ReportLab's platypus), for every worker
    prepare_helper()


def _keys(builds: Sequence[tuple[Path, BuildOptions]]) -> list[tuple[Path, BuildOptions]]:
    """One key per build: a visit file listed twice under two names is built once."""
    return [(path.resolve(), options) for path, options in builds]


def _refuse_clashes(builds: list[tuple[Path, BuildOptions]], settled: list[Outcome]) -> None:
    """Raise :class:`PackError` before anything is built if two visit files of the pack would
    write one document (one ``brief.id``, one kind): built at once, each would overwrite the
    other's files, and the pack would bind one of them twice."""
    ids = brief_ids(list(dict.fromkeys(path for path, _ in builds)), settled)
    writers: dict[Path, list[Path]] = {}
    shown: dict[Path, Path] = {}
    for path, options in builds:
        if path in ids:
            for fmt in options.formats:
                output = options.output(ids[path], fmt)
                shown.setdefault(output.resolve(), output)
                writers.setdefault(output.resolve(), []).append(path)
    for output, files in writers.items():
        if len(files) > 1:
            same = tuple(dict.fromkeys(ids[f] for f in files))
            raise PackError(Clash(tuple(files), shown[output], same).message())


def _stop_at_failures(outcomes: Sequence[Outcome]) -> None:
    """Raise :class:`PackError` if any of ``outcomes`` failed: each failure's line once, and
    its problems once, in pack order (a visit file with problems fails each of its kinds)."""
    failed = [o for o in outcomes if o.failed]
    if not failed:
        return
    lines = list(dict.fromkeys(f"{o.source}: not built: {o.reason}" for o in failed))
    problems = tuple(dict.fromkeys(p for o in failed for p in o.problems))
    raise PackError("; ".join(lines), problems)
