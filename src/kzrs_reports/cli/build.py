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
    from kzrs_reports.batch.helper import writer_helper
    from kzrs_reports.batch.report import PlainReporter, choose_reporter
    from kzrs_reports.batch.runner import (
        available_cores,
        build_all,
        pending_builds,
        refuse_clashes,
    )
    from kzrs_reports.core.errors import FAILED

    started = time.perf_counter()
    paths = data_files(files)
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
        if to_build:
            _check_templates(options.template_dir)
            stale.append((options, to_build))
    jobs = jobs or available_cores()
    # One file to build: its DOCX is written in a second process, side by side with the PDF.
    single = len(stale) == 1 and len(stale[0][1]) == 1
    helper = writer_helper() if single and "docx" in every[0].formats else None
    total = len(paths) * len(every)
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
                helper=helper,
            )
    finally:
        if helper is not None:
            helper.shutdown(cancel_futures=True)
    start_reporter()
    outcomes, refused = refuse_clashes(settled + built)
    for outcome in refused:
        typer.echo(outcome.summary(), err=True)
    reporter.finish(outcomes, time.perf_counter() - started)
    if any(o.failed for o in outcomes):
        raise typer.Exit(FAILED)


def _check_templates(templates: Path) -> None:
    """Stop before building anything when the template set itself is broken (exit 1)."""
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.templates import cached_template_set

    with reported("not built: {error}"):
        cached_template_set(templates)
