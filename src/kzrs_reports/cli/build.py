"""``kzrs-reports build``: one file, many, or folders of them, rebuilding only what changed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from kzrs_reports.cli.options import (
    ChartsOption,
    DataInputs,
    FormatOption,
    OutOption,
    SinceOption,
    TemplatesOption,
    build_options,
    data_files,
)


def build(
    files: DataInputs = None,
    out: OutOption = Path("out"),
    charts_dir: ChartsOption = Path("charts"),
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    since: SinceOption = None,
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
    """Validate each file and build its brief into --out, its charts into --charts-dir.

    A file whose data, templates, style and tool version are unchanged since its last build
    is skipped (--force builds it anyway). Exit status 1 if any file failed.
    """
    from kzrs_reports.batch.helper import writer_helper
    from kzrs_reports.batch.report import choose_reporter
    from kzrs_reports.batch.runner import (
        available_cores,
        build_all,
        pending_builds,
        refuse_clashes,
    )

    started = time.perf_counter()
    paths = data_files(files)
    options = build_options(out, charts_dir, fmt, templates, since)
    settled, stale = pending_builds(paths, options, force)
    if stale:
        _check_templates(templates)
    jobs = jobs or available_cores()
    # One file to build: its DOCX is written in a second process, side by side with the PDF.
    helper = writer_helper() if len(stale) == 1 and "docx" in options.formats else None
    reporter = choose_reporter(len(paths))
    # The reporter starts once the workers exist: a progress bar runs a thread, and a
    # process must not fork while another of its threads may hold a lock.
    try:
        built = build_all(
            stale,
            options,
            jobs,
            reporter.outcome,
            on_started=lambda: reporter.start(len(paths), settled),
            helper=helper,
        )
    finally:
        if helper is not None:
            helper.shutdown(cancel_futures=True)
    outcomes, refused = refuse_clashes(settled + built)
    for outcome in refused:
        typer.echo(outcome.summary(), err=True)
    reporter.finish(outcomes, time.perf_counter() - started)
    if any(o.failed for o in outcomes):
        raise typer.Exit(1)


def _check_templates(templates: Path | None) -> None:
    """Stop before building anything when the template set itself is broken (exit 1)."""
    from kzrs_reports.errors import KzrsError
    from kzrs_reports.templates import cached_template_set

    try:
        cached_template_set(templates)
    except KzrsError as exc:
        typer.echo(f"not built: {exc}", err=True)
        raise typer.Exit(1) from None
