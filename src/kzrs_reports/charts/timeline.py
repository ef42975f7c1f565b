"""The relationship timeline: milestones on a year axis, labels placed so none overlaps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kzrs_reports.charts.data import TimelineData, TimelineEvent, wrap_label
from kzrs_reports.charts.layout import OFFSET, Placed, place_labels
from kzrs_reports.charts.style import (
    WIDTH_IN,
    below_axes_pt,
    clean_axes,
    new_figure,
    text_size_pt,
    tint,
)
from kzrs_reports.templates.theme import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LABEL_WIDTH = 30
"""Milestone labels wrap at about this many characters..."""
LABEL_LINES = 4
"""...and are cut after this many lines (``DENSE_LINES`` when there are over ``DENSE`` events)."""
DENSE, DENSE_LINES = 20, 2
MARKER = 6.0  # marker diameter, points
_BASE = MARKER / 2 + 5.0  # from the axis line to the nearest label, points
_SIDE = 14.0  # points between the figure edge and the axes
_W = WIDTH_IN * 72


def draw_timeline(data: TimelineData, theme: Theme, labels: Mapping[str, str]) -> Figure:
    """The figure for ``data``; call inside the rc context."""
    c = theme.colours
    colours = {cat: theme.palette[i % len(theme.palette)] for i, cat in enumerate(data.categories)}
    span = data.last_year - data.first_year
    pad = max(0.5, span * 0.02)
    xmin = data.first_year - pad
    xmax = max([data.last_year + 0.5, data.brief_x, *(e.x for e in data.events)]) + pad
    ppy = (_W - 2 * _SIDE) / (xmax - xmin)  # points per year

    fig = new_figure(3.0)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    stems = _dodge([_SIDE + (e.x - xmin) * ppy for e in data.events], _SIDE, _W - _SIDE)
    lines = DENSE_LINES if len(data.events) > DENSE else LABEL_LINES
    texts = [_label(ax, e, theme, lines) for e in data.events]
    sizes = [text_size_pt(fig, t) for t in texts]
    places = place_labels(stems, sizes, 2.0, _W - 2.0)
    above = max((p.y1 for p in places if p.side == "above"), default=0.0)
    below = max((p.y1 for p in places if p.side == "below"), default=0.0)
    top_y, bottom_y = _BASE + above + 3.0, -(_BASE + below + 3.0)

    ax.set_xlim(xmin, xmax)
    ax.set_ylim(bottom_y, top_y)
    ax.set_xticks(_year_ticks(fig, ax, data.first_year, data.last_year, ppy, theme.sizes.table))
    ax.set_xlabel(labels["timeline_axis"], labelpad=4)
    ax.set_yticks([])
    clean_axes(ax, theme, "x")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    legend = _legend(fig, data, colours, theme, labels)

    axes_h = top_y - bottom_y
    _place(fig, ax, axes_h, 40.0)
    ticks_h = below_axes_pt(fig, ax, "x")
    legend_h = text_size_pt(fig, legend)[1]
    bottom = ticks_h + 6.0 + legend_h + 2.0
    fig.set_size_inches(WIDTH_IN, (axes_h + bottom + 2.0) / 72)
    _place(fig, ax, axes_h, bottom)
    legend.set_bbox_to_anchor((_W / 2 / 72, 2.0 / 72), transform=fig.dpi_scale_trans)

    if data.brief_x < xmax:
        # Above the labels' white backs, so shading runs on behind the text; a solid tint,
        # since svglib (which draws the SVG into the PDF) ignores opacity.
        ax.axvspan(data.brief_x, xmax, facecolor=tint(c.primary, 0.92), linewidth=0, zorder=1.5)
        ax.axvline(data.brief_x, color=c.muted, linewidth=0.6, linestyle=(0, (2, 2)), zorder=1.1)
    ax.axhline(0, color=c.muted, linewidth=1.0, zorder=1.7)
    for event, text, place in zip(data.events, texts, places, strict=True):
        x = xmin + (place.stem_x - _SIDE) / ppy
        # The text starts where its box does: at the stem, or (a label wider than the room
        # beside its stem) wherever the layout found it room.
        start = place.x0 + OFFSET if place.anchor == "left" else place.x1 - OFFSET
        text_x = xmin + (start - _SIDE) / ppy
        _draw_event(ax, event, text, place, x, text_x, colours[event.category], theme)
        _white_back(fig, ax, text)
    return fig


def _white_back(fig: Figure, ax: Any, text: Any) -> None:
    """A white patch behind ``text`` (in data units), hiding grid lines but not shading."""
    from matplotlib.patches import Rectangle

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = text.get_window_extent(renderer).padded(fig.dpi / 72)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(box.get_points())
    ax.add_patch(
        Rectangle(
            (x0, y0), x1 - x0, y1 - y0, facecolor="white", linewidth=0, zorder=1.2, clip_on=False
        )
    )


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
    event: TimelineEvent,
    text: Any,
    place: Placed,
    x: float,
    text_x: float,
    colour: str,
    theme: Theme,
) -> None:
    sign = 1 if place.side == "above" else -1
    y_label = sign * (_BASE + place.y0)
    text.set_position((text_x, y_label))
    text.set_horizontalalignment(place.anchor)
    text.set_verticalalignment("bottom" if sign > 0 else "top")
    ax.plot(
        [x, x],
        [sign * MARKER / 2, y_label],
        color=theme.colours.muted,
        linewidth=0.6,
        linestyle=(0, (2, 1.5)) if event.planned else "-",
        zorder=1.15,
        solid_capstyle="butt",
    )
    ax.plot(
        [x],
        [0],
        marker="o",
        markersize=MARKER,
        zorder=3,
        linestyle="none",
        markerfacecolor="white" if event.planned else colour,
        markeredgecolor=colour if event.planned else "white",
        markeredgewidth=1.3 if event.planned else 0.6,
    )


def _dodge(xs: list[float], lo: float, hi: float) -> list[float]:
    """Spread markers that would sit on one another (same year) just far enough apart,
    keeping each group within ``lo``..``hi`` (forty on one day at the axis's end included)."""
    out: list[float] = []
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] - xs[j] < MARKER:
            j += 1
        centre = (xs[i] + xs[j]) / 2
        step = min(MARKER + 0.5, (hi - lo) / max(1, j - i))
        group = [centre + (k - i - (j - i) / 2) * step for k in range(i, j + 1)]
        shift = max(0.0, lo - group[0]) - max(0.0, group[-1] - hi)
        out.extend(x + shift for x in group)
        i = j + 1
    return out


def _year_ticks(fig: Figure, ax: Any, first: int, last: int, ppy: float, size: float) -> list[int]:
    """Round-number years every 1, 2, 5, 10… years, always with the first and the last."""
    probe = ax.text(0, 0, "8888", fontsize=size)
    width = text_size_pt(fig, probe)[0]
    probe.remove()
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if s * ppy >= 2.2 * width), 200)
    near = (width + 8.0) / ppy
    middle = range((first // step + 1) * step, last, step)
    ticks = [first, *(y for y in middle if y - first >= near and last - y >= near), last]
    return sorted(set(ticks))


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
    ax.set_position((_SIDE / w, bottom / h, (_W - 2 * _SIDE) / w, axes_h / h))
