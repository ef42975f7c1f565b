"""``kzrs-reports check``'s work, and a way to run it that skips the command-line framework.

``check`` is the command of the edit loop, run after every change to a data file. So
:func:`quick_check` reads a plainly well-formed ``check`` command line itself
(:mod:`kzrs_reports.cli.words`): files and folders that exist and can be read,
``--templates`` naming a folder, ``--lang`` with language tags, each option once. For
anything else (``--help``, an unknown option, a missing file, a folder without data files, a
wrong language tag) it returns None before printing anything, and the full command line
(:mod:`kzrs_reports.cli.app`) parses the same words and reports the usage error exactly as it
always has. The options here are those ``check`` declares there;
``tests/cli/test_fast_start.py`` holds the two to the same list and the same output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.cli.failures import echo, report
from kzrs_reports.cli.words import folder, read_words, readable
from kzrs_reports.core.errors import DataError, KzrsError, UsageError

if TYPE_CHECKING:
    from kzrs_reports.batch.inputs import Inputs

FLAGS = ("--require-quotes", "--strict-translations")
"""``check``'s options that take no value."""
VALUED = ("--templates", "--lang")
"""``check``'s options that take a value (``--lang ru`` or ``--lang=ru``)."""


def check_templates(templates: Path | None) -> int:
    """Load the template set (its house style decides which characters can be printed);
    print why it cannot be used and return the exit status, or 0 when it can."""
    from kzrs_reports.templates import cached_template_set

    try:
        cached_template_set(templates)
    except KzrsError as exc:
        return report(exc, "cannot check: {error}")
    return 0


def check_files(
    inputs: Inputs,
    templates: Path | None,
    require_quotes: bool,
    languages: list[str],
    strict_translations: bool,
) -> int:
    """Check each data file of ``inputs``, printing ``FILE: ok`` or its problems (notes on
    standard error), and return the exit status: 0 when every file is ok."""
    from kzrs_reports.api import checked

    for pack in inputs.packs:
        echo(f"{pack}: left out, a pack file (use kzrs-reports pack {pack})")
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
            for note in found.all_notes:
                echo(str(note), err=True)
            if found.problems:
                raise DataError(list(found.problems))
        except KzrsError as exc:
            located = str(exc).startswith(f"{path}:")
            statuses.append(report(exc, "{error}" if located else f"{path}: {{error}}"))
        else:
            echo(f"{path}: ok" + _noted(len(found.notes), found.untranslated))
    if statuses:
        echo(f"{len(statuses)} of {len(files)} file(s) have problems", err=True)
        return max(statuses)
    return 0


def _noted(unchecked: int, untranslated: Mapping[str, Sequence[object]]) -> str:
    """`` (2 quote(s) unchecked; untranslated: 5 text(s) in ru, 7 in kk)``, or nothing."""
    parts = [f"{unchecked} quote(s) unchecked"] if unchecked else []
    counts = [f"{len(notes)} in {tag}" for tag, notes in untranslated.items() if notes]
    if counts:
        parts.append("untranslated: " + ", ".join(counts).replace(" in ", " text(s) in ", 1))
    return f" ({'; '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class CheckArgs:
    """A ``check`` command line, read: its paths as typed."""

    files: list[str]
    templates: str | None = None
    require_quotes: bool = False
    lang: str | None = None
    strict_translations: bool = False


def read_args(args: Sequence[str]) -> CheckArgs | None:
    """The words after ``check`` read as the full command line would read them, or None when
    they hold anything but files, ``check``'s options (each once) and ``--``."""
    words = read_words(args, {f: f for f in FLAGS}, {v: v for v in VALUED})
    if words is None or not words.arguments:
        return None
    return CheckArgs(
        words.arguments,
        words.value("--templates"),
        "--require-quotes" in words.options,
        words.value("--lang"),
        "--strict-translations" in words.options,
    )


def quick_check(args: Sequence[str]) -> int | None:
    """Run ``check`` with the words after it, without typer, and return its exit status; or
    None, having printed nothing, when the full command line must read them (see above)."""
    read = read_args(args)
    if read is None or not all(readable(word) for word in read.files):
        return None
    if read.templates is not None and not folder(read.templates):
        return None
    templates = Path(read.templates) if read.templates is not None else None
    from kzrs_reports.api import language_tags
    from kzrs_reports.batch.inputs import expand_inputs

    try:
        tags = [t.strip() for t in (read.lang or "").split(",") if t.strip()]
        if read.lang is not None and not tags:
            return None
        languages = language_tags(tags)
    except UsageError:
        return None
    inputs = expand_inputs([Path(word) for word in read.files])
    if not inputs.files:
        return None
    status = check_templates(templates)
    if status:
        return status
    return check_files(inputs, templates, read.require_quotes, languages, read.strict_translations)
