"""``kzrs-reports watch``: rebuild on every save, until Ctrl-C."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

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


def watch(
    files: DataInputs = None,
    out: OutOption = Path("out"),
    charts_dir: ChartsOption = Path("charts"),
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    since: SinceOption = None,
    kind: KindOption = "brief",
    lang: LanguagesOption = None,
) -> None:
    """Build each file, then rebuild it whenever it, its templates or its style are saved;
    with --lang, its edition in each language too.

    One line per rebuild: what was written, its pages, the milliseconds it took. A save that
    breaks the data prints the problems (as check does) and keeps the last good outputs.
    Ctrl-C (or SIGTERM) stops watching (exit status 0).
    """
    from kzrs_reports.batch.helper import stop_helpers, writer_helpers
    from kzrs_reports.batch.report import print_outcome
    from kzrs_reports.core import collector
    from kzrs_reports.incremental import Outcome
    from kzrs_reports.watch.session import (
        WatchSession,
        stamp,
        stop_on_signals,
        warm_up,
        watch_files,
    )
    from kzrs_reports.writers.registry import PAGED

    editions: list[str | None] = [None, *parse_languages(lang, templates)]
    kinds = [
        build_options(out, charts_dir, fmt, templates, since, k, language)
        for k in parse_kinds(kind)
        for language in editions
    ]

    def report(outcome: Outcome) -> None:
        if outcome.failed:
            kept = "; the last good outputs are kept, still watching"
            outcome = replace(outcome, reason=outcome.reason + kept)
        print_outcome(outcome, sys.stdout, sys.stderr, prefix=f"{stamp()} ")

    inputs = data_files(files)
    for pack in inputs.packs:
        typer.echo(f"{stamp()} {pack}: left out, a pack file (use kzrs-reports pack)")
    if "docx" in kinds[0].formats:
        _warn_of_references(dict.fromkeys(k.template_dir for k in kinds))
    session = WatchSession(inputs.files, kinds, report)
    stop = threading.Event()
    stop_on_signals(stop, session)
    try:
        session.build(session.files)
        warm_up(kinds[0])
        collector.resume()  # before the fork: the helper runs as long as the session
        # This process is warm: it lays out the PDF itself, and the formats that take the
        # PDF's pages are written beside it.
        session.helpers = writer_helpers(f for f in kinds[0].formats if f not in PAGED)
        watch_files(
            session,
            on_ready=lambda count: typer.echo(
                f"{stamp()} watching {count} files; press Ctrl-C to stop"
            ),
            stop=stop,
        )
    except KeyboardInterrupt:
        pass
    finally:
        stop_helpers((session.helpers or {}).values())
    typer.echo(f"{stamp()} stopped watching")


def _warn_of_references(template_dirs: Iterable[Path]) -> None:
    """Say once, as build does, which styles each set's Word reference document lacks; a
    set that cannot be loaded is left for its builds to report."""
    from kzrs_reports.cli.build import reference_warnings
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.templates import cached_template_set
    from kzrs_reports.watch.session import stamp

    for template_dir in template_dirs:
        try:
            lines = reference_warnings(cached_template_set(template_dir).theme)
        except KzrsError:
            continue
        for line in lines:
            typer.echo(f"{stamp()} warning: {line}", err=True)
