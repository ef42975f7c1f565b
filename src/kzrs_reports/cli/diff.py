"""``kzrs-reports diff OLD NEW``: what changed between two editions, one sentence a line.

The sentences are the brief's "Changes in this edition", grouped under their section's name.
Exit status: 0 (also when nothing changed); 1 when either file has data errors, printed as
``check`` prints them, or the template set is wrong; 2 wrong usage. Imports no writer or
chart library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def _data_file(metavar: str, help: str) -> Any:
    return typer.Argument(exists=True, dir_okay=False, readable=True, metavar=metavar, help=help)


def diff(
    old: Annotated[Path, _data_file("OLD", "The previous edition's data file.")],
    new: Annotated[Path, _data_file("NEW", "This edition's data file.")],
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            exists=True,
            file_okay=False,
            help="A template set folder whose labels.yaml words the changes.",
        ),
    ] = None,
) -> None:
    """Print what changed from OLD to NEW, the same sentences as the brief's changes section."""
    from kzrs_reports.changes import compare, describe
    from kzrs_reports.cli.failures import report, reported
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.load import load_visit
    from kzrs_reports.templates import load_template_set
    from kzrs_reports.templates.coverage import drawable_characters, font_names

    with reported("cannot compare: {error}"):
        template_set = load_template_set(templates)
    theme = template_set.theme
    drawable, fonts = drawable_characters(theme), font_names(theme)
    visits, statuses = [], []
    for path in (old, new):
        try:
            visits.append(load_visit(path, drawable, fonts))
        except KzrsError as exc:
            statuses.append(report(exc, f"{path}: {{error}}"))
    if statuses:
        raise typer.Exit(max(statuses))
    before, after = visits
    with reported("cannot compare: {error}"):
        described = describe(
            compare(before, after), before.brief, template_set.labels, after.brief.language
        )
    if not described.groups:
        typer.echo(described.none)
    for section, lines in described.groups:
        typer.echo(section)
        for line in lines:
            typer.echo(f"  {line}")
