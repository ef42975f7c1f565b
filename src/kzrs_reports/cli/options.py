"""Arguments and options several commands share, so they read and check the same way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kzrs_reports.batch.inputs import Inputs
    from kzrs_reports.build import BuildOptions

SAMPLE = Path("data/kz-rs-visit-2026.yaml")
"""The data file ``build`` and ``watch`` use when given none."""

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


def parse_formats(value: str) -> list[str]:
    """The formats named in ``pdf,docx``; a usage error (exit 2) for an unknown one."""
    from kzrs_reports.writers.registry import FORMATS

    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or repr(value)}; choose from {','.join(FORMATS)}",
            param_hint="'--format'",
        )
    return chosen


def parse_kinds(value: str) -> list[str]:
    """The document kinds named in ``summary,brief``, in that order, each once; a usage error
    (exit 2) listing the kinds for an unknown one."""
    from kzrs_reports.templates import document_kinds

    known = document_kinds()
    chosen = list(dict.fromkeys(k.strip().lower() for k in value.split(",") if k.strip()))
    unknown = [k for k in chosen if k not in known]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown kind {', '.join(unknown) or repr(value)}; choose from {','.join(known)}",
            param_hint="'--kind'",
        )
    return chosen


def parse_languages(value: str | None, templates: Path | None = None) -> list[str]:
    """The languages named in ``ru,sr-Latn``, each once, in that order (none for None); a
    usage error (exit 2) listing the languages there are catalogs for, for one there is not."""
    from kzrs_reports.core.errors import UsageError
    from kzrs_reports.templates.catalog import with_catalogs

    if value is None:
        return []
    chosen = [t.strip() for t in value.split(",") if t.strip()]
    if not chosen:
        raise typer.BadParameter(f"no language in {value!r}", param_hint="'--lang'")
    try:
        return with_catalogs(chosen, templates)
    except UsageError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--lang'") from None


def data_files(inputs: list[Path] | None) -> Inputs:
    """The data files named by ``inputs`` (folders expanded, their pack files set aside);
    the sample when there are none."""
    from kzrs_reports.batch.inputs import Inputs, expand_inputs

    if not inputs:
        if not SAMPLE.is_file():
            raise typer.BadParameter(
                f"no FILE given and no sample at {SAMPLE} in this folder", param_hint="FILES"
            )
        return Inputs([SAMPLE])
    found = expand_inputs(inputs)
    if not found.files:
        packs = " (only pack files: use kzrs-reports pack)" if found.packs else ""
        raise typer.BadParameter(
            f"no data files (.yaml, .yml, .json) found{packs}", param_hint="FILES"
        )
    return found


def build_options(
    out: Path,
    charts_dir: Path,
    fmt: str,
    templates: Path | None,
    since: Path | None,
    kind: str = "brief",
    language: str | None = None,
) -> BuildOptions:
    """The build options ``build`` and ``watch`` take, checked (a bad format is exit 2)."""
    from kzrs_reports.build import BuildOptions

    formats = parse_formats(fmt)
    return BuildOptions(
        out,
        charts_dir,
        templates=templates,
        formats=formats,
        since=since,
        kind=kind,
        language=language,
    )
