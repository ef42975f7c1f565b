"""Reading a plainly well-formed command line without the command-line framework.

The commands of the edit loop (``check`` and ``build``) start faster without typer, which
with its own pydantic adapters costs tens of milliseconds a start. Their quick paths
(:func:`kzrs_reports.cli.check.quick_check`, :func:`kzrs_reports.cli.build.quick_build`)
read their words here. Anything but arguments, the command's own options (each given once,
by one of its spellings) and ``--`` is not read: the reader returns None before anything is
printed, and the full command line (:mod:`kzrs_reports.cli.app`) reads the same words and
reports what is wrong with them exactly as it always has.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """A command line, read: its arguments as typed, and its options by their long name."""

    arguments: list[str]
    options: dict[str, str | bool]
    """Each option given, by its long name: its value, or True for a flag."""

    def value(self, name: str) -> str | None:
        """The value given for the option ``name`` (a long name), or None."""
        found = self.options.get(name)
        return found if isinstance(found, str) else None


def read_words(
    args: Sequence[str], flags: Mapping[str, str], valued: Mapping[str, str]
) -> Words | None:
    """``args`` read as typer would read them, or None when they hold anything else.

    ``flags`` and ``valued`` map each spelling of an option that takes no value, and of one
    that takes one (``-o``, ``--out``), to its long name. A value follows its option as the
    next word, or after ``=`` for a long spelling. A word like an option where a value is due,
    an option given twice, short options run together or an unknown option: None.
    """
    if not all(printable(word) for word in args):
        return None
    arguments: list[str] = []
    options: dict[str, str | bool] = {}
    words = iter(args)
    for word in words:
        if word == "--":
            arguments.extend(words)
            break
        if not word.startswith("-") or word == "-":
            arguments.append(word)
            continue
        spelling, equals, value = word.partition("=")
        if equals and not spelling.startswith("--"):
            return None  # -o=out: typer keeps the "=" in the value; leave it to typer
        name = flags.get(spelling) or valued.get(spelling)
        if name is None or name in options or (equals and spelling in flags):
            return None
        if spelling in valued:
            if not equals:
                value = next(words, "-")
            if value.startswith("-"):
                return None  # a value like an option: the full command line says what it is
            options[name] = value
        else:
            options[name] = True
    return Words(arguments, options)


def printable(word: str) -> bool:
    """``word`` can be echoed as UTF-8 text: not a file name in another encoding, whose
    printing only the full command line should decide."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable(word: str) -> bool:
    """What typer asks of a path that must exist and be readable: it does and can be."""
    return stat_of(word) is not None and os.access(word, os.R_OK)


def readable_file(word: str) -> bool:
    """A path typer would take for an existing, readable file (not a folder)."""
    found = stat_of(word)
    return found is not None and not stat.S_ISDIR(found.st_mode) and os.access(word, os.R_OK)


def folder(word: str) -> bool:
    """A path typer would take for an existing folder (a file or a missing path it refuses)."""
    found = stat_of(word)
    return found is not None and stat.S_ISDIR(found.st_mode)


def stat_of(word: str) -> os.stat_result | None:
    """The path ``word`` names as it stands, or None: missing, or words (empty, a NUL in
    it) whose meaning only the full command line should decide."""
    if not word:
        return None
    try:
        return os.stat(word)
    except (OSError, ValueError):
        return None
