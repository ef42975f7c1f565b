"""A timeline label's place and the geometry the layout checks: pure arithmetic in points.

A label is a box of text; its leader runs from its marker on the axis line straight away
from the axis (the *stem*), then, for a label moved along the axis, across to the label's
side (the *elbow*). Distances from the axis line are positive on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["above", "below"]
SIDES: tuple[Side, Side] = ("above", "below")

GAP_X = 6.0
"""Least horizontal space between two labels at the same height, in points."""
GAP_Y = 3.0
"""Least vertical space between two labels, in points."""
OFFSET = 3.0
"""Space between a leader's end and its label's text, in points."""
CLEAR = 1.5
"""Least space between a leader and any label but its own, in points."""


@dataclass(frozen=True, slots=True)
class Label:
    """A label to place: its marker's position and the size of its text."""

    x: float
    """The marker's position along the axis, in points."""
    width: float
    height: float
    line: float
    """The height of one of its lines: the leader points at the middle of the nearest."""


@dataclass(frozen=True, slots=True)
class Placed:
    """A label's place: the box of its text and the path of its leader.

    ``x0``/``x1`` are along the axis in points; ``y0``/``y1`` are distances from the axis
    line (``y0`` the nearer). The leader runs from the marker at ``stem_x`` away from the
    axis to the distance ``turn``, then across to ``end_x`` (its end, :data:`OFFSET` from the
    text; ``end_x == stem_x`` when the label is beside its marker).
    """

    stem_x: float
    side: Side
    x0: float
    x1: float
    y0: float
    y1: float
    turn: float
    end_x: float

    @property
    def moved(self) -> bool:
        """Whether the label was moved away from its marker (its leader has an elbow)."""
        return self.end_x != self.stem_x


def reach(place: Placed) -> tuple[float, float]:
    """How far along the axis a place's box and leader reach, left and right."""
    return min(place.x0, place.stem_x, place.end_x), max(place.x1, place.stem_x, place.end_x)


def boxes_overlap(a: Placed, b: Placed) -> bool:
    """Whether two boxes on one side come closer than :data:`GAP_X` and :data:`GAP_Y`."""
    return (
        a.x0 < b.x1 + GAP_X and b.x0 < a.x1 + GAP_X and a.y0 < b.y1 + GAP_Y and b.y0 < a.y1 + GAP_Y
    )


def leader_hits(leader: Placed, box: Placed) -> bool:
    """Whether the leader of ``leader`` comes within :data:`CLEAR` of the box of ``box``."""
    if leader is box or leader.side != box.side:
        return False
    x0, x1, y0, y1 = box.x0 - CLEAR, box.x1 + CLEAR, box.y0 - CLEAR, box.y1 + CLEAR
    stem = x0 < leader.stem_x < x1 and y0 < leader.turn
    lo, hi = sorted((leader.stem_x, leader.end_x))
    across = leader.end_x != leader.stem_x and y0 < leader.turn < y1 and lo < x1 and x0 < hi
    return stem or across


def leaders_cross(a: Placed, b: Placed) -> bool:
    """Whether the elbow of ``a`` crosses the stem of ``b`` (both on one side)."""
    if a.side != b.side or a.end_x == a.stem_x:
        return False
    lo, hi = sorted((a.stem_x, a.end_x))
    return lo < b.stem_x < hi and b.turn > a.turn
