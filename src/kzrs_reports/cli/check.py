"""``kzrs-reports check``'s work, and a way to run it that skips the command-line framework.

``check`` is the command of the edit loop, run after every change to a data file, and
typer with its own pydantic adapters costs it about 40 ms of a start of 300. So
:func:`quick_check` reads a plainly well-formed ``check`` command line itself: files and
folders that exist and can be read, ``--templates`` naming a folder, ``--lang`` with language
tags, each option once. For anything else (``--help``, an unknown option, a missing file, a
folder without data files, a wrong language tag) it returns None before printing anything,
and the full command line (:mod:`kzrs_reports.cli.app`) parses the same words and reports the
usage error exactly as it always has. The options here are those ``check`` declares there;
``tests/cli/test_fast_start.py`` holds the two to the same list and the same output.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.cli.failures import echo, report
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
    if not all(_printable(word) for word in args):
        return None
    files: list[str] = []
    given: dict[str, str | bool] = {}
    words = iter(args)
    for word in words:
        if word == "--":
            files.extend(words)
            break
        if not word.startswith("-") or word == "-":
            files.append(word)
            continue
        name, equals, value = word.partition("=")
        if name in given or not ((name in FLAGS and not equals) or name in VALUED):
            return None
        if name in VALUED and not equals:
            value = next(words, "-")
        if name in VALUED and value.startswith("-"):
            return None  # a value like an option: the full command line says what it is
        given[name] = value if name in VALUED else True
    if not files:
        return None
    templates = given.get("--templates")
    lang = given.get("--lang")
    return CheckArgs(
        files,
        templates if isinstance(templates, str) else None,
        "--require-quotes" in given,
        lang if isinstance(lang, str) else None,
        "--strict-translations" in given,
    )


def quick_check(args: Sequence[str]) -> int | None:
    """Run ``check`` with the words after it, without typer, and return its exit status; or
    None, having printed nothing, when the full command line must read them (see above)."""
    read = read_args(args)
    if read is None or not all(_readable(word) for word in read.files):
        return None
    if read.templates is not None and not _folder(read.templates):
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


def _printable(word: str) -> bool:
    """``word`` can be echoed as UTF-8 text: not a file name in another encoding, whose
    printing only the full command line should decide."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _readable(word: str) -> bool:
    """What typer asks of each FILES argument: it exists and can be read."""
    return _stat(word) is not None and os.access(word, os.R_OK)


def _folder(word: str) -> bool:
    """``--templates`` names a folder (typer refuses a file or a missing path)."""
    found = _stat(word)
    return found is not None and stat.S_ISDIR(found.st_mode)


def _stat(word: str) -> os.stat_result | None:
    """The path ``word`` names as it stands, or None: missing, or words (empty, a NUL in
    it) whose meaning only the full command line should decide."""
    if not word:
        return None
    try:
        return os.stat(word)
    except (OSError, ValueError):
        return None
