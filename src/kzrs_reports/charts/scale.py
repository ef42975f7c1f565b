"""The timeline's time axis: years to points, with long empty stretches cut out.

Pure arithmetic in points, no matplotlib. The axis shows whole years. When two events whose
dates do not overlap would sit closer than :data:`DISTINCT` points (a visit and a summit a
month apart, thirty years after the first milestone; but not "2024" and "August 2024"), the
longest empty stretch of years is cut out and marked by a break, and the years that are
left share the width; this repeats while it helps. One scale holds in every segment, so
equal lengths of time look equal wherever they are: a break shows that years were left out,
never that the scale changed.

Years are labelled in the middle of their span, like a calendar: in each segment from its
first year at even steps to its last, so the first year and the last year of the timeline
are always labelled and the steps between labels are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

DISTINCT = 9.0
"""Least distance in points between the markers of two events whose dates do not overlap (a
marker is 6 points across)."""
LEAST_BREAK = 3
"""The fewest empty years a break may cut out..."""
BREAK_SHARE = 0.15
"""...and the least share of all the years on the axis: short stretches stay on the axis, so
a timeline is not chopped into many pieces."""
BREAK = 18.0
"""Width of a break in the axis, in points."""
MARGIN = 10.0
"""Room at each end of the axis before the first year and after the last, in points."""
STEPS = (1, 2, 4, 5, 10, 20, 25, 50, 100)
"""Steps between year labels, in years: the least that leaves room is taken."""
MORE_YEARS = 4
"""At most this many empty years may be added after the last year to find a step in
:data:`STEPS` that ends on a labelled year; otherwise the step divides the span exactly."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the axis without a break: the years ``first`` to ``last`` inclusive."""

    first: int
    last: int
    x0: float
    """Where the segment starts (the beginning of ``first``), points from the axis's left."""
    x1: float
    """Where it ends (the end of ``last``)."""

    def holds(self, when: float) -> bool:
        """Whether the year fraction ``when`` falls in this segment."""
        return self.first <= when < self.last + 1

    def x(self, when: float) -> float:
        """The position of year fraction ``when`` (on this segment's line, even outside it)."""
        return self.x0 + (when - self.first) * (self.x1 - self.x0) / (self.last + 1 - self.first)


@dataclass(frozen=True, slots=True)
class YearLabel:
    """A labelled year: the year and the middle of its span on the axis."""

    year: int
    x: float


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Segments of one scale (``per_year`` points a year) across ``width`` points."""

    segments: tuple[Segment, ...]
    per_year: float
    width: float
    labels: tuple[YearLabel, ...]
    """The labelled years, left to right."""
    step: tuple[int, ...]
    """The years between labels, per segment."""

    def x(self, when: float) -> float:
        """The position of a year fraction on the axis (clamped to the axis's ends)."""
        for segment in self.segments:
            if segment.holds(when):
                return segment.x(when)
        first, last = self.segments[0], self.segments[-1]
        if when < first.first:
            return first.x0
        if when >= last.last + 1:
            return last.x1
        # in a break: at the nearer end of the gap
        before = max((s for s in self.segments if s.last + 1 <= when), key=lambda s: s.last)
        return before.x1

    def segment_of(self, when: float) -> Segment:
        """The segment holding ``when``, or the nearest one before it."""
        held = [s for s in self.segments if s.first <= when]
        return held[-1] if held else self.segments[0]

    @property
    def breaks(self) -> tuple[float, ...]:
        """The middle of each break, in points."""
        return tuple((a.x1 + b.x0) / 2 for a, b in pairwise(self.segments))

    @property
    def first_year(self) -> int:
        """The first year on the axis."""
        return self.segments[0].first

    @property
    def last_year(self) -> int:
        """The last year on the axis (it may run on past the last event, see
        :data:`MORE_YEARS`)."""
        return self.segments[-1].last


Span = tuple[float, float, float]
"""An event's date as year fractions: where its marker goes, where the date starts and where
it ends (2024 is ``(2024.5, 2024.0, 2025.0)``)."""


def time_scale(
    dates: Sequence[Span], first: int, last: int, width: float, label_room: float
) -> TimeScale:
    """The axis for events dated ``dates`` between years ``first`` and ``last``.

    ``width`` is the axis's length and ``label_room`` the least distance between the middles
    of two year labels, both in points.
    """
    runs: list[tuple[int, int]] = []
    for year in sorted({first, last, *(int(d[0]) for d in dates)}):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    # `runs` are the years that hold something, each without an empty year inside it
    kept = _cut_gaps(runs, sorted(set(dates)), width)
    for more in range(MORE_YEARS + 1):
        scale = _scale(kept, more, width, label_room)
        if scale.step[-1] in STEPS:
            return scale
    return _scale(kept, 0, width, label_room)


def _cut_gaps(
    runs: list[tuple[int, int]], dates: list[Span], width: float
) -> list[tuple[int, int]]:
    """The runs joined across their gaps, but for the longest gaps (of at least
    :data:`LEAST_BREAK` years and :data:`BREAK_SHARE` of all), cut while two events are closer
    than :data:`DISTINCT` and cutting gives each year more room."""
    gaps = sorted(
        ((b[0] - a[1] - 1, i) for i, (a, b) in enumerate(pairwise(runs))),
        key=lambda gap: (-gap[0], gap[1]),
    )
    least = max(LEAST_BREAK, BREAK_SHARE * (runs[-1][1] - runs[0][0] + 1))
    cut: set[int] = set()
    for size, index in gaps:
        now = _place(_joined(runs, cut), 0, width)
        if size < least or _closest(now, dates, width) >= DISTINCT:
            break
        then = _place(_joined(runs, cut | {index}), 0, width)
        if _per_year(then) <= _per_year(now):
            break
        cut.add(index)
    return _joined(runs, cut)


def _joined(runs: list[tuple[int, int]], cut: set[int]) -> list[tuple[int, int]]:
    """The runs joined across every gap but those in ``cut`` (by the index of the run before)."""
    segments = [runs[0]]
    for index, run in enumerate(runs[1:]):
        if index in cut:
            segments.append(run)
        else:
            segments[-1] = (segments[-1][0], run[1])
    return segments


def _closest(segments: list[Segment], dates: list[Span], width: float) -> float:
    """The least distance in points between the markers of two dates that do not overlap."""
    xs = [(_x(segments, at), start, end) for at, start, end in dates]
    return min(
        (abs(a[0] - b[0]) for a, b in combinations(xs, 2) if a[2] <= b[1] or b[2] <= a[1]),
        default=width,
    )


def _x(segments: Iterable[Segment], when: float) -> float:
    return next((s.x(when) for s in segments if s.holds(when)), 0.0)


def _per_year(segments: list[Segment]) -> float:
    first = segments[0]
    return (first.x1 - first.x0) / (first.last - first.first + 1)


def _place(kept: list[tuple[int, int]], more: int, width: float) -> list[Segment]:
    """Lay the year ranges ``kept`` (the last ``more`` years longer) along ``width`` points."""
    spans = [*kept[:-1], (kept[-1][0], kept[-1][1] + more)]
    years = sum(b - a + 1 for a, b in spans)
    per_year = (width - 2 * MARGIN - BREAK * (len(spans) - 1)) / years
    segments, x = [], MARGIN
    for a, b in spans:
        end = x + (b - a + 1) * per_year
        segments.append(Segment(a, b, x, end))
        x = end + BREAK
    return segments


def _scale(kept: list[tuple[int, int]], more: int, width: float, label_room: float) -> TimeScale:
    segments = _place(kept, more, width)
    per_year = _per_year(segments)
    labels: list[YearLabel] = []
    steps: list[int] = []
    for segment in segments:
        step = _step(segment.last - segment.first, per_year, label_room)
        steps.append(step)
        labels += [
            YearLabel(year, segment.x(year + 0.5))
            for year in range(segment.first, segment.last + 1, step)
        ]
    return TimeScale(tuple(segments), per_year, width, tuple(labels), tuple(steps))


def _step(span: int, per_year: float, label_room: float) -> int:
    """The step between labels over ``span`` years: the least of :data:`STEPS` that divides
    the span and leaves room, else the least divisor of the span that does; a segment too
    short for two labels gets one (the step is longer than the span)."""
    if span == 0:
        return 1
    fits = [s for s in range(1, span + 1) if span % s == 0 and s * per_year >= label_room]
    nice = [s for s in fits if s in STEPS]
    return nice[0] if nice else (fits[0] if fits else span + 1)
