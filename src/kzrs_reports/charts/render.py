"""Render a visit's charts to SVG (for the PDF) and PNG (for Word), atomically and repeatably."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.charts.data import priorities_data, timeline_data
from kzrs_reports.charts.style import DPI, chart_style
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates.theme import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ChartFiles:
    """One rendered chart: its name, its two files and its height divided by its width."""

    name: str
    svg: Path
    png: Path
    aspect: float


def render_charts(
    visit: VisitFile, theme: Theme, labels: Mapping[str, str], charts_dir: Path
) -> dict[str, ChartFiles]:
    """Draw the visit's charts into ``charts_dir`` and say where they are.

    Keys are ``priorities`` (left out when the visit has no sectors) and ``timeline`` (left
    out when it has no milestones). ``labels`` is the ``chart:`` part of ``labels.yaml``.
    The same data, theme and labels always give byte-identical files.
    """
    charts_dir.mkdir(parents=True, exist_ok=True)
    with chart_style(theme):
        return {
            name: _save(fig, name, visit.brief.id, charts_dir)
            for name, fig in draw_charts(visit, theme, labels).items()
        }


def chart_names(visit: VisitFile) -> list[str]:
    """The charts ``visit`` has data for: ``priorities`` needs sectors, ``timeline`` milestones."""
    present = {"priorities": bool(visit.sectors), "timeline": bool(visit.relations.milestones)}
    return [name for name, has_data in present.items() if has_data]


def draw_charts(visit: VisitFile, theme: Theme, labels: Mapping[str, str]) -> dict[str, Figure]:
    """The visit's chart figures, not yet saved; call inside :func:`chart_style`."""
    from kzrs_reports.charts.priorities import draw_priorities
    from kzrs_reports.charts.timeline import draw_timeline

    figures: dict[str, Figure] = {}
    names = chart_names(visit)
    if "priorities" in names:
        figures["priorities"] = draw_priorities(priorities_data(visit), theme, labels)
    if "timeline" in names:
        figures["timeline"] = draw_timeline(timeline_data(visit), theme, labels)
    return figures


def _save(fig: Figure, name: str, brief_id: str, charts_dir: Path) -> ChartFiles:
    svg = charts_dir / f"{brief_id}-{name}.svg"
    png = charts_dir / f"{brief_id}-{name}.png"
    _write(fig, svg, "svg", {"Date": None})
    _write(fig, png, "png", {"Software": None})
    width, height = fig.get_size_inches()
    return ChartFiles(name=name, svg=svg, png=png, aspect=float(height / width))


def _write(fig: Figure, path: Path, fmt: str, metadata: dict[str, None]) -> None:
    """Save ``fig`` to a temporary file beside ``path``, then move it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            fig.savefig(out, format=fmt, dpi=DPI, metadata=metadata)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
