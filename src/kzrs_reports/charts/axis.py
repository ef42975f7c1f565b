"""The timeline's axis line, grid and planned band, drawn on axes whose units are points.

The line runs along each segment of the :class:`~kzrs_reports.charts.scale.TimeScale`, with a
short tick at the start of every year (and at every month, in a segment that holds a date
with its month, where a month is wide enough to show), and stops at each break, which is
marked by two slanted strokes, as a broken axis is in print. Faint grid lines run the
chart's height at the start of every year (the year labels at the foot stand between them,
like a calendar's), behind the labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kzrs_reports.charts.scale import TimeScale
from kzrs_reports.charts.style import tint
from kzrs_reports.templates.theme import Theme

MONTHS_FROM = 60.0
"""Points a year must have before its months get ticks of their own."""
YEAR_TICK, MONTH_TICK = 3.0, 1.5
"""Half the length of a year's tick and of a month's, in points."""
STROKE = 2.5
"""Half the distance between the two strokes of a break, in points."""
GRID_TINT = 0.45
"""How pale the grid lines are: the rule colour this far towards white."""
BAND_TINT = 0.92
"""How pale the planned band is: the primary colour this far towards white."""
Z_BAND, Z_GRID, Z_LINE = 0.3, 0.5, 1.7
"""The band and the grid lie under the leaders (0.9) and the labels' backs (1.0); the axis
line over them."""


def draw_axis(ax: Any, scale: TimeScale, theme: Theme, monthly: Sequence[float] = ()) -> None:
    """The axis line of ``scale`` on ``ax``: segments, year and month ticks, breaks.

    ``monthly`` are the year fractions of the dates that name a month: only segments holding
    one of them get month ticks.
    """
    from matplotlib.collections import LineCollection

    muted = theme.colours.muted
    breaks = scale.breaks
    runs: list[list[tuple[float, float]]] = []
    ticks: list[list[tuple[float, float]]] = []
    for index, segment in enumerate(scale.segments):
        start = breaks[index - 1] + STROKE if index else 0.0
        end = breaks[index] - STROKE if index < len(breaks) else scale.width
        runs.append([(start, 0.0), (end, 0.0)])
        months = scale.per_year >= MONTHS_FROM and any(segment.holds(d) for d in monthly)
        for year in range(segment.first, segment.last + 2):
            x = segment.x(year)
            ticks.append([(x, -YEAR_TICK), (x, YEAR_TICK)])
            if months and year <= segment.last:
                for month in range(1, 12):
                    xm = segment.x(year + month / 12)
                    ticks.append([(xm, -MONTH_TICK), (xm, MONTH_TICK)])
    strokes = [[(x + d - 1.5, -4.0), (x + d + 1.5, 4.0)] for x in breaks for d in (-STROKE, STROKE)]
    line = LineCollection(runs, colors=muted, linewidths=1.0, zorder=Z_LINE, gid="timeline-axis")
    ax.add_collection(line)
    ax.add_collection(LineCollection(ticks, colors=muted, linewidths=0.5, zorder=Z_LINE))
    ax.add_collection(
        LineCollection(strokes, colors=muted, linewidths=0.8, zorder=Z_LINE, gid="timeline-breaks")
    )


def draw_grid(ax: Any, scale: TimeScale, heights: tuple[float, float], theme: Theme) -> None:
    """A faint line up the chart at the start and the end of every year on the axis."""
    from matplotlib.collections import LineCollection

    bottom, top = heights
    xs = [s.x(year) for s in scale.segments for year in range(s.first, s.last + 2)]
    lines = [[(x, bottom), (x, top)] for x in xs]
    colour = tint(theme.colours.rule, GRID_TINT)
    ax.add_collection(LineCollection(lines, colors=colour, linewidths=0.5, zorder=Z_GRID))


def draw_band(
    ax: Any, start: float, end: float, heights: tuple[float, float], theme: Theme
) -> None:
    """The planned band from ``start`` to ``end`` points over the axes' full height, and a
    dotted line at its start (the brief's date); a solid tint, since svglib, which draws the
    SVG into the PDF, ignores opacity."""
    from matplotlib.patches import Rectangle

    c = theme.colours
    bottom, top = heights
    band = Rectangle(
        (start, bottom),
        end - start,
        top - bottom,
        facecolor=tint(c.primary, BAND_TINT),
        linewidth=0,
        zorder=Z_BAND,
        gid="timeline-planned",
    )
    ax.add_patch(band)
    ax.plot(
        [start, start],
        [bottom, top],
        color=c.muted,
        linewidth=0.6,
        linestyle=(0, (2, 2)),
        zorder=Z_BAND + 0.05,
    )
