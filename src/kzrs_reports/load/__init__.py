"""Read a visit data file (YAML or JSON) into the typed model, or list every problem in it.

The public surface is :func:`load_visit` and :class:`Problem`. Problems print as
``file:line:col: field: message`` with 1-based positions; ``field`` is a path such as
``agreements[2].status`` or ``visit.host.leader``, or ``(file)`` for a problem with the file as
a whole (encoding, size, YAML syntax).

Stages, one module each: :mod:`.source` (bytes → text → round-trip YAML with positions),
:mod:`.nodes` (duplicate keys, tags, alias bombs), :mod:`.validate` (the pydantic model and
the cross checks of :mod:`kzrs_reports.model.checks`), :mod:`.locate` (path → line and
column), :mod:`.messages` (pydantic errors → plain English). :mod:`.editions` gives a loaded
visit in one language, noting each text it prints in another.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from kzrs_reports.core.errors import DataError
from kzrs_reports.core.markings import MarkingScheme
from kzrs_reports.core.problems import Problem
from kzrs_reports.load.glyphs import glyph_problems
from kzrs_reports.load.quotes import QuoteCheck, check_quotes
from kzrs_reports.load.schemes import FileSchemes
from kzrs_reports.load.shape import Shape, wrong_shape
from kzrs_reports.load.source import decode, parse, read_bytes
from kzrs_reports.load.validate import validate
from kzrs_reports.model.checks import Finding
from kzrs_reports.model.visit import VisitFile

__all__ = ["LoadedVisit", "Problem", "load_document", "load_visit", "read_visit"]

M = TypeVar("M", bound=BaseModel)


def _no_checks(data: Any) -> list[Finding]:
    return []


def load_document(
    path: Path,
    model: type[M],
    checks: Callable[[Any], Iterable[Finding]] = _no_checks,
    shape: Shape = "unknown",
) -> M:
    """Load the YAML (or ``.json``) file at ``path`` as a ``model``, with ``checks`` on its data.

    The same reading as :func:`load_visit` (encoding, duplicate keys, tags, positions), for
    another kind of file; a marking scheme it names (``marking_scheme``) is found relative to
    it. A file meant to be of ``shape`` that is recognisably another kind (:mod:`.shape`) is
    one problem naming the command it is for. Raises
    :class:`~kzrs_reports.core.errors.InputFileError` if the file cannot be opened, and
    :class:`~kzrs_reports.core.errors.DataError` listing every problem, sorted by line and
    column (then those of a house scheme file it names).
    """
    file = str(path)
    text, problems = decode(read_bytes(path), file)
    document = None
    schemes = FileSchemes(path.parent)
    if text is not None and not problems:
        data, problems = parse(text, file, is_json=path.suffix.lower() == ".json")
        mistaken = wrong_shape(data, file, shape)
        if mistaken is not None:
            raise DataError([mistaken])
        if data is not None:
            document, more = validate(data, file, model, checks, schemes)
            seen = {(p.line, p.col, p.field) for p in problems}
            problems += [p for p in more if (p.line, p.col, p.field) not in seen]
    if problems or document is None:
        raise DataError(sorted(problems, key=lambda p: p.sort_key) + schemes.problems)
    return document


@dataclass(frozen=True)
class LoadedVisit:
    """A visit file as loaded and checked: the visit, notes for its reader, files it read."""

    visit: VisitFile
    notes: tuple[Problem, ...] = ()
    """What the reader should know but does not refuse the file: quotes that could not be
    checked (with ``require_quotes`` they are problems instead)."""
    read: tuple[Path, ...] = ()
    """Files read besides the data file: the sources' local copies of their text, a house
    marking scheme file."""
    file: str = ""
    """The data file, as problems name it."""
    data: Any = field(default=None, repr=False, compare=False)
    """The file as parsed, with where each value sits (for notes about it, such as an
    edition's untranslated texts: :func:`kzrs_reports.load.editions.edition_of`)."""
    scheme: MarkingScheme | None = None
    """The brief's marking scheme (``brief.marking_scheme``)."""


def load_visit(
    path: Path, drawable: Collection[int] | None = None, fonts: str = "the fonts"
) -> VisitFile:
    """:func:`read_visit`'s visit: the visit data file at ``path``, loaded and checked."""
    return read_visit(path, drawable, fonts).visit


def read_visit(
    path: Path,
    drawable: Collection[int] | None = None,
    fonts: str = "the fonts",
    require_quotes: bool = False,
) -> LoadedVisit:
    """Load and check the visit data file at ``path``.

    Files ending in ``.json`` are read as JSON, anything else as YAML 1.2. With ``drawable``
    (the code points the brief's fonts, named ``fonts``, can draw), a text value holding any
    other character is a problem too, rather than an empty box in print. Every quote is
    looked for in its source's local text (:mod:`.quotes`); with ``require_quotes``, every
    sourced statement needs one that can be checked. A pack file is one problem saying so.
    Raises :class:`~kzrs_reports.core.errors.InputFileError` if the file cannot be opened, and
    :class:`~kzrs_reports.core.errors.DataError` listing every problem, sorted by line and column,
    if the data is not a valid visit.
    """
    file = str(path)
    text, problems = decode(read_bytes(path), file)
    visit = None
    quotes = QuoteCheck()
    schemes = FileSchemes(path.parent)
    if text is not None and not problems:
        data, problems = parse(text, file, is_json=path.suffix.lower() == ".json")
        mistaken = wrong_shape(data, file, "visit")
        if mistaken is not None:
            raise DataError([mistaken])
        if data is not None:
            visit, more = validate(data, file, context=schemes)
            # A value already reported while parsing (e.g. a refused tag) is not reported
            # again by the model.
            seen = {(p.line, p.col, p.field) for p in problems}
            problems += [p for p in more if (p.line, p.col, p.field) not in seen]
            if drawable is not None:
                problems += glyph_problems(data, file, drawable, fonts)
            if visit is not None:
                quotes = check_quotes(visit, data, file, path.parent, require_quotes)
                problems += quotes.problems
    if problems or visit is None:
        raise DataError(sorted(problems, key=lambda p: p.sort_key) + schemes.problems)
    notes = sorted(quotes.notes, key=lambda p: p.sort_key)
    read = (*quotes.read, *schemes.read)
    return LoadedVisit(visit, tuple(notes), read, file, data, schemes.current)
