"""Where the timeline's labels go: pure arithmetic in points, no matplotlib.

Each label hangs above or below the axis line, in lanes, joined to its marker by a leader: a
stem straight up (or down) from the marker to the label's nearest line, beside the text; or,
when the label has to move away along the axis (no room beside its marker, or the planned
band's edge in the way), a stem and then an elbow across to the label's side. Labels are
placed one by one, each at the cheapest place that breaks none of these rules:

- no two labels overlap (:func:`~kzrs_reports.charts.leaders.boxes_overlap`);
- no label crosses a *wall* (the edge of the planned band) or leaves ``lo``..``hi``.

A place costs the height it adds (more once both sides together pass :data:`TALL`, when the
figure would have to shrink on its page), plus penalties: for a leader running behind
another label (:data:`BEHIND`: a long chain of close markers cannot be labelled otherwise
without a lane per label, but a timeline with room never needs it), for an elbow, for a
leader crossing another leader, and for a label outside its own region of the axis (a past
event's label over the planned band). Several orders are tried, each layout is bettered by
moving one label at a time, and the cheapest is kept, so clusters form staircases. Same
input, same layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from kzrs_reports.charts.leaders import (
    CLEAR,
    GAP_X,
    GAP_Y,
    OFFSET,
    SIDES,
    Label,
    Placed,
    Side,
    boxes_overlap,
    leader_hits,
    leaders_cross,
    reach,
)

WALL_GAP = 3.0
"""Least space between a label and a wall, in points."""
BASE = 8.0
"""Distance from the axis line to the nearest label, in points (clear of the markers)."""
ELBOW = 14.0
"""What a label moved away from its marker costs, in points of height (plus a third of the
distance it moved)."""
REACH = 80.0
"""The farthest a label may move from its marker along the axis, in points."""
LEADERS_CROSS = 12.0
"""What one leader crossing another costs."""
OWN_REGION = 30.0
"""What a label outside its own region (a past event's over the planned band) costs."""
TALL = 360.0
"""The height of both sides' lanes together beyond which the chart no longer prints at full
size on a page (its figure is narrowed): each point above it costs :data:`TALLER` points."""
TALLER = 8.0
ROUNDS = 3
"""How many times every label may be moved again once all are placed..."""
THOROUGH = 24
"""...when there are at most this many labels; more are placed in one pass (right to left,
caring little for hidden leaders: so many cannot all be clear). The search grows with about
the cube of the labels (50 took 1.3 s, against 30 ms in one pass), and past two dozen a
timeline is too crowded for it to find a clearly better layout."""
BEHIND = 60.0
"""What a leader running behind another label (hidden by its white back) costs."""
HIDDEN = 100_000.0
"""What it costs when a layout is sought in which no leader runs behind a label."""


def place_labels(
    labels: Sequence[Label],
    lo: float,
    hi: float,
    walls: Sequence[float] = (),
) -> list[Placed]:
    """A place for each of ``labels`` (in input order), within ``lo``..``hi``.

    ``walls`` are positions no label may cross: the planned band's edge.
    """
    n = len(labels)
    orders = [
        sorted(range(n), key=lambda i: (-labels[i].x, i)),
        sorted(range(n), key=lambda i: (labels[i].x, i)),
        sorted(range(n), key=lambda i: (-labels[i].width, -labels[i].x, i)),
    ]
    if n > THOROUGH:
        return _greedy(labels, orders[0], lo, hi, walls, BEHIND / 5)
    clear = _clear_layout(labels, orders, lo, hi, walls)
    if clear is not None:
        return clear
    best: list[Placed] = []
    best_cost = 0.0
    for behind in (BEHIND, BEHIND / 5):
        # a layout too tall for a page is built again caring less for hidden leaders
        if best and _lanes(best) <= TALL:
            break
        for order in orders:
            placed = _greedy(labels, order, lo, hi, walls, behind)
            result, cost = _improve(labels, placed, lo, hi, walls)
            if not best or cost < best_cost:
                best, best_cost = result, cost
    return best


def _clear_layout(
    labels: Sequence[Label],
    orders: list[list[int]],
    lo: float,
    hi: float,
    walls: Sequence[float],
) -> list[Placed] | None:
    """The cheapest layout in which no leader runs behind a label, when one fits in
    :data:`TALL`: a timeline with room is laid out clear, whatever its labels' lengths make
    the cheapest trade-off elsewhere."""
    best: list[Placed] | None = None
    best_cost = 0.0
    for order in orders:
        placed = _greedy(labels, order, lo, hi, walls, HIDDEN)
        result, cost = _improve(labels, placed, lo, hi, walls, HIDDEN)
        if _lanes(result) > TALL or _hidden(result):
            continue
        if best is None or cost < best_cost:
            best, best_cost = result, cost
    return best


def _hidden(places: Sequence[Placed]) -> bool:
    """True if any leader of ``places`` runs behind another of their labels."""
    return any(leader_hits(a, b) for a in places for b in places if a is not b)


def _greedy(
    labels: Sequence[Label],
    order: list[int],
    lo: float,
    hi: float,
    walls: Sequence[float],
    behind: float,
) -> list[Placed]:
    """Each label at its cheapest place among those placed before it, in ``order``."""
    placed: dict[int, Placed] = {}
    for i in order:
        placed[i] = _place_one(labels[i], list(placed.values()), lo, hi, walls, behind)
    return [placed[i] for i in range(len(labels))]


def _lanes(places: Sequence[Placed]) -> float:
    """The height of both sides' lanes together."""
    return sum(max(_extent(places, side), BASE) for side in SIDES)


def _improve(
    labels: Sequence[Label],
    places: list[Placed],
    lo: float,
    hi: float,
    walls: Sequence[float],
    behind: float = BEHIND,
) -> tuple[list[Placed], float]:
    """``places`` bettered by moving one label at a time to its best place among the rest,
    while that lowers the layout's cost (a leader behind a label costing ``behind``); the
    layout and its cost."""
    cost = _total(labels, places, walls, behind)
    for _ in range(ROUNDS):
        better = False
        for i in sorted(range(len(places)), key=lambda i: (labels[i].x, i)):
            old, others = places[i], [*places[:i], *places[i + 1 :]]
            new = _place_one(labels[i], others, lo, hi, walls, behind)
            if new == old:
                continue
            change = (
                _height(_lanes([*others, new]))
                - _height(_lanes(places))
                + _own_penalty(labels[i], new, walls)
                - _own_penalty(labels[i], old, walls)
                + _pairs(new, others, behind)
                - _pairs(old, others, behind)
            )
            # laying out clear, a move that costs nothing but brings the label nearer the
            # axis is taken too, so no label hangs far from the line for nothing
            closer = behind == HIDDEN and new.side == old.side and new.y0 < old.y0 - 0.5
            if change < -0.5 or (change < 0.5 and closer):
                places = [*places[:i], new, *places[i + 1 :]]
                cost, better = cost + change, True
        if not better:
            break
    return places, cost


def _total(
    labels: Sequence[Label],
    places: list[Placed],
    walls: Sequence[float],
    behind: float = BEHIND,
) -> float:
    """The cost of a whole layout: both sides' heights and every penalty."""
    height = _height(_lanes(places))
    own = sum(
        _own_penalty(label, place, walls) for label, place in zip(labels, places, strict=True)
    )
    return height + own + sum(_pairs(a, places[i + 1 :], behind) for i, a in enumerate(places))


def _height(lanes: float) -> float:
    """What lanes of this height, both sides together, cost."""
    return lanes + TALLER * max(0.0, lanes - TALL)


def _own_penalty(label: Label, place: Placed, walls: Sequence[float]) -> float:
    """What a place costs by itself: moving away from the marker, leaving its region."""
    sx = label.x
    penalty = 0.0 if place.end_x == sx else ELBOW + abs(place.end_x - sx) / 3
    if _region((place.x0 + place.x1) / 2, walls) != _region(sx, walls):
        penalty += OWN_REGION
    return penalty


def _pairs(place: Placed, others: Sequence[Placed], behind: float = BEHIND) -> float:
    """What ``place`` costs for its leaders among ``others`` (behind labels, crossings)."""
    return sum(
        behind * (leader_hits(place, o) + leader_hits(o, place))
        + LEADERS_CROSS * (leaders_cross(place, o) + leaders_cross(o, place))
        for o in others
        if o.side == place.side
    )


def _extent(places: Sequence[Placed], side: str) -> float:
    return max((p.y1 for p in places if p.side == side), default=0.0)


def _place_one(
    label: Label,
    done: list[Placed],
    lo: float,
    hi: float,
    walls: Sequence[float],
    behind: float = BEHIND,
) -> Placed:
    """The cheapest place for ``label`` among those ``done`` leaves, a leader behind a label
    costing ``behind``."""
    best: tuple[tuple[float, float, int, int], Placed] | None = None
    starts = _starts(label, lo, hi, walls) or [min(max(label.x + OFFSET, lo), hi - label.width)]
    extents = {side: max(_extent(done, side), BASE) for side in SIDES}
    lanes = sum(extents.values())
    for side_rank, side in enumerate(SIDES):
        mine = [(p, *reach(p)) for p in done if p.side == side]
        extent = extents[side]
        for rank, x0 in enumerate(starts):
            # only places reaching along the axis near this one can be in its way
            left = min(x0, label.x) - GAP_X - CLEAR
            right = max(x0 + label.width, label.x) + GAP_X + CLEAR
            near = [p for p, p_left, p_right in mine if p_left < right and left < p_right]
            ys = {BASE, *(p.y1 + GAP_Y for p in near), *(p.turn + CLEAR for p in near)}
            for y0 in sorted(y for y in ys if y >= BASE):
                found = _candidate(label, side, x0, y0, walls)
                if found is None:
                    break
                place, penalty = found
                growth = _height(lanes + max(0.0, place.y1 - extent)) - _height(lanes)
                limit = best[0][0] - growth - penalty if best else float("inf")
                if limit < 0:
                    break  # higher places only cost more
                cost = _cost(place, near, behind, limit)
                if cost is None:
                    continue
                key = (growth + penalty + cost, place.y0, side_rank, rank)
                if best is None or key < best[0]:
                    best = (key, place)
                if cost == 0:
                    break  # nothing in the way: higher up would only cost more
    if best is not None:
        return best[1]
    # no place at all (a label too wide for any room left): above everything
    side = min(SIDES, key=lambda s: _extent(done, s))
    y0 = max(BASE, _extent(done, side) + GAP_Y)
    found = _candidate(label, side, starts[0], y0, walls)
    return found[0] if found else _beside(label, side, starts[0], y0)


def _cost(
    place: Placed, near: list[Placed], behind: float, limit: float = float("inf")
) -> float | None:
    """What ``place`` costs among the places ``near`` it on its side; None if it may not be
    (it overlaps one) or costs more than ``limit``."""
    if any(boxes_overlap(place, other) for other in near):
        return None
    cost = 0.0
    for other in near:
        hits = leader_hits(place, other) + leader_hits(other, place)
        cost += behind * hits + LEADERS_CROSS * (
            leaders_cross(place, other) + leaders_cross(other, place)
        )
        if cost > limit:
            return None
    return cost


def _starts(label: Label, lo: float, hi: float, walls: Sequence[float]) -> list[float]:
    """Where the label's box may start: beside its marker (right, then left), over it, or
    against an edge or a wall."""
    w, sx = label.width, label.x
    edges = [lo, hi - w]
    for wall in walls:
        edges += [wall + WALL_GAP, wall - WALL_GAP - w]
    out: list[float] = []
    for x0 in (sx + OFFSET, sx - OFFSET - w, sx - w / 2, *edges):
        inside = lo - 1e-6 <= x0 and x0 + w <= hi + 1e-6
        new = all(abs(x0 - seen) > 0.5 for seen in out)
        if inside and new and not _crosses_wall(x0, x0 + w, walls):
            out.append(x0)
    return out


def _crosses_wall(x0: float, x1: float, walls: Sequence[float]) -> bool:
    return any(x0 - WALL_GAP + 1e-6 < wall < x1 + WALL_GAP - 1e-6 for wall in walls)


def _region(x: float, walls: Sequence[float]) -> int:
    """Which stretch between walls ``x`` is in: 0 before the first wall."""
    return sum(1 for wall in walls if x >= wall)


def _candidate(
    label: Label, side: Side, x0: float, y0: float, walls: Sequence[float]
) -> tuple[Placed, float] | None:
    """The label's box from ``x0`` at distance ``y0`` with its leader, and the penalty for
    where it is; None when the box is too near its marker to leave room for the leader."""
    sx, x1 = label.x, x0 + label.width
    if x0 - OFFSET >= sx - 1e-6:
        end_x = x0 - OFFSET
    elif x1 + OFFSET <= sx + 1e-6:
        end_x = x1 + OFFSET
    elif x0 <= sx <= x1:
        # the box stands over its marker: the stem meets the box's edge
        place = Placed(sx, side, x0, x1, y0, y0 + label.height, y0, sx)
        return place, _own_penalty(label, place, walls)
    else:
        return None
    if abs(end_x - sx) < 1e-6:
        end_x = sx
    if abs(end_x - sx) > REACH:
        return None
    turn = y0 + min(label.line, label.height) / 2
    place = Placed(sx, side, x0, x1, y0, y0 + label.height, turn, end_x)
    return place, _own_penalty(label, place, walls)


def _beside(label: Label, side: Side, x0: float, y0: float) -> Placed:
    """A box from ``x0`` whose leader ends at its side, however far that is."""
    turn = y0 + min(label.line, label.height) / 2
    return Placed(label.x, side, x0, x0 + label.width, y0, y0 + label.height, turn, x0 - OFFSET)
