"""Compare two editions of a visit file: what was added, removed and changed, in order.

Items are matched by what names them for a reader: an agreement, a risk by its title, a sector
by its id, a next step by its action, a key message by its text, a milestone by its date and
title (or, failing that, by its title alone, so a milestone that moved is a change, not a
removal and an addition). Items with the same name are matched in the order they appear, so
the result depends only on the two files. Within a section, changes follow the new edition's
order; removals follow, in the old edition's order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.visit import (
    Agreement,
    Milestone,
    NextStep,
    Risk,
    Sector,
    VisitFile,
)

Section = Literal[
    "brief", "key_messages", "agreements", "sectors", "milestones", "risks", "next_steps"
]
SECTIONS: tuple[Section, ...] = (
    "brief",
    "key_messages",
    "agreements",
    "sectors",
    "milestones",
    "risks",
    "next_steps",
)
"""The sections compared, in the order changes are listed (the brief's own order)."""

Kind = Literal["added", "removed", "changed"]
Value = str | int | bool | dt.date | PartialDate | None
"""A value as the data holds it; :mod:`.words` decides how a reader sees it."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two editions."""

    section: Section
    """Which part of the brief it concerns."""
    kind: Kind
    """Whether the item was added, removed, or is in both editions but changed."""
    subject: str
    """What the item is called: a title, a sector's name, an action, a key message's text."""
    field: str | None = None
    """For a change, the property that changed (``status``, ``priority``, ``due`` …); for an
    addition or removal, the property ``after`` or ``before`` shows, if any."""
    before: Value = None
    """The value in the previous edition (None for an addition)."""
    after: Value = None
    """The value in this edition (None for a removal)."""


def compare(old: VisitFile, new: VisitFile) -> list[Change]:
    """Every difference from ``old`` to ``new``, section by section in :data:`SECTIONS` order.

    The same two files always give the same list; two equal files give an empty one.
    """
    return [
        *_brief(old, new),
        *_key_messages(old, new),
        *_agreements(old, new),
        *_sectors(old, new),
        *_milestones(old, new),
        *_risks(old, new),
        *_next_steps(old, new),
    ]


T = TypeVar("T")


def match(
    old: Sequence[T], new: Sequence[T], *keys: Callable[[T], Hashable]
) -> tuple[list[tuple[T | None, T]], list[T]]:
    """Pair items of ``old`` and ``new``: each key in turn pairs what the earlier keys left.

    Returns ``(pairs, removed)``: every new item in its order with its old match (None when it
    is new), and the old items left unmatched, in their order. Equal keys pair first with first.
    """
    partner: dict[int, int] = {}  # index in new → index in old
    taken: set[int] = set()
    for key in keys:
        waiting: defaultdict[Hashable, deque[int]] = defaultdict(deque)
        for i, item in enumerate(old):
            if i not in taken:
                waiting[key(item)].append(i)
        for j, item in enumerate(new):
            if j in partner:
                continue
            queue = waiting.get(key(item))
            if queue:
                partner[j] = queue.popleft()
                taken.add(partner[j])
    pairs = [(old[partner[j]] if j in partner else None, item) for j, item in enumerate(new)]
    return pairs, [item for i, item in enumerate(old) if i not in taken]


def _brief(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    for field in ("edition", "date", "classification"):
        before, after = getattr(old.brief, field), getattr(new.brief, field)
        if before != after:
            yield Change("brief", "changed", new.brief.title, field, before, after)


def _key_messages(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    pairs, removed = match(old.key_messages, new.key_messages, lambda m: m.text)
    for was, message in pairs:
        if was is None:
            yield Change("key_messages", "added", message.text)
    for message in removed:
        yield Change("key_messages", "removed", message.text)


def _agreements(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    old_sectors = {s.id: s.name for s in old.sectors}
    new_sectors = {s.id: s.name for s in new.sectors}
    pairs, removed = match(old.agreements, new.agreements, lambda a: a.title)
    for was, now in pairs:
        if was is None:
            yield Change("agreements", "added", now.title, "status", after=now.status)
            continue
        yield from _changed("agreements", now.title, was, now, ("status",))
        before = old_sectors.get(was.sector) if was.sector else None
        after = new_sectors.get(now.sector) if now.sector else None
        if before != after:
            yield Change("agreements", "changed", now.title, "sector", before, after)
        yield from _revised("agreements", now.title, was, now, "detail")
    for agreement in removed:
        yield Change("agreements", "removed", agreement.title, "status", before=agreement.status)


def _sectors(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    pairs, removed = match(old.sectors, new.sectors, lambda s: s.id)
    for was, now in pairs:
        if was is None:
            yield Change("sectors", "added", now.name, "priority", after=now.priority)
            continue
        if was.name != now.name:
            yield Change("sectors", "changed", now.name, "name", was.name, now.name)
        yield from _changed("sectors", now.name, was, now, ("priority", "basis"))
        yield from _revised("sectors", now.name, was, now, "rationale")
    for sector in removed:
        yield Change("sectors", "removed", sector.name, "priority", before=sector.priority)


def _milestones(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    pairs, removed = match(
        old.relations.milestones,
        new.relations.milestones,
        lambda m: (m.date, m.title),
        lambda m: m.title,
    )
    for was, now in pairs:
        if was is None:
            yield Change("milestones", "added", now.title, "date", after=now.date)
            continue
        yield from _changed("milestones", now.title, was, now, ("date", "planned"))
    for milestone in removed:
        yield Change("milestones", "removed", milestone.title, "date", before=milestone.date)


def _risks(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    pairs, removed = match(old.risks, new.risks, lambda r: r.title)
    for was, now in pairs:
        if was is None:
            yield Change("risks", "added", now.title)
            continue
        yield from _revised("risks", now.title, was, now, "detail")
    for risk in removed:
        yield Change("risks", "removed", risk.title)


def _next_steps(old: VisitFile, new: VisitFile) -> Iterator[Change]:
    pairs, removed = match(old.next_steps, new.next_steps, lambda n: n.action)
    for was, now in pairs:
        if was is None:
            yield Change("next_steps", "added", now.action, "due", after=now.due)
            continue
        yield from _changed("next_steps", now.action, was, now, ("owner", "due"))
    for step in removed:
        yield Change("next_steps", "removed", step.action, "due", before=step.due)


Item = Agreement | Sector | Milestone | Risk | NextStep


def _changed(
    section: Section, subject: str, was: Item, now: Item, fields: Sequence[str]
) -> Iterator[Change]:
    """A change for each of ``fields`` whose value differs, with both values."""
    for field in fields:
        before, after = getattr(was, field), getattr(now, field)
        if before != after:
            yield Change(section, "changed", subject, field, before, after)


def _revised(section: Section, subject: str, was: Item, now: Item, field: str) -> Iterator[Change]:
    """A change without values, for text too long to quote (a detail, a rationale)."""
    if getattr(was, field) != getattr(now, field):
        yield Change(section, "changed", subject, field)
