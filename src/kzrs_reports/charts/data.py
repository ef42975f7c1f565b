"""What the charts plot, as plain values: no matplotlib here.

Templates and tests may use these to describe a chart (alt text) or check it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Literal

from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.visit import VisitFile

NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class PriorityBar:
    """One sector's bar: its name, priority (1–5) and who gave the priority."""

    name: str
    priority: int
    basis: Literal["stated", "assessed"]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One milestone on the timeline.

    ``x`` is its position on the year axis; ``planned`` is true for an event marked planned
    or dated after the brief; ``when`` is the short date printed in its label.
    """

    x: float
    start: float
    """Where the period its date names begins, as a year fraction (2024 starts at 2024.0)..."""
    end: float
    """...and where it ends (2024 ends at 2025.0; 26 February 2026 a day after it starts)."""
    date: PartialDate
    when: str
    title: str
    category: str
    planned: bool


@dataclass(frozen=True, slots=True)
class TimelineData:
    """Everything the timeline plots: events in date order, the axis range and the brief date."""

    events: tuple[TimelineEvent, ...]
    categories: tuple[str, ...]
    """Category names, sorted; palette colours are given in this order."""
    first_year: int
    last_year: int
    brief_x: float


def priorities_data(visit: VisitFile) -> list[PriorityBar]:
    """The sectors as bars, highest priority first, ties in name order."""
    bars = [PriorityBar(s.name, s.priority, s.basis) for s in visit.sectors]
    return sorted(bars, key=lambda b: (-b.priority, b.name.casefold(), b.name))


def timeline_data(visit: VisitFile) -> TimelineData:
    """The milestones in date order (ties by title), with the axis range they need."""
    brief_date = visit.brief.date
    milestones = sorted(visit.relations.milestones, key=lambda m: (m.date, m.title))
    events = tuple(
        TimelineEvent(
            x=m.date.as_year_fraction,
            start=year_fraction(m.date.earliest),
            end=year_fraction(m.date.latest + dt.timedelta(days=1)),
            date=m.date,
            when=short_date(m.date, visit.brief.language),
            title=m.title,
            category=m.category,
            planned=m.planned or m.date.earliest > brief_date,
        )
        for m in milestones
    )
    last = max([brief_date.year, *(e.date.latest.year for e in events)])
    return TimelineData(
        events=events,
        categories=tuple(sorted({e.category for e in events})),
        first_year=min([visit.relations.established, *(e.date.year for e in events)]),
        last_year=last,
        brief_x=PartialDate.parse(brief_date).as_year_fraction,
    )


def year_fraction(day: dt.date) -> float:
    """The start of ``day`` as a year fraction: 1 January 2026 is 2026.0."""
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def short_date(date: PartialDate, language: str) -> str:
    """``2019``, ``Apr 2026`` or ``26 Feb 2026`` in the brief's language, never broken."""
    if date.month is None:
        return str(date.year)
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_skeleton

    try:
        locale = Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    skeleton = "yMMM" if date.day is None else "yMMMd"
    text = format_skeleton(skeleton, dt.date(date.year, date.month, date.day or 1), locale=locale)
    return str(text).replace(" ", NBSP)


def wrap_label(text: str, width: int, max_lines: int) -> str:
    """``text`` wrapped to lines of about ``width`` characters, cut with … after ``max_lines``."""
    lines = textwrap.wrap(
        text, width=width, max_lines=max_lines, placeholder=" …", break_on_hyphens=False
    )
    return "\n".join(lines) if lines else text
