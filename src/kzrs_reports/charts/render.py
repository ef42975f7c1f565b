"""Render a visit's charts, atomically and repeatably, as three files: an SVG with its text
kept as text in the theme's font (the PDF draws it with that font embedded), an SVG with its
text drawn as outlines (Word shows it, needing no font) and a PNG at print resolution (what
Word shows where it cannot read SVG).

A chart whose files on disk were drawn from the same data, labels and style (see
:mod:`kzrs_reports.charts.cache`) is reused as it is, and matplotlib is not even imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzrs_reports.charts.cache import Sidecar, chart_key, reusable, sidecar_path, write_sidecar
from kzrs_reports.charts.data import priorities_data, timeline_data
from kzrs_reports.charts.style import DPI, chart_style, png_dpi
from kzrs_reports.core.files import atomic_path
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates.theme import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ChartFiles:
    """One rendered chart: its name, its three files and its height divided by its width."""

    name: str
    svg: Path
    """The SVG with its text as text in the theme's sans font (for the PDF)."""
    outlined: Path
    """The SVG with its text as outlines, drawn the same (for Word, which has no font to give)."""
    png: Path
    """The PNG, :func:`~kzrs_reports.charts.style.png_dpi` dots per inch (Word's fallback)."""
    aspect: float
    reused: bool = False
    """True when the files on disk already held this chart and it was not drawn again."""

    @property
    def files(self) -> tuple[Path, Path, Path]:
        """The chart's image files: the SVG, the outlined SVG and the PNG."""
        return self.svg, self.outlined, self.png


@dataclass(frozen=True)
class ChartKind:
    """One kind of chart: what it plots from a visit, which labels it prints, how it draws."""

    has_data: Callable[[VisitFile], bool]
    data: Callable[[VisitFile], Any]
    labels: tuple[str, ...]
    """The keys of the ``chart:`` labels it prints; it is given these and no others."""
    drawer: tuple[str, str]
    """The module and function that draw it: imported only when a chart must be drawn, so a
    build that reuses every chart never loads the drawing code."""

    def draw(self, data: Any, theme: Theme, labels: Mapping[str, str]) -> Figure:
        """The chart's figure for ``data`` in ``theme``, printing ``labels``."""
        module, function = self.drawer
        draw: Callable[[Any, Theme, Mapping[str, str]], Figure]
        draw = getattr(import_module(module), function)
        return draw(data, theme, labels)


CHARTS: dict[str, ChartKind] = {
    "priorities": ChartKind(
        has_data=lambda visit: bool(visit.sectors),
        data=priorities_data,
        labels=("priority_axis", "stated", "assessed"),
        drawer=("kzrs_reports.charts.priorities", "draw_priorities"),
    ),
    "timeline": ChartKind(
        has_data=lambda visit: bool(visit.relations.milestones),
        data=timeline_data,
        labels=("timeline_axis", "planned"),
        drawer=("kzrs_reports.charts.timeline", "draw_timeline"),
    ),
}
"""Every chart a brief can have, in the order they are drawn."""


@dataclass(frozen=True)
class _Plan:
    name: str
    data: Any
    labels: dict[str, str]
    key: str
    svg: Path
    outlined: Path
    png: Path
    png_dpi: int


def render_charts(
    visit: VisitFile,
    theme: Theme,
    labels: Mapping[str, str],
    charts_dir: Path,
    only: Collection[str] | None = None,
) -> dict[str, ChartFiles]:
    """Draw the visit's charts into ``charts_dir`` and say where they are.

    Keys are ``priorities`` (left out when the visit has no sectors) and ``timeline`` (left
    out when it has no milestones). ``labels`` is the ``chart:`` part of ``labels.yaml``.
    The same data, theme and labels always give byte-identical files. A chart already in
    ``charts_dir`` for the same data, labels and style is reused (``reused`` is true) without
    drawing; matplotlib is imported only when a chart has to be drawn. ``only`` limits the
    charts to those named (a document that shows none draws none).
    """
    names = [n for n in chart_names(visit) if only is None or n in only]
    if not names:
        return {}
    plans = [_plan(name, visit, theme, labels, charts_dir) for name in names]
    charts: dict[str, ChartFiles] = {}
    to_draw: list[_Plan] = []
    for plan in plans:
        sidecar = reusable(plan.svg, plan.outlined, plan.png, plan.key)
        if sidecar is None:
            to_draw.append(plan)
        else:
            charts[plan.name] = ChartFiles(
                plan.name, plan.svg, plan.outlined, plan.png, sidecar.aspect, reused=True
            )
    if to_draw:
        with chart_style(theme):
            for plan in to_draw:
                fig = CHARTS[plan.name].draw(plan.data, theme, plan.labels)
                charts[plan.name] = _save(fig, plan)
    return {plan.name: charts[plan.name] for plan in plans}


def chart_names(visit: VisitFile) -> list[str]:
    """The charts ``visit`` has data for: ``priorities`` needs sectors, ``timeline`` milestones."""
    return [name for name, kind in CHARTS.items() if kind.has_data(visit)]


def draw_charts(visit: VisitFile, theme: Theme, labels: Mapping[str, str]) -> dict[str, Figure]:
    """The visit's chart figures, not yet saved; call inside :func:`chart_style`."""
    return {
        name: CHARTS[name].draw(CHARTS[name].data(visit), theme, chart_labels(name, labels))
        for name in chart_names(visit)
    }


def chart_labels(name: str, labels: Mapping[str, str]) -> dict[str, str]:
    """The labels chart ``name`` prints, taken from ``labels`` (the ``chart:`` labels).

    Raises :class:`kzrs_reports.core.errors.TemplateError` naming any that are missing.
    """
    wanted = CHARTS[name].labels
    if not isinstance(labels, Mapping):  # `chart: 5` in a labels.yaml
        labels = {}
    missing = [k for k in wanted if not isinstance(labels.get(k), str)]
    if missing:
        from kzrs_reports.core.errors import TemplateError

        raise TemplateError(f"labels.yaml: chart: missing labels: {', '.join(missing)}")
    return {k: labels[k] for k in wanted}


def _plan(
    name: str, visit: VisitFile, theme: Theme, labels: Mapping[str, str], charts_dir: Path
) -> _Plan:
    data = CHARTS[name].data(visit)
    own = chart_labels(name, labels)
    stem = f"{visit.brief.id}-{name}"
    return _Plan(
        name=name,
        data=data,
        labels=own,
        key=chart_key(name, data, own, theme),
        svg=charts_dir / f"{stem}.svg",
        outlined=charts_dir / f"{stem}-outlined.svg",
        png=charts_dir / f"{stem}.png",
        png_dpi=png_dpi(theme),
    )


def _save(fig: Figure, plan: _Plan) -> ChartFiles:
    """Write the three images, then the sidecar that vouches for them (last, so never stale)."""
    import matplotlib

    svg = _write(fig, plan.svg, "svg", DPI, {"Date": None})
    # Word draws an SVG's text in the fonts installed on the reader's machine, which may lack
    # the theme's: outlines look the same everywhere. All else is drawn as in the PDF's SVG.
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        outlined = _write(fig, plan.outlined, "svg", DPI, {"Date": None})
    png = _write(fig, plan.png, "png", plan.png_dpi, {"Software": None})
    width, height = fig.get_size_inches()
    aspect = float(height / width)
    write_sidecar(sidecar_path(plan.svg), Sidecar(plan.key, aspect, svg, outlined, png))
    return ChartFiles(plan.name, plan.svg, plan.outlined, plan.png, aspect)


def _write(fig: Figure, path: Path, fmt: str, dpi: int, metadata: dict[str, None]) -> str:
    """Save ``fig`` to a temporary file beside ``path``, move it into place; its SHA-256."""
    with atomic_path(path) as temp:
        with temp.open("wb") as out:
            fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
        digest = hashlib.sha256(temp.read_bytes()).hexdigest()
    return digest
