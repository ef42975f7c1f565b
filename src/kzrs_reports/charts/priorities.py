"""The sector priorities chart: one horizontal bar per sector, highest priority at the top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kzrs_reports.charts.data import PriorityBar, wrap_label
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

NAME_WIDTH = 28
"""Sector names wrap at about this many characters."""
MAX_PRIORITY = 5
_RIGHT = 18.0  # points kept right of the axes for the value labels


def draw_priorities(bars: Sequence[PriorityBar], theme: Theme, labels: Mapping[str, str]) -> Figure:
    """The figure for ``bars`` (already sorted, highest first); call inside the rc context."""
    from matplotlib.patches import Patch

    c = theme.colours
    fs = theme.sizes.table
    styles: dict[str, dict[str, Any]] = {
        "stated": {"facecolor": c.primary, "edgecolor": c.primary, "linewidth": 0.0},
        "assessed": {"facecolor": tint(c.primary, 0.8), "edgecolor": c.primary, "linewidth": 0.9},
    }
    fig = new_figure(3.0)
    names = [wrap_label(b.name, NAME_WIDTH, 3) for b in bars]
    probes = [fig.text(0, 0, n, fontsize=fs, linespacing=1.15) for n in names]
    row_h = max(20.0, max(text_size_pt(fig, t)[1] for t in probes) + 8.0)
    for t in probes:
        t.remove()

    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    n = len(bars)
    ys = [n - 1 - i for i in range(n)]
    for y, bar in zip(ys, bars, strict=True):
        ax.barh(y, bar.priority, height=0.62, zorder=2, **styles[bar.basis])
        ax.text(
            bar.priority + 0.07,
            y,
            str(bar.priority),
            va="center",
            ha="left",
            fontsize=fs,
            color=c.text,
            clip_on=False,
        )
    clean_axes(ax, theme, "x")
    ax.set_yticks(ys, names, linespacing=1.15)
    ax.tick_params(axis="y", length=0, pad=6)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, MAX_PRIORITY)
    ax.set_xticks(range(MAX_PRIORITY + 1))
    ax.set_xlabel(labels["priority_axis"], labelpad=5)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_color(c.muted)

    kinds = [k for k in ("stated", "assessed") if any(b.basis == k for b in bars)]
    handles = [Patch(label=labels[k], **styles[k]) for k in kinds]
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        ncols=len(handles),
        handlelength=1.6,
        handleheight=0.9,
        columnspacing=1.6,
        borderaxespad=0,
        borderpad=0,
    )
    if text_size_pt(fig, legend)[0] > WIDTH_IN * 72 - 8:
        legend.remove()
        legend = fig.legend(
            handles=handles,
            loc="upper left",
            ncols=1,
            handlelength=1.6,
            handleheight=0.9,
            borderaxespad=0,
            borderpad=0,
        )
    legend_h = text_size_pt(fig, legend)[1]

    axes_h = n * row_h
    _place(fig, ax, 200.0, 40.0, 100.0, axes_h)
    below = below_axes_pt(fig, ax, "x")
    left = below_axes_pt(fig, ax, "y") + 2.0
    width = WIDTH_IN * 72 - left - _RIGHT
    top = legend_h + 12.0
    bottom = below + 4.0
    height = top + axes_h + bottom
    fig.set_size_inches(WIDTH_IN, height / 72)
    _place(fig, ax, left, bottom, width, axes_h)
    legend.set_bbox_to_anchor((1 / 72, (height - 2) / 72), transform=fig.dpi_scale_trans)
    return fig


def _place(
    fig: Figure, ax: object, left: float, bottom: float, width: float, height: float
) -> None:
    """Put ``ax`` at a position given in points from the figure's lower left corner."""
    w, h = (v * 72 for v in fig.get_size_inches())
    ax.set_position((left / w, bottom / h, width / w, height / h))  # type: ignore[attr-defined]
