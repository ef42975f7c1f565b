"""``kzrs-reports new FILE``, ``kzrs-reports templates FOLDER`` and ``kzrs-reports
reference-docx FILE``: a start for a new brief, for a house's own template set and for its
Word template, each in one command.

Each writes only what it names, atomically, and never over a file of the user's without
``--force``: an existing file is wrong usage (exit 2), with nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from kzrs_reports.cli.options import TemplatesOption

ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace what is there already.", show_default=False)
]


def new(
    file: Annotated[
        Path,
        typer.Argument(
            dir_okay=False,
            show_default=False,
            help="The visit file to write, e.g. data/my-visit.yaml; its name gives brief.id.",
        ),
    ],
    force: ForceOption = False,
) -> None:
    """Write a new visit file that builds as it stands: every section, the rules in comments.

    Replace its values with the visit's own, checking as you go (kzrs-reports check FILE).
    Its brief.id comes from the file's name, so it clashes with no other brief.
    """
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.core.errors import UsageError
    from kzrs_reports.core.files import atomic_path
    from kzrs_reports.model.starter import brief_id_for, starter_visit

    with reported():
        if file.suffix.lower() not in (".yaml", ".yml"):
            raise UsageError(f"{file}: a visit file is YAML: give it a name ending in .yaml")
        if file.exists() and not force:
            raise UsageError(f"{file}: already exists; give --force to replace it")
        text = starter_visit(file, dt.date.today())
        with atomic_path(file, replace=force) as temp:
            temp.write_text(text, encoding="utf-8")
    typer.echo(
        f"wrote {file} (brief.id {brief_id_for(file)}); replace its values with the visit's "
        f"own, then: kzrs-reports check {file}; kzrs-reports build {file}"
    )


def templates(
    folder: Annotated[
        Path,
        typer.Argument(
            file_okay=False,
            show_default=False,
            help="The folder to copy the set into (new, or empty).",
        ),
    ],
    force: ForceOption = False,
) -> None:
    """Copy the brief's template set (brief.md.j2, labels.yaml, theme.yaml) into FOLDER as
    files to change; build with --templates FOLDER.

    The copy builds as it stands. --force writes into a folder that holds files already,
    replacing those of the set's names.
    """
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.templates import DEFAULT_TEMPLATES
    from kzrs_reports.templates.copy import copy_template_set

    with reported():
        written = copy_template_set(DEFAULT_TEMPLATES, folder, replace=force)
    names = ", ".join(str(p.relative_to(folder)) for p in written)
    typer.echo(
        f"copied the brief's template set into {folder} ({names}); change them, then: "
        f"kzrs-reports build FILE --templates {folder}"
    )


def reference_docx(
    file: Annotated[
        Path,
        typer.Argument(
            dir_okay=False,
            show_default=False,
            help="The .docx to write, e.g. templates/house/reference.docx.",
        ),
    ],
    templates: TemplatesOption = None,
    force: ForceOption = False,
) -> None:
    """Write the Word styles a brief gets as a reference document, to restyle in Word and
    name in theme.yaml (word: {reference: FILE}), as Pandoc's reference.docx.

    It holds a paragraph in each style the brief uses, a list of each kind and a table;
    restyle them (fonts, sizes, colours, spacing, numbering, page setup) and save as .docx.
    """
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.core.errors import UsageError
    from kzrs_reports.core.files import atomic_path
    from kzrs_reports.templates import cached_template_set
    from kzrs_reports.writers.docx.specimen import reference_docx as specimen

    with reported():
        if file.suffix.lower() != ".docx":
            raise UsageError(
                f"{file}: a reference document is a .docx: give it a name ending in .docx"
            )
        if file.exists() and not force:
            raise UsageError(f"{file}: already exists; give --force to replace it")
        data = specimen(cached_template_set(templates).theme)
        with atomic_path(file, replace=force) as temp:
            temp.write_bytes(data)
    typer.echo(
        f"wrote {file}; restyle it in Word, save it in your template set and name it in its "
        "theme.yaml: word: {reference: " + file.name + "}"
    )
