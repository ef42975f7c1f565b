"""The values of options several commands share, read and checked without typer.

Each reader raises :class:`~kzrs_reports.core.errors.OptionError` for a value it refuses,
naming the option; under typer (:mod:`kzrs_reports.cli.options`) that is the usage error
typer prints (exit 2), and on a quick path (:mod:`kzrs_reports.cli.words`) the sign to
leave the words to typer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.core.errors import OptionError, UsageError

if TYPE_CHECKING:
    from kzrs_reports.batch.inputs import Inputs
    from kzrs_reports.build import BuildOptions

SAMPLE = Path("data/kz-rs-visit-2026.yaml")
"""The data file ``build`` and ``watch`` use when given none."""


def parse_formats(value: str) -> list[str]:
    """The formats named in ``pdf,docx``; an :class:`OptionError` for an unknown one."""
    from kzrs_reports.writers.registry import FORMATS

    return _named(value, FORMATS, "format", "'--format'")


def parse_kinds(value: str) -> list[str]:
    """The document kinds named in ``summary,brief``, in that order, each once; an
    :class:`OptionError` listing the kinds for an unknown one."""
    from kzrs_reports.templates import document_kinds

    return _named(value, document_kinds(), "kind", "'--kind'", once=True)


def _named(
    value: str, known: Sequence[str], what: str, option: str, once: bool = False
) -> list[str]:
    """The names in the comma-separated ``value``, in lower case and in order (each once,
    with ``once``); an :class:`OptionError` listing ``known`` for one it does not hold, or
    for none at all."""
    chosen = [name.strip().lower() for name in value.split(",") if name.strip()]
    if once:
        chosen = list(dict.fromkeys(chosen))
    unknown = [name for name in chosen if name not in known]
    if unknown or not chosen:
        raise OptionError(
            f"unknown {what} {', '.join(unknown) or repr(value)}; choose from {','.join(known)}",
            option,
        )
    return chosen


def parse_languages(value: str | None, templates: Path | None = None) -> list[str]:
    """The languages named in ``ru,sr-Latn``, each once, in that order (none for None); an
    :class:`OptionError` listing the languages there are catalogs for, for one there is not."""
    from kzrs_reports.templates.catalog import with_catalogs

    if value is None:
        return []
    chosen = [t.strip() for t in value.split(",") if t.strip()]
    if not chosen:
        raise OptionError(f"no language in {value!r}", "'--lang'")
    try:
        return with_catalogs(chosen, templates)
    except UsageError as exc:
        raise OptionError(str(exc), "'--lang'") from None


def data_files(inputs: list[Path] | None) -> Inputs:
    """The data files named by ``inputs`` (folders expanded, their pack files set aside);
    the sample when there are none. An :class:`OptionError` when that leaves none."""
    from kzrs_reports.batch.inputs import Inputs, expand_inputs

    if not inputs:
        if not SAMPLE.is_file():
            raise OptionError(f"no FILE given and no sample at {SAMPLE} in this folder", "FILES")
        return Inputs([SAMPLE])
    found = expand_inputs(inputs)
    if not found.files:
        packs = " (only pack files: use kzrs-reports pack)" if found.packs else ""
        raise OptionError(f"no data files (.yaml, .yml, .json) found{packs}", "FILES")
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
    """The build options ``build`` and ``watch`` take, checked (an :class:`OptionError` for
    an unknown format)."""
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
