"""``kzrs-reports new | templates | build | watch | check | diff | schema | send | pack``.

Exit status: 0 done; 1 the data (or a template) has errors, and nothing was written for that
file; 2 wrong usage. Problems are printed as ``file:line:col: field.path: message``; a user
never sees a traceback for bad data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer

from kzrs_reports.cli.options import (
    ChartsOption,
    CheckInputs,
    DataInputs,
    FormatOption,
    KindOption,
    LanguagesOption,
    OutOption,
    SinceOption,
    TemplatesOption,
    typer_usage,
)
from kzrs_reports.core.version import __version__

COMMANDS = {
    "new": ("kzrs_reports.cli.new", "new"),
    "templates": ("kzrs_reports.cli.new", "templates"),
    "reference-docx": ("kzrs_reports.cli.new", "reference_docx"),
    "build": (__name__, "build"),
    "watch": ("kzrs_reports.cli.watch", "watch"),
    "check": (__name__, "check"),
    "diff": ("kzrs_reports.cli.diff", "diff"),
    "schema": (__name__, "schema"),
    "send": ("kzrs_reports.cli.send", "send"),
    "pack": ("kzrs_reports.cli.pack", "pack"),
}
"""Each command, in the order ``--help`` lists them: the module and function that run it."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzrs-reports {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Policy briefs (PDF and Word) from the data of a diplomatic visit."""


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
    from kzrs_reports.cli.build import BuildRequest, build_files, plan_builds

    # kzrs_reports.cli.build.quick_build runs the same steps without typer: keep them alike.
    request = BuildRequest(
        files or [], out, charts_dir, fmt, templates, since, kind, lang, force, jobs
    )
    status = build_files(typer_usage(plan_builds)(request))
    if status:
        raise typer.Exit(status)


def check(
    files: CheckInputs,
    templates: TemplatesOption = None,
    require_quotes: Annotated[
        bool,
        typer.Option(
            "--require-quotes",
            help="Every sourced statement must quote the words it rests on, and every quote "
            "must be checked against its source's text.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Editions to check, as language tags, comma-separated (e.g. ru,kk,sr-Latn): "
            "every text one of them would print in another language is listed as a note. "
            "Without it, the brief's own language.",
        ),
    ] = None,
    strict_translations: Annotated[
        bool,
        typer.Option(
            "--strict-translations",
            help="Every text must have its version in each language checked: a missing "
            "translation is a problem, not a note.",
        ),
    ] = False,
) -> None:
    """Validate files only; list every problem as file:line:col: field.path: message.

    A folder stands for its data files, as for build: its pack files are left out. The house
    style counts too: text its fonts cannot print is a problem, and so is a
    previous edition (brief.previous) that is missing or has problems of its own. Every
    quote is looked for in its source's text (sources[].file); one that is not there is a
    problem, one whose source has no text is listed as a note. Then, language by language,
    every text an edition would print in another language, for want of its own, is a note.
    """
    from kzrs_reports.api import language_tags
    from kzrs_reports.cli.check import check_files, check_templates
    from kzrs_reports.cli.options import data_files

    # kzrs_reports.cli.check.quick_check runs the same steps without typer: keep them alike.
    languages = _tags(lang, language_tags)
    status = check_templates(templates)
    if not status:
        inputs = data_files(files)
        status = check_files(inputs, templates, require_quotes, languages, strict_translations)
    if status:
        raise typer.Exit(status)


def _tags(value: str | None, check: Callable[[list[str]], list[str]]) -> list[str]:
    """The language tags of ``--lang ru,kk``; a usage error (exit 2) for one that is not."""
    if value is None:
        return []
    from kzrs_reports.core.errors import UsageError

    tags = [t.strip() for t in value.split(",") if t.strip()]
    try:
        if not tags:
            raise UsageError("give language tags, e.g. ru,kk")
        return check(tags)
    except UsageError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--lang'") from None


def schema() -> None:
    """Print the JSON Schema of the visit data format."""
    from kzrs_reports.model.visit import VisitFile

    document = VisitFile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def typer_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The command line with the commands ``names`` (all of them by default), each one's
    module imported now."""
    app = typer.Typer(
        name="kzrs-reports",
        help="Policy briefs (PDF and Word) from the data of a diplomatic visit.",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for name in names:
        module, function = COMMANDS[name]
        app.command()(getattr(import_module(module), function))
    return app


def run(args: Sequence[str]) -> None:
    """Run the command line under typer on ``args``; exits with the command's status.

    A command named first is the only one built (and its module the only one imported):
    building them all costs every command some 15 ms. Anything else (``--help``,
    ``--version``, no command, a misspelt one) gets them all, to list or suggest.
    """
    named = args[:1] if args[:1] and args[0] in COMMANDS else COMMANDS
    typer_app(named)(args=list(args))


def __getattr__(name: str) -> Any:
    """``app``: the whole command line, built on first use (tests run commands on it)."""
    if name == "app":
        globals()["app"] = typer_app()
        return globals()["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
