"""Checks that relate one part of a visit file to another.

Each check reads the raw data (plain mappings and lists, as loaded, or
``VisitFile.model_dump()``) defensively: it looks only at the pieces that are themselves valid,
so the checks still run, and still report, when other parts of the file are broken. Each
returns a list of :class:`Finding`; the loader turns them into located problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, NamedTuple, TypeVar

from pydantic import Field, TypeAdapter, ValidationError

from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.text import is_id
from kzrs_reports.model.visit import VisitFile

Loc = tuple[str | int, ...]
T = TypeVar("T")

_DATE = TypeAdapter(dt.date)
_PARTIAL_DATE = TypeAdapter(PartialDate)
_BOOL = TypeAdapter(Annotated[bool, Field(strict=True)])
_INT = TypeAdapter(Annotated[int, Field(strict=True)])
_CITING = ("key_messages", "agreements", "sectors", "positions", "risks", "next_steps")


class Finding(NamedTuple):
    """A problem found by a cross check."""

    loc: Loc
    """Where the problem is, e.g. ``("agreements", 2, "sector")``."""
    message: str
    first: Loc | None = None
    """For a duplicate: where the first occurrence is, so the message can name its line."""


def _get(data: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        elif isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _valid(adapter: TypeAdapter[T], value: Any) -> T | None:
    if value is None:
        return None
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _items(data: Any, *path: str) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Yield (loc, item) for each mapping in the list at ``path``."""
    items = _get(data, *path)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, i), item


def _id(value: Any) -> str | None:
    """The value as an id, if it is one."""
    if isinstance(value, str) and is_id(value.strip()):
        return value.strip()
    return None


def _ids(data: Any, section: str) -> list[str]:
    return [i for _, item in _items(data, section) if (i := _id(item.get("id"))) is not None]


def check_visit_dates(data: Any) -> list[Finding]:
    """The visit does not end before it starts."""
    start = _valid(_DATE, _get(data, "visit", "start"))
    end = _valid(_DATE, _get(data, "visit", "end"))
    if start and end and end < start:
        return [Finding(("visit", "end"), f"visit ends {end}, before it starts {start}")]
    return []


def _citations(data: Any) -> Iterator[tuple[Loc, Any]]:
    if isinstance(_get(data, "visit"), dict) and "source" in data["visit"]:
        yield ("visit", "source"), data["visit"]["source"]
    sections: list[tuple[str, ...]] = [("relations", "milestones"), *((s,) for s in _CITING)]
    for path in sections:
        for loc, item in _items(data, *path):
            if "source" in item:
                yield (*loc, "source"), item["source"]


def _known(ids: list[str]) -> str:
    return ", ".join(dict.fromkeys(ids)) or "none"


def check_source_refs(data: Any) -> list[Finding]:
    """Every ``source`` field names the id of an entry in ``sources``.

    Skipped when ``sources`` itself is missing or not a list: the model reports that once.
    """
    if not isinstance(_get(data, "sources"), list):
        return []
    ids = _ids(data, "sources")
    return [
        Finding(loc, f"unknown source '{ref}' (known: {_known(ids)})")
        for loc, value in _citations(data)
        if (ref := _id(value)) is not None and ref not in ids
    ]


def check_sector_refs(data: Any) -> list[Finding]:
    """Every agreement's ``sector``, when given, names the id of an entry in ``sectors``."""
    ids = _ids(data, "sectors")
    return [
        Finding((*loc, "sector"), f"unknown sector '{ref}' (known: {_known(ids)})")
        for loc, item in _items(data, "agreements")
        if (ref := _id(item.get("sector"))) is not None and ref not in ids
    ]


def check_unique_ids(data: Any) -> list[Finding]:
    """Ids are unique within ``sectors`` and within ``sources``."""
    findings = []
    for section, noun in (("sectors", "sector"), ("sources", "source")):
        first: dict[str, Loc] = {}
        for loc, item in _items(data, section):
            if (ident := _id(item.get("id"))) is None:
                continue
            if ident in first:
                findings.append(
                    Finding((*loc, "id"), f"duplicate {noun} id '{ident}'", first[ident])
                )
            else:
                first[ident] = (*loc, "id")
    return findings


def check_milestones(data: Any) -> list[Finding]:
    """Milestones fit the brief's date (past unless planned) and follow ``established``."""
    brief_date = _valid(_DATE, _get(data, "brief", "date"))
    established = _valid(_INT, _get(data, "relations", "established"))
    findings = []
    for loc, item in _items(data, "relations", "milestones"):
        date = _valid(_PARTIAL_DATE, item.get("date"))
        if date is None:
            continue
        where = (*loc, "date")
        planned = _valid(_BOOL, item.get("planned", False))
        if brief_date and planned is False and date.earliest > brief_date:
            findings.append(
                Finding(
                    where,
                    f"dated {date}, after the brief's date {brief_date}: "
                    "mark it planned: true or correct the date",
                )
            )
        if brief_date and planned is True and date.latest < brief_date:
            findings.append(
                Finding(
                    where,
                    f"planned but dated {date}, before the brief's date "
                    f"{brief_date}: remove planned: true or correct the date",
                )
            )
        if established is not None and date.year < established:
            findings.append(
                Finding(where, f"dated {date}, before relations were established in {established}")
            )
    return findings


_STATEMENTS: tuple[tuple[str, ...], ...] = (("relations", "milestones"), *((s,) for s in _CITING))
"""Every list of statements: each item rests on a source or is the desk's judgement."""


def statements(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """(loc, item) for every statement of raw visit data, in the order of the file's
    sections: milestones, key messages, agreements, sectors, positions, risks, next steps."""
    for path in _STATEMENTS:
        yield from _items(data, *path)


def check_provenance(data: Any) -> list[Finding]:
    """Every statement rests on a source or is the desk's judgement, and never blurs the two.

    A sourced statement (sectors: ``stated``) names its ``source``; an ``assessed`` one names
    none and quotes nothing (a judgement never carries a citation), and has no ``comment``
    (its text is the desk's already). A position is a party's, so it is always sourced. A
    sector is both: its ``basis`` is its priority's, while its ``source`` (if any) is where
    the sector was named, cited apart from the desk's score.
    """
    findings = []
    for loc, item in statements(data):
        basis = item.get("basis", "sourced")
        if basis not in ("sourced", "stated", "assessed"):
            continue  # the model reports it
        if basis == "assessed" and loc[0] == "sectors":
            continue
        if basis == "assessed":
            for key, why in (
                (
                    "source",
                    "a judgement carries no source citation; give the fact it rests "
                    "on an item of its own",
                ),
                ("quote", "a quote is a source's words: give it on a sourced item"),
                ("comment", "the text of a judgement is the desk's already; put the comment in it"),
            ):
                if item.get(key) is not None:
                    findings.append(Finding((*loc, key), f"basis is assessed: {why}"))
            if loc[0] == "positions":
                findings.append(
                    Finding(
                        (*loc, "basis"),
                        "a position is what a party said, as a source reports it: give its "
                        "source (the desk's view of it goes in comment)",
                    )
                )
        elif item.get("source") is None:
            findings.append(
                Finding(
                    loc,
                    "give source: (the source it rests on), or basis: assessed if it is the "
                    "desk's own judgement",
                )
            )
    return findings


CHECKS = (
    check_visit_dates,
    check_provenance,
    check_source_refs,
    check_sector_refs,
    check_unique_ids,
    check_milestones,
)
"""Every cross check, in the order they run."""


def cross_check(data: Any) -> list[Finding]:
    """Run every cross check on raw visit data; return all findings."""
    return [finding for check in CHECKS for finding in check(data)]


def check_visit(visit: VisitFile) -> list[Finding]:
    """Run every cross check on a validated visit file."""
    return cross_check(visit.model_dump())
