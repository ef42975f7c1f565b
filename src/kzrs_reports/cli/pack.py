"""``kzrs-reports pack PACK.yaml``: build a pack's documents and bind them into one PDF.

Exit status: 0 done; 1 the pack file (or a visit file in it) has problems, or a document
could not be built, and nothing of the pack was written; 2 wrong usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzrs_reports.cli.options import ChartsOption, LanguagesOption, OutOption, parse_languages

if TYPE_CHECKING:
    from kzrs_reports.pack.result import PackResult


def pack(
    pack_file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="A pack file: title, classification, date and the documents in order.",
        ),
    ],
    out: OutOption = Path("out"),
    charts_dir: ChartsOption = Path("charts"),
    lang: LanguagesOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            show_default=False,
            help="Documents built at once, in separate processes [default: the number of cores].",
        ),
    ] = None,
) -> None:
    """Build every document of a pack (reusing up-to-date ones) into --out and bind them into
    one PDF behind a cover, with a zip of the Word versions of the cover and the documents
    beside it.

    The cover carries the highest marking of the pack and its documents, and the pack page
    each document starts on, each line a link to it; each document has a bookmark with its
    own headings beneath. An annex is bound without its active content (scripts, launch and
    submit actions, links to other files, attachments, media, XFA): each removal is printed.
    With --lang, an edition of the pack in each language beside it: its cover, stamps and
    bookmarks in that language, each document its edition.

    A pack whose documents, annexes, pack file, templates, labels, catalogs, marking scheme
    and tool are unchanged since it was bound is up to date: its files are left as they are.
    The documents to build are built at once, in up to --jobs processes.
    """
    for language in [None, *parse_languages(lang)]:
        if _up_to_date(pack_file, out, charts_dir, language):
            continue
        result = build_pack_or_exit(pack_file, out, charts_dir, language, jobs)
        echo_built(result)
        typer.echo(f"{pack_file} → {result.described()}")


def _up_to_date(pack_file: Path, out: Path, charts_dir: Path, language: str | None) -> bool:
    """Say so and return True if the pack (its edition in ``language``) is up to date.

    Asked before the pack file's model, the writers or the PDF libraries are loaded: an
    up-to-date pack costs its records and the digests of its files.
    """
    from kzrs_reports.pack.record import current_pack
    from kzrs_reports.templates import PACK_TEMPLATES

    current = current_pack(pack_file, out, charts_dir, language, PACK_TEMPLATES)
    if current is None:
        return False
    for line in current.lines:
        typer.echo(line)
    return True


def echo_built(result: PackResult) -> None:
    """Print what became of each document: built or up to date, and what active content was
    removed from an annex (one line each, ``ANNEX: removed WHAT``)."""
    for line in result.built:
        typer.echo(line)
    for annex, removed in result.removed:
        for what in removed:
            typer.echo(f"{annex}: removed {what}")


def build_pack_or_exit(
    pack_file: Path,
    out: Path,
    charts_dir: Path,
    language: str | None = None,
    jobs: int | None = None,
) -> PackResult:
    """Load and build the pack at ``pack_file`` (its documents in up to ``jobs`` processes);
    on any problem print it (the data problems as ``file:line:col`` lines) and exit 1, with
    nothing of the pack written."""
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.pack import load_pack
    from kzrs_reports.pack.build import build_pack

    with reported(problems=f"{pack_file}: {{count}} problem(s); nothing written"):
        spec = load_pack(pack_file)
    with reported(f"{pack_file}: pack not written: {{error}}"):
        return build_pack(pack_file, spec, out, charts_dir, language, jobs)
