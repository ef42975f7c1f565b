"""Read a visit data file (YAML or JSON) into the typed model, or list every problem in it.

The public surface is :func:`load_visit` and :class:`Problem`. Problems print as
``file:line:col: field: message`` with 1-based positions; ``field`` is a path such as
``agreements[2].status`` or ``visit.host.leader``, or ``(file)`` for a problem with the file as
a whole (encoding, size, YAML syntax).

Stages, one module each: :mod:`.source` (bytes → text → round-trip YAML with positions),
:mod:`.nodes` (duplicate keys, tags, alias bombs), :mod:`.validate` (the pydantic model and
the cross checks of :mod:`kzrs_reports.model.checks`), :mod:`.locate` (path → line and
column), :mod:`.messages` (pydantic errors → plain English).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from kzrs_reports.core.errors import DataError
from kzrs_reports.core.problems import Problem
from kzrs_reports.load.glyphs import glyph_problems
from kzrs_reports.load.source import decode, parse, read_bytes
from kzrs_reports.load.validate import validate
from kzrs_reports.model.checks import Finding
from kzrs_reports.model.visit import VisitFile

__all__ = ["Problem", "load_document", "load_visit"]

M = TypeVar("M", bound=BaseModel)


def _no_checks(data: Any) -> list[Finding]:
    return []


def load_document(
    path: Path, model: type[M], checks: Callable[[Any], Iterable[Finding]] = _no_checks
) -> M:
    """Load the YAML (or ``.json``) file at ``path`` as a ``model``, with ``checks`` on its data.

    The same reading as :func:`load_visit` (encoding, duplicate keys, tags, positions), for
    another kind of file. Raises :class:`~kzrs_reports.core.errors.InputFileError` if the file
    cannot be opened, and :class:`~kzrs_reports.core.errors.DataError` listing every problem,
    sorted by line and column.
    """
    file = str(path)
    text, problems = decode(read_bytes(path), file)
    document = None
    if text is not None and not problems:
        data, problems = parse(text, file, is_json=path.suffix.lower() == ".json")
        if data is not None:
            document, more = validate(data, file, model, checks)
            seen = {(p.line, p.col, p.field) for p in problems}
            problems += [p for p in more if (p.line, p.col, p.field) not in seen]
    if problems or document is None:
        raise DataError(sorted(problems, key=lambda p: p.sort_key))
    return document


def load_visit(
    path: Path, drawable: Collection[int] | None = None, fonts: str = "the fonts"
) -> VisitFile:
    """Load and check the visit data file at ``path``.

    Files ending in ``.json`` are read as JSON, anything else as YAML 1.2. With ``drawable``
    (the code points the brief's fonts, named ``fonts``, can draw), a text value holding any
    other character is a problem too, rather than an empty box in print.
    Raises :class:`~kzrs_reports.core.errors.InputFileError` if the file cannot be opened, and
    :class:`~kzrs_reports.core.errors.DataError` listing every problem, sorted by line and column,
    if the data is not a valid visit.
    """
    file = str(path)
    text, problems = decode(read_bytes(path), file)
    visit = None
    if text is not None and not problems:
        data, problems = parse(text, file, is_json=path.suffix.lower() == ".json")
        if data is not None:
            visit, more = validate(data, file)
            # A value already reported while parsing (e.g. a refused tag) is not reported
            # again by the model.
            seen = {(p.line, p.col, p.field) for p in problems}
            problems += [p for p in more if (p.line, p.col, p.field) not in seen]
            if drawable is not None:
                problems += glyph_problems(data, file, drawable, fonts)
    if problems or visit is None:
        raise DataError(sorted(problems, key=lambda p: p.sort_key))
    return visit
