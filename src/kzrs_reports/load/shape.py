"""What a data file is, told from its shape: a visit file, a pack file, or neither.

The two kinds of file kzrs-reports reads are YAML (or JSON) mappings with different sections:
a visit file has ``brief:``, ``visit:``, ``relations:``…, a pack file ``documents:`` (beside
``id``, ``title``, ``classification``, ``date``…). A command given the other kind of file
says which command it wants instead of listing every section as unknown, and ``build DIR``
leaves the pack files of a folder out.

:func:`sniff` reads only as far as it must: the parser's events up to the first section that
tells, and ``brief.id`` (which names a visit's output files), without building the data. For
a visit file that starts with ``brief:`` that is its first lines, a millisecond where loading
the whole file takes tens.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
)
from ruamel.yaml.scanner import Scanner

from kzrs_reports.core.errors import InputFileError
from kzrs_reports.core.problems import FILE_FIELD, Problem
from kzrs_reports.load.source import decode, read_bytes
from kzrs_reports.model.visit import VisitFile

Shape = Literal["visit", "pack", "unknown"]

VISIT_SECTIONS = frozenset(VisitFile.model_fields)
"""The top-level sections of a visit file; any one of them makes a file a visit file."""
PACK_SECTION = "documents"
"""The section only a pack file has (``tests/load/test_shape.py`` holds it to the pack model)."""

COMMANDS: dict[Shape, str] = {"visit": "kzrs-reports build", "pack": "kzrs-reports pack"}
"""The command that reads each kind of file."""


def shape_of(keys: Collection[object]) -> Shape:
    """The kind of file whose top-level keys are ``keys``: a visit file if any is a visit
    section, else a pack file if one is ``documents``, else unknown."""
    if any(k in VISIT_SECTIONS for k in keys):
        return "visit"
    return "pack" if PACK_SECTION in keys else "unknown"


def wrong_shape(data: Any, file: str, expected: Shape) -> Problem | None:
    """A problem naming the command ``data`` (a file's parsed top level) is meant for, when it
    is recognisably the other kind of file than ``expected``; None otherwise."""
    if expected == "unknown" or not isinstance(data, dict):
        return None
    found = shape_of(data)
    if found in (expected, "unknown"):
        return None
    telling = next(k for k in data if k in VISIT_SECTIONS or k == PACK_SECTION)
    message = (
        f"this is a {found} file (it has {telling}:), not a {expected} file; "
        f"use {COMMANDS[found]} {file}"
    )
    return Problem(file, 1, 1, FILE_FIELD, message)


@dataclass(frozen=True)
class Sniffed:
    """What a glance at a file tells: its shape, and a visit's ``brief.id`` when it has one."""

    shape: Shape = "unknown"
    brief_id: str | None = None
    """The text of ``brief.id`` as written (stripped), or None when it has none or it is not
    a plain value."""


def sniff(path: Path) -> Sniffed:
    """The shape of the file at ``path`` and its ``brief.id``; ``unknown`` for a file that
    cannot be read or parsed as far as it takes to tell (loading it reports why)."""
    try:
        stat = path.stat()
    except OSError:
        return Sniffed()
    return _sniff(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _sniff(name: str, mtime_ns: int, size: int) -> Sniffed:
    path = Path(name)
    try:
        text, problems = decode(read_bytes(path), name)
    except InputFileError:
        return Sniffed()
    if text is None or problems:
        return Sniffed()
    if path.suffix.lower() == ".json":
        return _from_json(text)
    yaml = YAML(typ="rt")
    yaml.Scanner = Scanner  # the plain scanner: no comments kept (see load.source)
    try:
        return _scan(iter(yaml.parse(text)))
    except (YAMLError, StopIteration, RecursionError):
        return Sniffed()


def _from_json(text: str) -> Sniffed:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return Sniffed()
    if not isinstance(data, dict):
        return Sniffed()
    brief = data.get("brief")
    found = brief.get("id") if isinstance(brief, dict) else None
    return Sniffed(shape_of(data), found.strip() if isinstance(found, str) else None)


def _scan(events: Iterator[Event]) -> Sniffed:
    """Read the top-level mapping's keys from ``events``, stopping once a visit's
    ``brief.id`` has been read."""
    event = next(events)
    while not isinstance(event, CollectionStartEvent | ScalarEvent | AliasEvent):
        event = next(events)  # the stream's and the document's start
    if not isinstance(event, MappingStartEvent):
        return Sniffed()
    keys: list[str] = []
    brief_id = None
    while not isinstance(event := next(events), MappingEndEvent):
        if not isinstance(event, ScalarEvent):
            return Sniffed()  # a key that is not text: loading it says so
        keys.append(event.value)
        if event.value == "brief":
            brief_id = _id_in(events)
            if brief_id is not None:
                return Sniffed(shape_of(keys), brief_id)
        else:
            _skip(events)
    return Sniffed(shape_of(keys), brief_id)


def _id_in(events: Iterator[Event]) -> str | None:
    """The plain value of ``id`` in the mapping ``events`` start with, the whole mapping read."""
    event = next(events)
    if not isinstance(event, MappingStartEvent):
        _skip_rest(events, event)
        return None
    found = None
    while not isinstance(event := next(events), MappingEndEvent):
        key = event.value if isinstance(event, ScalarEvent) else None
        _skip_rest(events, event)
        value = next(events)
        if key == "id" and isinstance(value, ScalarEvent):
            found = str(value.value).strip()
        _skip_rest(events, value)
    return found


def _skip(events: Iterator[Event]) -> None:
    """Read past one node (a value, however deep)."""
    _skip_rest(events, next(events))


def _skip_rest(events: Iterator[Event], first: Event) -> None:
    """Read past the rest of the node that ``first`` starts."""
    depth = 1 if isinstance(first, CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, CollectionStartEvent):
            depth += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
