"""The relationship timeline: milestones on a year axis, every label joined to its marker.

The axis leaves out long empty stretches of years behind a break (:mod:`.scale`), so that
events a month apart keep apart; labels are placed in lanes above and below the axis line
(:mod:`.layout`), each joined to its marker by a leader, none over another label, a marker,
the planned band's edge or the chart's edge. Year labels stand under the chart between faint
year lines (:mod:`.axis`). Every drawing is done in points: the axes' data units are points
along the axis and from the axis line.

Each label, leader and marker carries a ``gid`` (``timeline-label-3``, ``timeline-leader-3``,
``timeline-marker-3`` for the fourth event; ``timeline-planned`` for the band,
``timeline-axis`` and ``timeline-breaks`` for the line), so tests can check the drawn
geometry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kzrs_reports.charts.axis import BAND_TINT, draw_axis, draw_band, draw_grid
from kzrs_reports.charts.data import TimelineData, TimelineEvent, wrap_label
from kzrs_reports.charts.layout import place_labels
from kzrs_reports.charts.leaders import Label, Placed
from kzrs_reports.charts.scale import TimeScale, time_scale
from kzrs_reports.charts.style import WIDTH_IN, below_axes_pt, new_figure, text_size_pt, tint
from kzrs_reports.templates.theme import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LABEL_WIDTH = 30
"""Milestone labels wrap at about this many characters..."""
LABEL_LINES = 4
"""...and are cut after this many lines (``DENSE_LINES`` when there are over ``DENSE`` events)."""
DENSE, DENSE_LINES = 20, 2
MARKER = 6.0
"""Marker diameter, points."""
SIDE = 2.0
"""Points between the figure's edge and the axes (labels stay inside the axes)."""
_W = WIDTH_IN * 72


def draw_timeline(data: TimelineData, theme: Theme, labels: Mapping[str, str]) -> Figure:
    """The figure for ``data``; call inside the rc context."""
    c = theme.colours
    colours = {cat: theme.palette[i % len(theme.palette)] for i, cat in enumerate(data.categories)}
    fig = new_figure(3.0)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    width = _W - 2 * SIDE
    year_w = _text_size(fig, ax, "8888", theme.sizes.table)[0]
    dates = [(e.x, e.start, e.end) for e in data.events]
    scale = time_scale(dates, data.first_year, data.last_year, width, year_w + 8.0)
    xs = spread_markers(data.events, scale)
    lines = DENSE_LINES if len(data.events) > DENSE else LABEL_LINES
    texts = [_label(ax, e, theme, lines) for e in data.events]
    line = _text_size(fig, ax, "Ag", theme.sizes.small)[1]
    boxes = [Label(x, *text_size_pt(fig, t), line=line) for x, t in zip(xs, texts, strict=True)]
    band = scale.x(data.brief_x)
    places = place_labels(boxes, 0.0, width, walls=[band])
    above = max((p.y1 for p in places if p.side == "above"), default=0.0)
    below = max((p.y1 for p in places if p.side == "below"), default=0.0)
    top_y, bottom_y = above + 4.0, -(below + 4.0)

    ax.set_xlim(0, width)
    ax.set_ylim(bottom_y, top_y)
    ax.set_xticks([y.x for y in scale.labels], [str(y.year) for y in scale.labels])
    ax.set_yticks([])
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0, pad=5)
    ax.set_xlabel(labels["timeline_axis"], labelpad=4)
    legend = _legend(fig, data, colours, theme, labels)

    axes_h = top_y - bottom_y
    _place(fig, ax, axes_h, 40.0)
    bottom = below_axes_pt(fig, ax, "x") + 6.0 + text_size_pt(fig, legend)[1] + 2.0
    fig.set_size_inches(WIDTH_IN, (axes_h + bottom + 2.0) / 72)
    _place(fig, ax, axes_h, bottom)
    legend.set_bbox_to_anchor((_W / 2 / 72, 2.0 / 72), transform=fig.dpi_scale_trans)

    draw_band(ax, band, width, (bottom_y, top_y), theme)
    draw_grid(ax, scale, (bottom_y, top_y), theme)
    draw_axis(ax, scale, theme, [e.x for e in data.events if e.date.month is not None])
    band_fill = tint(c.primary, BAND_TINT)
    for index, (event, text, place) in enumerate(zip(data.events, texts, places, strict=True)):
        back = band_fill if place.x0 >= band else "white"
        _draw_event(ax, index, event, text, place, colours[event.category], back, theme)
    return fig


def spread_markers(events: tuple[TimelineEvent, ...], scale: TimeScale) -> list[float]:
    """Each event's marker position, in points: where its date falls, except that markers
    that would sit on one another move apart, each only within the span its date names (two
    events dated 2005 may stand side by side in 2005; forty on one day stay on that day)."""
    spans = [(scale.x(e.start), scale.segment_of(e.start).x(e.end)) for e in events]
    xs = [scale.x(e.x) for e in events]
    out: list[float] = []
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] - xs[j] < MARKER:
            j += 1
        centre = (xs[i] + xs[j]) / 2
        for k in range(i, j + 1):
            want = centre + (k - i - (j - i) / 2) * (MARKER + 0.5)
            lo, hi = spans[k]
            out.append(
                min(max(want, lo + MARKER / 2), hi - MARKER / 2) if hi - lo > MARKER else xs[k]
            )
        i = j + 1
    return out


def _text_size(fig: Figure, ax: Any, text: str, size: float) -> tuple[float, float]:
    """Width and height in points of one line of ``text`` at ``size``."""
    probe = ax.text(0, 0, text, fontsize=size, linespacing=1.15)
    measured = text_size_pt(fig, probe)
    probe.remove()
    return measured


def _label(ax: Any, event: TimelineEvent, theme: Theme, lines: int) -> Any:
    text = wrap_label(f"{event.when}: {event.title}", LABEL_WIDTH, lines)
    return ax.text(
        0,
        0,
        text,
        fontsize=theme.sizes.small,
        linespacing=1.15,
        color=theme.colours.text,
        style="italic" if event.planned else "normal",
        zorder=4,
        clip_on=False,
    )


def _draw_event(
    ax: Any,
    index: int,
    event: TimelineEvent,
    text: Any,
    place: Placed,
    colour: str,
    back: str,
    theme: Theme,
) -> None:
    """The label where its place says, on a patch of ``back``; its leader; its marker."""
    from matplotlib.patches import Rectangle

    sign = 1 if place.side == "above" else -1
    text.set_position((place.x0, sign * place.y0))
    text.set_horizontalalignment("left")
    text.set_multialignment("right" if place.end_x > place.x1 else "left")
    text.set_verticalalignment("bottom" if sign > 0 else "top")
    text.set_gid(f"timeline-label-{index}")
    y0, y1 = sorted((sign * (place.y0 - 1.0), sign * (place.y1 + 1.0)))
    back_patch = Rectangle(
        (place.x0 - 1.0, y0), place.x1 - place.x0 + 2.0, y1 - y0, facecolor=back, linewidth=0
    )
    back_patch.set_zorder(1.0)
    ax.add_patch(back_patch)
    path_x = [place.stem_x, place.stem_x, place.end_x]
    path_y = [sign * MARKER / 2, sign * place.turn, sign * place.turn]
    ax.plot(
        path_x if place.moved else path_x[:2],
        path_y if place.moved else path_y[:2],
        color=theme.colours.muted,
        linewidth=0.6,
        linestyle=(0, (2, 1.5)) if event.planned else "-",
        zorder=0.9,  # under the labels' backs: a leader may pass behind another label
        solid_capstyle="butt",
        gid=f"timeline-leader-{index}",
    )
    ax.plot(
        [place.stem_x],
        [0],
        marker="o",
        markersize=MARKER,
        zorder=3,
        linestyle="none",
        markerfacecolor="white" if event.planned else colour,
        markeredgecolor=colour if event.planned else "white",
        markeredgewidth=1.3 if event.planned else 0.6,
        gid=f"timeline-marker-{index}",
    )


def _legend(
    fig: Figure,
    data: TimelineData,
    colours: dict[str, str],
    theme: Theme,
    labels: Mapping[str, str],
) -> Any:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=MARKER,
            markerfacecolor=colours[cat],
            markeredgecolor="white",
            markeredgewidth=0.6,
            label=_capital(cat),
        )
        for cat in data.categories
    ]
    if any(e.planned for e in data.events):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=MARKER,
                markerfacecolor="white",
                markeredgecolor=theme.colours.muted,
                markeredgewidth=1.3,
                label=_capital(labels["planned"]),
            )
        )
    for ncols in range(len(handles), 0, -1):
        legend = fig.legend(
            handles=handles,
            loc="lower center",
            ncols=ncols,
            handletextpad=0.3,
            columnspacing=1.4,
            borderaxespad=0,
            borderpad=0,
            handlelength=1.0,
        )
        if text_size_pt(fig, legend)[0] <= _W - 4 or ncols == 1:
            return legend
        legend.remove()
    raise AssertionError("unreachable")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _place(fig: Figure, ax: Any, axes_h: float, bottom: float) -> None:
    w, h = (v * 72 for v in fig.get_size_inches())
    ax.set_position((SIDE / w, bottom / h, (_W - 2 * SIDE) / w, axes_h / h))
