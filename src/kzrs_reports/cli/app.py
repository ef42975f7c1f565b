"""``kzrs-reports new | templates | build | watch | check | diff | schema | send | pack``.

Exit status: 0 done; 1 the data (or a template) has errors, and nothing was written for that
file; 2 wrong usage. Problems are printed as ``file:line:col: field.path: message``; a user
never sees a traceback for bad data.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated

import typer

from kzrs_reports.cli.options import CheckInputs, TemplatesOption
from kzrs_reports.core.version import __version__

app = typer.Typer(
    name="kzrs-reports",
    help="Policy briefs (PDF and Word) from the data of a diplomatic visit.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzrs-reports {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Policy briefs (PDF and Word) from the data of a diplomatic visit."""


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
    from kzrs_reports.api import checked, language_tags
    from kzrs_reports.cli.failures import report, reported
    from kzrs_reports.cli.options import data_files
    from kzrs_reports.core.errors import DataError, KzrsError
    from kzrs_reports.templates import cached_template_set

    languages = _tags(lang, language_tags)
    with reported("cannot check: {error}"):
        cached_template_set(templates)
    inputs = data_files(files)
    for pack in inputs.packs:
        typer.echo(f"{pack}: left out, a pack file (use kzrs-reports pack {pack})")
    files = inputs.files
    statuses = []
    for path in files:
        try:
            found = checked(
                path,
                templates=templates,
                require_quotes=require_quotes,
                languages=languages,
                strict_translations=strict_translations,
            )
            notes = [*found.notes, *(p for each in found.untranslated.values() for p in each)]
            for note in notes:
                typer.echo(str(note), err=True)
            if found.problems:
                raise DataError(list(found.problems))
        except KzrsError as exc:
            located = str(exc).startswith(f"{path}:")
            statuses.append(report(exc, "{error}" if located else f"{path}: {{error}}"))
        else:
            typer.echo(f"{path}: ok" + _noted(len(found.notes), found.untranslated))
    if statuses:
        typer.echo(f"{len(statuses)} of {len(files)} file(s) have problems", err=True)
        raise typer.Exit(max(statuses))


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


def _noted(unchecked: int, untranslated: Mapping[str, Sequence[object]]) -> str:
    """`` (2 quote(s) unchecked; untranslated: 5 text(s) in ru, 7 in kk)``, or nothing."""
    parts = [f"{unchecked} quote(s) unchecked"] if unchecked else []
    counts = [f"{len(notes)} in {tag}" for tag, notes in untranslated.items() if notes]
    if counts:
        parts.append("untranslated: " + ", ".join(counts).replace(" in ", " text(s) in ", 1))
    return f" ({'; '.join(parts)})" if parts else ""


def schema() -> None:
    """Print the JSON Schema of the visit data format."""
    from kzrs_reports.model.visit import VisitFile

    document = VisitFile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _register() -> None:
    from kzrs_reports.cli.build import build
    from kzrs_reports.cli.diff import diff
    from kzrs_reports.cli.new import new, reference_docx, templates
    from kzrs_reports.cli.pack import pack
    from kzrs_reports.cli.send import send
    from kzrs_reports.cli.watch import watch

    for command in (new, templates, reference_docx, build, watch, check, diff, schema, send, pack):
        app.command()(command)


_register()


def main() -> None:
    """Run the command line; exits with the command's status."""
    # No pydantic plugin has any business watching a brief being validated, and looking for
    # one costs every command an entry-point scan; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
