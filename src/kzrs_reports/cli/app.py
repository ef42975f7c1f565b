"""``kzrs-reports build | check | diff | schema``.

Exit status: 0 done; 1 the data (or a template) has errors, and nothing was written for that
file; 2 wrong usage. Problems are printed as ``file:line:col: field.path: message``; a user
never sees a traceback for bad data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kzrs_reports import __version__
from kzrs_reports.cli.diff import diff

SAMPLE = Path("data/kz-rs-state-visit-2026.yaml")

app = typer.Typer(
    name="kzrs-reports",
    help="Policy briefs (PDF and Word) from the data of a diplomatic visit.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ExistingFiles = Annotated[
    list[Path],
    typer.Argument(
        exists=True, dir_okay=False, readable=True, help="Visit data files (YAML or JSON)."
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        exists=True,
        file_okay=False,
        help="A template set folder (brief.md.j2, labels.yaml, theme.yaml).",
    ),
]


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


def _formats(value: str) -> list[str]:
    from kzrs_reports.build import FORMATS

    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or repr(value)}; choose from {','.join(FORMATS)}"
        )
    return chosen


@app.command()
def build(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
            help=f"Visit data files; without one, the sample {SAMPLE}.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents.")] = Path(
        "out"
    ),
    charts_dir: Annotated[
        Path, typer.Option("--charts-dir", help="Folder for the chart images.")
    ] = Path("charts"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Formats to write: pdf, docx or pdf,docx.")
    ] = "pdf,docx",
    templates: TemplatesOption = None,
    since: Annotated[
        Path | None,
        typer.Option(
            "--since",
            exists=True,
            dir_okay=False,
            readable=True,
            help="The previous edition's data file: the brief lists what changed since "
            "(instead of the file the data names in brief.previous).",
        ),
    ] = None,
) -> None:
    """Validate each file and build its brief into --out, its charts into --charts-dir."""
    from kzrs_reports.build import BuildOptions, build_brief
    from kzrs_reports.errors import DataError, KzrsError
    from kzrs_reports.templates import load_template_set

    formats = _formats(fmt)
    if not files:
        if not SAMPLE.is_file():
            raise typer.BadParameter(
                f"no FILE given and no sample at {SAMPLE} in this folder", param_hint="FILES"
            )
        files = [SAMPLE]
    try:
        template_set = load_template_set(templates)
    except KzrsError as exc:
        typer.echo(f"not built: {exc}", err=True)
        raise typer.Exit(1) from None
    options = BuildOptions(
        out_dir=out, charts_dir=charts_dir, templates=template_set, formats=formats, since=since
    )
    failed = 0
    for path in files:
        try:
            result = build_brief(path, options)
        except DataError as exc:
            failed += 1
            _print_problems(exc)
            typer.echo(f"{path}: not built: {len(exc.problems)} problem(s)", err=True)
            continue
        except KzrsError as exc:
            failed += 1
            typer.echo(f"{path}: not built: {exc}", err=True)
            continue
        except OSError as exc:  # an output folder that cannot be written, a full disk
            failed += 1
            where = f" {exc.filename}" if exc.filename else ""
            typer.echo(f"{path}: not built: cannot write{where}: {exc.strerror or exc}", err=True)
            continue
        written = ", ".join(
            f"{w.path} ({w.pages} pages)" if w.pages else str(w.path) for w in result.outputs
        )
        typer.echo(f"{path} → {written} in {result.seconds:.2f} s")
    if failed:
        raise typer.Exit(1)


@app.command()
def check(files: ExistingFiles, templates: TemplatesOption = None) -> None:
    """Validate files only; list every problem as file:line:col: field.path: message.

    The house style counts too: text its fonts cannot print is a problem, and so is a
    previous edition (brief.previous) that is missing or has problems of its own.
    """
    from kzrs_reports.changes import previous_edition
    from kzrs_reports.errors import DataError, KzrsError
    from kzrs_reports.load import load_visit
    from kzrs_reports.templates import load_template_set
    from kzrs_reports.templates.coverage import drawable_characters, font_names

    try:
        theme = load_template_set(templates).theme
    except KzrsError as exc:
        typer.echo(f"cannot check: {exc}", err=True)
        raise typer.Exit(1) from None
    drawable, fonts = drawable_characters(theme), font_names(theme)
    failed = 0
    for path in files:
        try:
            previous_edition(path, load_visit(path, drawable, fonts), None, drawable, fonts)
        except DataError as exc:
            failed += 1
            _print_problems(exc)
        except KzrsError as exc:
            failed += 1
            typer.echo(f"{path}: {exc}", err=True)
        else:
            typer.echo(f"{path}: ok")
    if failed:
        typer.echo(f"{failed} of {len(files)} file(s) have problems", err=True)
        raise typer.Exit(1)


app.command()(diff)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the visit data format."""
    from kzrs_reports.model.visit import VisitFile

    document = VisitFile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _print_problems(exc: object) -> None:
    for problem in getattr(exc, "problems", []):
        typer.echo(str(problem), err=True)


def main() -> None:
    """Run the command line; exits with the command's status."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
