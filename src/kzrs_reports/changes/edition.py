"""Find and load the previous edition of a visit file, and compare it with this one."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from kzrs_reports.changes.compare import Change, compare
from kzrs_reports.core.errors import DataError, InputFileError
from kzrs_reports.core.problems import Problem
from kzrs_reports.load import load_visit
from kzrs_reports.load.locate import locate
from kzrs_reports.load.source import decode, parse, read_bytes
from kzrs_reports.model.visit import VisitFile

FIELD = "brief.previous"


@dataclass(frozen=True)
class PreviousEdition:
    """The edition a brief is compared with, and what changed since."""

    path: Path
    """The previous edition's data file, as read."""
    visit: VisitFile
    """Its data."""
    changes: list[Change]
    """Every difference from it to this edition, in order (see :func:`compare`)."""


def previous_edition(
    path: Path,
    visit: VisitFile,
    since: Path | None = None,
    drawable: Collection[int] | None = None,
    fonts: str = "the fonts",
) -> PreviousEdition | None:
    """The previous edition of ``visit`` (read from ``path``) and the changes since, or None.

    ``since`` (``build --since``) wins over the file named by ``brief.previous``, which is
    relative to ``path``'s folder. Without either there is no previous edition. The previous
    file is loaded like any data file (``drawable`` and ``fonts`` as for
    :func:`~kzrs_reports.load.load_visit`), so its problems raise
    :class:`~kzrs_reports.core.errors.DataError` naming that file. When ``brief.previous`` names a
    file that cannot be read, or this file itself, the DataError is located at
    ``brief.previous`` in ``path``. An unreadable ``since`` raises
    :class:`~kzrs_reports.core.errors.InputFileError`.
    """
    if since is not None:
        old = load_visit(since, drawable, fonts)
        return PreviousEdition(since, old, compare(old, visit))
    if visit.brief.previous is None:
        return None
    old_path = path.parent / visit.brief.previous
    if _same_file(old_path, path):
        raise DataError([_problem(path, "names this file itself, not its previous edition")])
    try:
        old = load_visit(old_path, drawable, fonts)
    except InputFileError as exc:
        message = f"cannot read the previous edition: {exc}"
        if not Path(visit.brief.previous).is_absolute():
            message += " (a path from this file's folder)"
        raise DataError([_problem(path, message)]) from None
    return PreviousEdition(old_path, old, compare(old, visit))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _problem(path: Path, message: str) -> Problem:
    """A problem at ``brief.previous`` in ``path``, a file that has just loaded cleanly."""
    file = str(path)
    text, _ = decode(read_bytes(path), file)
    data, _ = parse(text or "", file, is_json=path.suffix.lower() == ".json")
    line, col = locate(data, ("brief", "previous"))
    return Problem(file, line, col, FIELD, message)
