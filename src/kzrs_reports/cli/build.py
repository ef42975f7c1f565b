"""``kzrs-reports build``: one file, many, or folders of them, rebuilding only what changed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzrs_reports.cli.options import (
    ChartsOption,
    DataInputs,
    FormatOption,
    KindOption,
    LanguagesOption,
    OutOption,
    SinceOption,
    TemplatesOption,
    build_options,
    data_files,
    parse_kinds,
    parse_languages,
)

if TYPE_CHECKING:
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.incremental import Outcome
    from kzrs_reports.templates.theme import Theme


def build(
    files: DataInputs = None,
    out: OutOption = Path("out"),
    charts_dir: ChartsOption = Path("charts"),
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    since: SinceOption = None,
    kind: KindOption = "brief",
    lang: LanguagesOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Build even files whose outputs are up to date.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            show_default=False,
            help="Files built at once, in separate processes [default: the number of cores].",
        ),
    ] = None,
) -> None:
    """Validate each file and build its brief (or the --kind documents) into --out, its charts
    into --charts-dir; with --lang, an edition in each language beside it.

    A file whose data, templates, style and tool version are unchanged since its last build
    is skipped (--force builds it anyway). Exit status 1 if any file failed.
    """
    from kzrs_reports.batch.helper import stop_helpers, writer_helpers
    from kzrs_reports.batch.report import PlainReporter, choose_reporter
    from kzrs_reports.batch.runner import available_cores, build_all, pending_builds
    from kzrs_reports.core.errors import FAILED
    from kzrs_reports.incremental import Outcome

    started = time.perf_counter()
    inputs = data_files(files)
    paths = inputs.files
    editions: list[str | None] = [None, *parse_languages(lang, templates)]
    every = [
        build_options(out, charts_dir, fmt, templates, since, k, language)
        for k in parse_kinds(kind)
        for language in editions
    ]
    settled: list[Outcome] = []
    stale: list[tuple[BuildOptions, list[Path]]] = []
    for options in every:
        current, to_build = pending_builds(paths, options, force)
        settled += current
        stale.append((options, to_build))
    refused = _refuse_clashes(paths, settled, every)
    settled = [o for o in settled if o.source not in refused]
    stale = [(o, [p for p in todo if p not in refused]) for o, todo in stale]
    stale = [(o, todo) for o, todo in stale if todo]
    for template_dir in dict.fromkeys(options.template_dir for options, _ in stale):
        _check_templates(template_dir, "docx" in every[0].formats)
    jobs = jobs or available_cores()
    # One file to build: each format is written in a process of its own, side by side.
    single = len(stale) == 1 and len(stale[0][1]) == 1
    helpers = writer_helpers(every[0].formats) if single else {}
    total = (len(paths) - len(refused)) * len(every)
    # A progress bar's thread would be running when the second kind's workers fork.
    reporter = choose_reporter(total) if len(stale) <= 1 else PlainReporter()
    # The reporter starts once the workers exist: a progress bar runs a thread, and a
    # process must not fork while another of its threads may hold a lock.
    started_reporter = False

    def start_reporter() -> None:
        nonlocal started_reporter
        if not started_reporter:
            started_reporter = True
            reporter.start(total, settled)

    built: list[Outcome] = []
    try:
        for options, to_build in stale:
            built += build_all(
                to_build,
                options,
                jobs,
                reporter.outcome,
                on_started=start_reporter,
                helpers=helpers,
            )
    finally:
        stop_helpers(helpers.values())
    start_reporter()
    failed = [Outcome(p, "failed", reason=refused[p]) for p in refused for _ in every]
    outcomes = settled + built + failed
    reporter.finish(outcomes, time.perf_counter() - started, inputs.packs)
    if any(o.failed for o in outcomes):
        raise typer.Exit(FAILED)


def _refuse_clashes(
    paths: list[Path], settled: list[Outcome], every: list[BuildOptions]
) -> dict[Path, str]:
    """Say which files would write one another's documents, before anything is built, and
    return each of them with the reason it is not built.

    A file that will not build (its data has problems) writes nothing and so clashes with
    nothing: it is left to fail with its own problems.
    """
    from kzrs_reports.batch.runner import brief_ids, find_clashes, would_build

    if len(paths) < 2:
        return {}
    ids = brief_ids(paths, settled)
    suspects = {f for clash in find_clashes(ids, every) for f in clash.files}
    current = {(o.source, o.facts.kind) for o in settled if o.facts is not None}
    checked = {
        (path, options.kind): (path, options.kind) in current or would_build(path, options)
        for path in suspects
        for options in every
    }

    def builds(path: Path, options: BuildOptions) -> bool:
        return checked.get((path, options.kind), True)

    refused: dict[Path, str] = {}
    for clash in find_clashes(ids, every, builds):
        typer.echo(clash.message(), err=True)
        for path in clash.files:
            refused.setdefault(path, "its brief.id is another file's")
    return refused


def _check_templates(templates: Path, word: bool) -> None:
    """Stop before building anything when the template set itself is broken (exit 1); when
    Word documents are to be written, warn (once) of each style its reference document lacks."""
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.templates import cached_template_set

    with reported("not built: {error}"):
        theme = cached_template_set(templates).theme
        if word:
            for line in reference_warnings(theme):
                typer.echo(f"warning: {line}", err=True)


def reference_warnings(theme: Theme) -> list[str]:
    """What the Word documents of ``theme`` fall back on: a line for each style its
    reference document lacks (none without one). Raises
    :class:`~kzrs_reports.core.errors.TemplateError` for a reference that cannot be used."""
    if theme.word is None:
        return []
    from kzrs_reports.writers.docx.reference import reference_warnings as lacking

    return lacking(theme)
