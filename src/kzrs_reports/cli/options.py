"""Arguments and options several commands share, as typer declares them, so they read and
check the same way; their values are read by :mod:`kzrs_reports.cli.values`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from kzrs_reports.cli import values
from kzrs_reports.cli.values import SAMPLE
from kzrs_reports.core.errors import OptionError

P = ParamSpec("P")
T = TypeVar("T")

CheckInputs = Annotated[
    list[Path],
    typer.Argument(
        exists=True,
        readable=True,
        show_default=False,
        help="Visit data files (YAML or JSON), or folders of them.",
    ),
]
DataInputs = Annotated[
    list[Path] | None,
    typer.Argument(
        exists=True,
        readable=True,
        show_default=False,
        help=f"Visit data files, or folders of them; without one, the sample {SAMPLE}.",
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
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents.")]
ChartsOption = Annotated[Path, typer.Option("--charts-dir", help="Folder for the chart images.")]
SinceOption = Annotated[
    Path | None,
    typer.Option(
        "--since",
        exists=True,
        dir_okay=False,
        readable=True,
        help="The previous edition's data file: the brief lists what changed since "
        "(instead of the file the data names in brief.previous).",
    ),
]
KindOption = Annotated[
    str,
    typer.Option(
        "--kind",
        "-k",
        help=(
            "Documents to write, comma-separated: brief, summary, talking-points, chronology,"
            " evidence."
        ),
    ),
]
LanguagesOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        show_default=False,
        help="Also write an edition in each of these languages, comma-separated BCP 47 tags "
        "(en-GB, ru, kk, sr-Cyrl, sr-Latn): <id>.<lang>.pdf beside <id>.pdf.",
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Formats to write: pdf, docx or pdf,docx.")
]


def typer_usage(read: Callable[P, T]) -> Callable[P, T]:
    """``read`` (a reader of :mod:`kzrs_reports.cli.values`) with the value it refuses
    reported as typer reports a bad parameter: a usage error, exit 2."""

    @functools.wraps(read)
    def checked(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return read(*args, **kwargs)
        except OptionError as exc:
            raise typer.BadParameter(str(exc), param_hint=exc.option) from None

    return checked


parse_formats = typer_usage(values.parse_formats)
parse_kinds = typer_usage(values.parse_kinds)
parse_languages = typer_usage(values.parse_languages)
data_files = typer_usage(values.data_files)
build_options = typer_usage(values.build_options)
