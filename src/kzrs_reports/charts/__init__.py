"""Charts for a brief: sector priorities and the relationship's timeline.

``render_charts`` writes each chart as SVG (the PDF draws it as vectors, text kept as text),
as SVG with its text as outlines (for Word) and as a 300-dpi PNG (Word's fallback).
matplotlib is imported only when charts are drawn, so importing this package is cheap.
"""

from kzrs_reports.charts.data import (
    PriorityBar,
    TimelineData,
    TimelineEvent,
    priorities_data,
    timeline_data,
)
from kzrs_reports.charts.render import ChartFiles, chart_names, render_charts

__all__ = [
    "ChartFiles",
    "PriorityBar",
    "TimelineData",
    "TimelineEvent",
    "chart_names",
    "priorities_data",
    "render_charts",
    "timeline_data",
]
