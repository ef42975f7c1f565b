"""The charts' house style: fonts, rc settings, sizes and colours taken from the theme.

Importing this module does not import matplotlib; the functions that need it import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil
from typing import TYPE_CHECKING, Any

from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.templates.theme import FontStyle, Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 220
"""The resolution charts are laid out at (text is measured in pixels of this size)."""
PRINT_DPI = 300
"""The least resolution of the PNG Word falls back on, at the widest it can be placed."""
WIDTH_IN = 16 / 2.54
"""Figure width: the text width of an A4 page with margins of about 2.3 cm."""
PT = 1 / 72
"""One point, in inches."""

SANS_STYLES: tuple[FontStyle, ...] = ("regular", "bold", "italic", "bold_italic")


def png_dpi(theme: Theme) -> int:
    """The PNG's resolution for ``theme``: :data:`PRINT_DPI` or more at the page's full text
    width, the widest a figure is placed (a chart is :data:`WIDTH_IN` wide, and a text area
    wider than that enlarges it)."""
    text_width_in = PageGeometry.of(theme).text_width_mm / 25.4
    return ceil(PRINT_DPI * max(1.0, text_width_in / WIDTH_IN) - 1e-9)


@contextmanager
def chart_style(theme: Theme) -> Iterator[None]:
    """Within this block matplotlib draws in the theme's style (Agg, fonts, rc settings).

    The style starts from matplotlib's built-in defaults, not from a ``matplotlibrc`` the
    user may have, so a chart looks (and is byte for byte) the same on every machine.
    """
    import matplotlib

    matplotlib.use("Agg")
    use_theme_fonts(theme)
    rc: Any = rc_params(theme)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(rc)
        yield


def use_theme_fonts(theme: Theme) -> None:
    """Make the theme's sans font files the only faces of its family matplotlib knows.

    A system-wide install of the same family (another version of Noto Sans, say) would
    otherwise be found first, and the charts would depend on the machine's fonts.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    family = theme.fonts.sans.family
    ours = {str(theme.font_path("sans", style)) for style in SANS_STYLES}
    known = {f.fname for f in manager.ttflist if f.name == family}
    if known == ours:
        return
    manager.ttflist = [f for f in manager.ttflist if f.name != family and f.fname not in ours]
    for path in sorted(ours):
        manager.addfont(path)  # also clears matplotlib's font lookup cache


def rc_params(theme: Theme) -> dict[str, Any]:
    """rc settings for one chart: text stays text in SVG, no mathtext, stable output."""
    c = theme.colours
    return {
        "font.family": [theme.fonts.sans.family],
        "font.size": theme.sizes.table,
        "text.color": c.text,
        "text.parse_math": False,
        "text.usetex": False,
        "axes.labelcolor": c.text,
        "axes.edgecolor": c.rule,
        "axes.linewidth": 0.8,
        "axes.labelsize": theme.sizes.caption,
        "axes.unicode_minus": False,
        "xtick.color": c.muted,
        "ytick.color": c.muted,
        "xtick.labelcolor": c.text,
        "ytick.labelcolor": c.text,
        "xtick.labelsize": theme.sizes.table,
        "ytick.labelsize": theme.sizes.table,
        "legend.fontsize": theme.sizes.table,
        "legend.frameon": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "kzrs-reports",
        "svg.id": None,
        "path.simplify": False,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "savefig.facecolor": "white",
    }


def clean_axes(ax: Any, theme: Theme, grid_axis: str) -> None:
    """Print style: no top or right spine, a light grid on the value axis behind the data."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)
    # Solid colours only: svglib, which draws the SVG into the PDF, ignores opacity.
    ax.grid(True, axis=grid_axis, color=tint(theme.colours.rule, 0.3), linewidth=0.5)
    ax.tick_params(length=3, width=0.6)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0 keeps it, 1 gives white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(v + (255 - v) * amount) for v in rgb]
    return "#" + "".join(f"{v:02x}" for v in mixed)


def new_figure(height_in: float) -> Figure:
    """A figure of the chart width and ``height_in`` with an Agg canvas (no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def below_axes_pt(fig: Figure, ax: Any, axis: str = "x") -> float:
    """How far, in points, the x axis's ticks and label reach below (y: left of) the axes."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = getattr(ax, f"{axis}axis").get_tightbbox(renderer)
    if box is None:
        return 0.0
    gap = ax.bbox.y0 - box.y0 if axis == "x" else ax.bbox.x0 - box.x0
    return float(gap) * 72 / fig.dpi


def text_size_pt(fig: Figure, artist: Any) -> tuple[float, float]:
    """Width and height, in points, of ``artist`` as the renderer draws it."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = artist.get_window_extent(renderer)
    scale = 72 / fig.dpi
    return float(box.width) * scale, float(box.height) * scale
