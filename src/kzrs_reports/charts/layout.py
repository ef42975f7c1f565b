"""Where the timeline's labels go, so that none overlaps another: pure arithmetic in points.

Each label is a flag on a stem that rises (or falls) from its marker on the axis line. Labels
are placed one by one, greedily: above or below the axis, to the right of the stem or to its
left, at the lowest height where the label's box is clear of every box already on that side.
A place costs the height of its top, plus a penalty for each stem it puts behind a label
(the stem runs behind the label's white back, so text is never struck through); the cheapest
wins.
Both orders (right to left, left to right) are tried and the better layout kept, so clusters
at either end of the axis form staircases instead of crossing stems. Same input, same layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["above", "below"]
Anchor = Literal["left", "right"]

GAP_X = 6.0
"""Least horizontal space between two labels at the same height, in points."""
GAP_Y = 3.0
"""Least vertical space between two labels, in points."""
OFFSET = 3.0
"""Space between a stem and the start of its label, in points."""
CROSSING = 30.0
"""What a stem running behind a label costs, in points of extra height."""


@dataclass(frozen=True, slots=True)
class Placed:
    """A label's place: its side, which side of the stem it hangs on, and its box.

    ``x0``/``x1`` are in figure points; ``y0``/``y1`` are distances from the axis line.
    """

    stem_x: float
    side: Side
    anchor: Anchor
    x0: float
    x1: float
    y0: float
    y1: float


def place_labels(
    stems: list[float], sizes: list[tuple[float, float]], lo: float, hi: float
) -> list[Placed]:
    """Place one label of ``sizes[i]`` (width, height) on each stem at ``stems[i]``.

    Labels stay within ``lo``..``hi`` horizontally. Returns the places in input order.
    """
    best: list[Placed] | None = None
    best_key: float | None = None
    n = len(stems)
    orders = [list(range(n - 1, -1, -1)), list(range(n))]
    for order in orders:
        placed: dict[int, Placed] = {}
        for i in order:
            placed[i] = _place_one(stems[i], *sizes[i], list(placed.values()), lo, hi)
        result = [placed[i] for i in range(len(stems))]
        key = _height(result) + CROSSING * _crossings(result)
        if best_key is None or key < best_key:
            best, best_key = result, key
    assert best is not None
    return best


def _place_one(sx: float, w: float, h: float, done: list[Placed], lo: float, hi: float) -> Placed:
    extent = {
        side: max((p.y1 for p in done if p.side == side), default=0.0)
        for side in ("above", "below")
    }
    options: list[tuple[tuple[float, float, int, int], Placed]] = []
    for side_rank, side in enumerate(("above", "below")):
        for anchor_rank, anchor in enumerate(("left", "right")):
            x0, x1 = (sx, sx + OFFSET + w) if anchor == "left" else (sx - OFFSET - w, sx)
            if x0 < lo or x1 > hi:
                continue
            mine = [
                p
                for p in done
                if (p.side == side and p.x0 < x1 + GAP_X and x0 < p.x1 + GAP_X)
                or (p.side == side and x0 - 1 <= p.stem_x <= x1 + 1)
            ]
            heights = sorted({0.0, *(p.y1 + GAP_Y for p in mine)})
            for y in heights:
                box = Placed(sx, side, anchor, x0, x1, y, y + h)  # type: ignore[arg-type]
                if any(_overlap(box, p) for p in mine):
                    continue
                crossings = sum(_crosses(p, box) + _crosses(box, p) for p in mine)
                cost = max(0.0, y + h - extent[side]) + CROSSING * crossings
                options.append(((cost, y, side_rank, anchor_rank), box))
    if not options:  # wider than the whole axis: start at the left edge, above everything
        y = extent["above"] + GAP_Y if extent["above"] else 0.0
        return Placed(sx, "above", "left", lo, lo + OFFSET + w, y, y + h)
    return min(options, key=lambda o: o[0])[1]


def _overlap(a: Placed, b: Placed) -> bool:
    return (
        a.x0 < b.x1 + GAP_X and b.x0 < a.x1 + GAP_X and a.y0 < b.y1 + GAP_Y and b.y0 < a.y1 + GAP_Y
    )


def _crosses(stem_of: Placed, box: Placed) -> bool:
    """Whether the stem of ``stem_of`` runs through ``box`` (both on one side)."""
    if stem_of is box or stem_of.side != box.side:
        return False
    return box.x0 - 1 <= stem_of.stem_x <= box.x1 + 1 and box.y0 < stem_of.y0


def _crossings(places: list[Placed]) -> int:
    return sum(_crosses(a, b) for a in places for b in places)


def _height(places: list[Placed]) -> float:
    return sum(
        max((p.y1 for p in places if p.side == side), default=0.0) for side in ("above", "below")
    )
