"""``kzrs-reports build``: one file, many, or folders of them, rebuilding only what changed.

The command's work, without typer: typer declares ``build`` (:mod:`kzrs_reports.cli.app`)
and runs :func:`build_files`; :func:`quick_build` runs it on a plainly well-formed command
line read here (:mod:`kzrs_reports.cli.words`), since the edit loop runs ``build`` after
every save and the command-line framework costs every start tens of milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.cli.failures import echo, report
from kzrs_reports.cli.values import build_options, data_files, parse_kinds, parse_languages
from kzrs_reports.cli.words import folder, read_words, readable, readable_file

if TYPE_CHECKING:
    from kzrs_reports.batch.inputs import Inputs
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.incremental import Outcome
    from kzrs_reports.templates.theme import Theme

FLAGS = {"--force": "--force"}
"""``build``'s options that take no value, by each spelling."""
VALUED = {
    "--out": "--out",
    "-o": "--out",
    "--charts-dir": "--charts-dir",
    "--format": "--format",
    "-f": "--format",
    "--templates": "--templates",
    "--since": "--since",
    "--kind": "--kind",
    "-k": "--kind",
    "--lang": "--lang",
    "-l": "--lang",
    "--jobs": "--jobs",
    "-j": "--jobs",
}
"""``build``'s options that take a value, by each spelling."""


@dataclass(frozen=True)
class BuildRequest:
    """A ``build`` command line, its values as given (the defaults ``build`` declares)."""

    files: list[Path] = field(default_factory=list)
    out: Path = Path("out")
    charts_dir: Path = Path("charts")
    fmt: str = "pdf,docx"
    templates: Path | None = None
    since: Path | None = None
    kind: str = "brief"
    lang: str | None = None
    force: bool = False
    jobs: int | None = None


@dataclass(frozen=True)
class BuildPlan:
    """A request read and checked: the files, and one set of options per document written."""

    request: BuildRequest
    inputs: Inputs
    every: list[BuildOptions]


def plan_builds(request: BuildRequest) -> BuildPlan:
    """Read and check ``request``'s values, printing nothing; an
    :class:`~kzrs_reports.core.errors.OptionError` for one the command line refuses."""
    inputs = data_files(request.files)
    editions: list[str | None] = [None, *parse_languages(request.lang, request.templates)]
    every = [
        build_options(
            request.out,
            request.charts_dir,
            request.fmt,
            request.templates,
            request.since,
            kind,
            language,
        )
        for kind in parse_kinds(request.kind)
        for language in editions
    ]
    return BuildPlan(request, inputs, every)


def build_files(plan: BuildPlan) -> int:
    """Build each file of ``plan`` that is not up to date (all with ``--force``), print each
    outcome and a summary, and return the exit status: 1 if any file failed, else 0."""
    from kzrs_reports.batch.helper import stop_helpers, writer_helpers
    from kzrs_reports.batch.report import PlainReporter, choose_reporter
    from kzrs_reports.batch.runner import available_cores, build_all, pending_builds
    from kzrs_reports.core.errors import FAILED
    from kzrs_reports.incremental import Outcome

    started = time.perf_counter()
    paths, every = plan.inputs.files, plan.every
    settled: list[Outcome] = []
    stale: list[tuple[BuildOptions, list[Path]]] = []
    for options in every:
        current, to_build = pending_builds(paths, options, plan.request.force)
        settled += current
        stale.append((options, to_build))
    refused = _refuse_clashes(paths, settled, every)
    settled = [o for o in settled if o.source not in refused]
    stale = [(o, [p for p in todo if p not in refused]) for o, todo in stale]
    stale = [(o, todo) for o, todo in stale if todo]
    jobs = plan.request.jobs or available_cores()
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

    # One file to build: each format is written in a process of its own, side by side,
    # forked before the template set is read (the helpers need none of it).
    single = len(stale) == 1 and len(stale[0][1]) == 1
    helpers = writer_helpers(every[0].formats) if single else {}
    built: list[Outcome] = []
    try:
        for template_dir in dict.fromkeys(options.template_dir for options, _ in stale):
            status = _check_templates(template_dir, "docx" in every[0].formats)
            if status:
                return status
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
    reporter.finish(outcomes, time.perf_counter() - started, plan.inputs.packs)
    return FAILED if any(o.failed for o in outcomes) else 0


def quick_build(args: Sequence[str]) -> int | None:
    """Run ``build`` with the words after it, without typer, and return its exit status; or
    None, having printed nothing, when the full command line must read them: anything but
    existing files and folders, ``build``'s options each given once, and values it takes."""
    from kzrs_reports.core.errors import UsageError

    request = read_request(args)
    if request is None:
        return None
    try:
        plan = plan_builds(request)
    except UsageError:
        return None
    return build_files(plan)


def read_request(args: Sequence[str]) -> BuildRequest | None:
    """The words after ``build`` as a request, when typer would take them as they are (files
    that exist and can be read, ``--templates`` a folder, ``--since`` a readable file,
    ``--jobs`` a whole number from 1); None otherwise."""
    words = read_words(args, FLAGS, VALUED)
    if words is None or not all(readable(word) for word in words.arguments):
        return None
    templates, since, jobs = words.value("--templates"), words.value("--since"), None
    if templates is not None and not folder(templates):
        return None
    if since is not None and not readable_file(since):
        return None
    if "--jobs" in words.options:
        jobs = _whole_number(words.value("--jobs") or "")
        if jobs is None or jobs < 1:
            return None
    defaults = BuildRequest()
    out, charts_dir = words.value("--out"), words.value("--charts-dir")
    fmt, kind = words.value("--format"), words.value("--kind")
    return BuildRequest(
        files=[Path(word) for word in words.arguments],
        out=Path(out) if out is not None else defaults.out,
        charts_dir=Path(charts_dir) if charts_dir is not None else defaults.charts_dir,
        fmt=fmt if fmt is not None else defaults.fmt,
        templates=Path(templates) if templates is not None else None,
        since=Path(since) if since is not None else None,
        kind=kind if kind is not None else defaults.kind,
        lang=words.value("--lang"),
        force="--force" in words.options,
        jobs=jobs,
    )


def _whole_number(word: str) -> int | None:
    """``word`` as click reads an integer: digits, perhaps signed and spaced; else None."""
    try:
        return int(word)
    except ValueError:
        return None


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
        echo(clash.message(), err=True)
        for path in clash.files:
            refused.setdefault(path, "its brief.id is another file's")
    return refused


def _check_templates(templates: Path, word: bool) -> int:
    """Say why the template set cannot be used and return the exit status (1), or 0 when it
    can; when Word documents are to be written, warn (once) of each style its reference
    document lacks."""
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.templates import cached_template_set

    try:
        theme = cached_template_set(templates).theme
        if word:
            for line in reference_warnings(theme):
                echo(f"warning: {line}", err=True)
    except KzrsError as error:
        return report(error, "not built: {error}")
    return 0


def reference_warnings(theme: Theme) -> list[str]:
    """What the Word documents of ``theme`` fall back on: a line for each style its
    reference document lacks (none without one). Raises
    :class:`~kzrs_reports.core.errors.TemplateError` for a reference that cannot be used."""
    if theme.word is None:
        return []
    from kzrs_reports.writers.docx.reference import reference_warnings as lacking

    return lacking(theme)
