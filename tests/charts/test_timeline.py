"""The relations timeline, checked on matplotlib's own geometry: where the renderer put each
label, leader and marker, the band and the year labels, for the sample and for visits with
more and denser milestones."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from chart_inputs import read_yaml

import visits
from kzrs_reports.charts import TimelineData, timeline_data
from kzrs_reports.charts.layout import place_labels
from kzrs_reports.charts.leaders import GAP_X, Label
from kzrs_reports.charts.scale import DISTINCT, MORE_YEARS, time_scale
from kzrs_reports.charts.style import chart_style
from kzrs_reports.charts.timeline import MARKER, draw_timeline
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data/kz-rs-visit-2026.yaml"
MANY = ROOT / "tests/data/many-milestones.yaml"
ONE_DAY = ROOT / "tests/hostile/visit/milestones-40-on-one-day.yaml"

Make = Callable[[Path], Any]
"""Visit data, given a folder to write files in."""

SPARSE: dict[str, Make] = {
    "sample": lambda _: read_yaml(SAMPLE),
    "bench-variant": lambda folder: read_yaml(visits.bench_variants(folder, 4)[3]),
    "a-month-apart": lambda _: visits.a_month_apart(),
    "a-crowded-year": lambda _: visits.a_crowded_year(),
}
"""Visits whose timelines have room for every leader to run clear of every other label."""
DENSE: dict[str, Make] = {
    "a-long-history-12": lambda _: visits.a_long_history(1, 12),
    "a-long-history-25": lambda _: visits.a_long_history(2, 25),
    "many-milestones": lambda _: read_yaml(MANY),
    "40-on-one-day": lambda _: read_yaml(ONE_DAY),
}
"""Visits whose timelines are crowded: a leader may run behind another label there."""
ALL = {**SPARSE, **DENSE}


@dataclass
class Drawn:
    """A drawn timeline's parts, in points from the figure's bottom left."""

    data: TimelineData
    fig: Any
    labels: list[tuple[str, Any]]
    """Each event's label: its text and its box."""
    leaders: list[list[tuple[float, float]]]
    markers: list[Any]
    band: Any
    axes: Any
    ticks: list[tuple[int, float]]
    """Each year label: the year and where it stands (the middle of the year)."""
    runs: list[tuple[float, float]]
    """Where the axis line runs between its breaks."""
    font_sizes: list[float]


def points(box: Any, fig: Any) -> Any:
    from matplotlib.transforms import Bbox

    return Bbox(box.get_points() * 72 / fig.dpi)


def by_gid(fig: Any, prefix: str) -> Iterator[tuple[int, Any]]:
    found = [(a.get_gid(), a) for a in fig.findobj() if str(a.get_gid()).startswith(prefix)]
    for gid, artist in sorted(found, key=lambda f: int(f[0].rsplit("-", 1)[1])):
        yield int(gid.rsplit("-", 1)[1]), artist


def draw(data: Any, theme: Theme, labels: dict[str, str]) -> Drawn:
    timeline = timeline_data(VisitFile.model_validate(data))
    with chart_style(theme):
        fig = draw_timeline(timeline, theme, labels)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        [ax] = fig.axes
        to_points = ax.transData + fig.dpi_scale_trans.inverted()
        texts = [t for _, t in by_gid(fig, "timeline-label-")]
        leaders = [
            [tuple(p * 72) for p in to_points.transform(line.get_xydata())]
            for _, line in by_gid(fig, "timeline-leader-")
        ]
        [band] = [a for a in fig.findobj() if a.get_gid() == "timeline-planned"]
        [axis] = [a for a in fig.findobj() if a.get_gid() == "timeline-axis"]
        scale = 72 / fig.dpi
        ticks = [
            (
                int(t.get_text()),
                float(t.get_window_extent(renderer).x0 + t.get_window_extent(renderer).x1)
                / 2
                * scale,
            )
            for t in ax.get_xticklabels()
            if t.get_text()
        ]
        runs = [(float(seg[0][0]), float(seg[1][0])) for seg in axis.get_segments()]
        return Drawn(
            timeline,
            fig,
            [(t.get_text(), points(t.get_window_extent(renderer), fig)) for t in texts],
            leaders,
            [
                points(m.get_window_extent(renderer), fig)
                for _, m in by_gid(fig, "timeline-marker-")
            ],
            points(band.get_window_extent(renderer), fig),
            points(ax.get_window_extent(renderer), fig),
            ticks,
            runs,
            [t.get_fontsize() for t in texts],
        )


@pytest.fixture(scope="module")
def drawn(
    theme: Theme, labels: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Drawn]:
    folder = tmp_path_factory.mktemp("visits")
    return {name: draw(make(folder), theme, labels) for name, make in ALL.items()}


def distance(point: tuple[float, float], box: Any) -> float:
    x, y = point
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return float((dx * dx + dy * dy) ** 0.5)


def crosses(leader: list[tuple[float, float]], box: Any) -> bool:
    """Whether a leader (vertical, then maybe across) runs through ``box``."""
    for (x0, y0), (x1, y1) in itertools.pairwise(leader):
        lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if lo_x < box.x1 and box.x0 < hi_x + 1e-9 and lo_y < box.y1 and box.y0 < hi_y + 1e-9:
            return True
    return False


# ------------------------------------------------------------------ labels and leaders


@pytest.mark.parametrize("name", ALL)
def it_keeps_every_label_clear_of_every_other(drawn: dict[str, Drawn], name: str) -> None:
    boxes = drawn[name].labels
    assert len(boxes) == len(drawn[name].markers) > 0
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (ta, tb)


@pytest.mark.parametrize("name", ALL)
def it_keeps_every_label_off_the_markers(drawn: dict[str, Drawn], name: str) -> None:
    for (text, box), marker in itertools.product(drawn[name].labels, drawn[name].markers):
        assert not box.overlaps(marker), text


@pytest.mark.parametrize("name", ALL)
def it_keeps_every_label_inside_the_axes_and_the_figure(drawn: dict[str, Drawn], name: str) -> None:
    d = drawn[name]
    page = points(d.fig.bbox, d.fig)
    for text, box in d.labels:
        assert d.axes.x0 <= box.x0 and box.x1 <= d.axes.x1, text
        assert d.axes.y0 <= box.y0 and box.y1 <= d.axes.y1, text
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text


@pytest.mark.parametrize("name", ALL)
def it_never_lets_a_label_cross_the_edge_of_the_planned_band(
    drawn: dict[str, Drawn], name: str
) -> None:
    edge = drawn[name].band.x0
    for text, box in drawn[name].labels:
        assert not box.x0 < edge < box.x1, text


@pytest.mark.parametrize("name", ALL)
def it_joins_every_label_to_its_marker(drawn: dict[str, Drawn], name: str) -> None:
    d = drawn[name]
    assert len(d.leaders) == len(d.labels)
    for (text, box), leader, marker in zip(d.labels, d.leaders, d.markers, strict=True):
        start, end = leader[0], leader[-1]
        centre = ((marker.x0 + marker.x1) / 2, (marker.y0 + marker.y1) / 2)
        assert abs(start[0] - centre[0]) < 0.5, text  # from the marker
        assert abs(abs(start[1] - centre[1]) - MARKER / 2) < 0.5, text  # at its rim
        assert distance(end, box) <= 4.0, text  # to the label's side or edge


@pytest.mark.parametrize("name", SPARSE)
def it_runs_no_leader_behind_another_label_when_there_is_room(
    drawn: dict[str, Drawn], name: str
) -> None:
    d = drawn[name]
    for i, leader in enumerate(d.leaders):
        for j, (text, box) in enumerate(d.labels):
            if i != j:
                assert not crosses(leader, box), (d.labels[i][0], text)


@pytest.mark.parametrize("name", ALL)
def it_prints_every_label_at_the_themes_small_size(
    drawn: dict[str, Drawn], name: str, theme: Theme
) -> None:
    assert set(drawn[name].font_sizes) == {theme.sizes.small}


def it_keeps_a_crowded_timeline_no_taller_than_before(drawn: dict[str, Drawn]) -> None:
    """Forty-five milestones drew 688 points tall before labels kept clear of the band."""
    for name in ("many-milestones", "40-on-one-day"):
        height = drawn[name].fig.get_size_inches()[1] * 72
        assert height <= 720, name


# ------------------------------------------------------------------ the year axis


@pytest.mark.parametrize("name", ALL)
def it_labels_years_at_even_steps_from_the_first_year_to_the_last(
    drawn: dict[str, Drawn], name: str
) -> None:
    d = drawn[name]
    data = d.data
    years = [year for year, _ in d.ticks]
    assert years[0] == data.first_year
    assert data.last_year <= years[-1] <= data.last_year + MORE_YEARS
    per_year: set[float] = set()
    for start, end in d.runs:
        inside = [(y, x) for y, x in d.ticks if start <= x - d.axes.x0 <= end]
        steps = {b[0] - a[0] for a, b in itertools.pairwise(inside)}
        assert len(steps) <= 1, (name, inside)  # even steps in each stretch of the axis
        per_year |= {round((b[1] - a[1]) / (b[0] - a[0]), 1) for a, b in itertools.pairwise(inside)}
    assert len(per_year) <= 1, per_year  # and one scale for the whole axis
    assert sum(len([1 for _, x in d.ticks if s <= x - d.axes.x0 <= e]) for s, e in d.runs) == len(
        d.ticks
    )


def it_labels_the_samples_first_and_last_year_exactly(drawn: dict[str, Drawn]) -> None:
    years = [year for year, _ in drawn["sample"].ticks]
    assert years == [1996, 2019, 2026, 2027]
    assert len(drawn["sample"].runs) == 3  # 1997-2018 and 2020-2025 are left out


def it_keeps_events_a_month_apart_distinct_and_readable(drawn: dict[str, Drawn]) -> None:
    d = drawn["a-month-apart"]
    texts = [text for text, _ in d.labels]
    may = next(i for i, t in enumerate(texts) if t.startswith("May\xa02025:"))
    june = next(i for i, t in enumerate(texts) if t.startswith("Jun\xa02025:"))
    assert "…" not in texts[may] + texts[june]
    assert not d.labels[may][1].overlaps(d.labels[june][1])
    assert not d.markers[may].overlaps(d.markers[june])
    assert d.leaders[may] != d.leaders[june]
    # the sample's own visit and summit, a month and a half apart, too
    s = drawn["sample"]
    visit, summit = s.markers[2], s.markers[3]
    assert not visit.overlaps(summit)


# ------------------------------------------------------------------ the pieces, alone


def it_places_random_labels_clear_of_each_other_and_of_the_walls() -> None:
    rng = random.Random(7)
    for _ in range(20):
        xs = sorted(rng.uniform(10, 440) for _ in range(rng.randint(3, 40)))
        labels = [Label(x, rng.uniform(30, 140), rng.choice([11.0, 22.0, 33.0]), 11.0) for x in xs]
        wall = rng.uniform(200, 440)
        places = place_labels(labels, 0.0, 451.0, walls=[wall])
        for place, label in zip(places, labels, strict=True):
            assert place.x0 >= 0.0 and place.x1 <= 451.0 + 1e-6
            assert place.stem_x == label.x
            assert not place.x0 < wall < place.x1
        for a, b in itertools.combinations(places, 2):
            if a.side == b.side:
                apart_x = a.x1 + GAP_X <= b.x0 + 1e-6 or b.x1 + GAP_X <= a.x0 + 1e-6
                assert apart_x or a.y1 <= b.y0 or b.y1 <= a.y0


def it_cuts_long_empty_stretches_only_while_events_are_too_close() -> None:
    sample = [(1996.5, 1996.0, 1997.0), (2019.5, 2019.0, 2020.0), (2026.16, 2026.15, 2026.16)]
    sample += [(2026.29, 2026.25, 2026.33)]
    scale = time_scale(sample, 1996, 2027, 450.0, 30.0)
    assert [(s.first, s.last) for s in scale.segments] == [(1996, 1996), (2019, 2019), (2026, 2027)]
    assert scale.x(2026.29) - scale.x(2026.16) >= DISTINCT
    spread = [(y + 0.5, float(y), y + 1.0) for y in range(1996, 2027, 3)]
    assert len(time_scale(spread, 1996, 2027, 450.0, 30.0).segments) == 1
