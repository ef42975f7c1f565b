"""Time a build of the sample, whole and stage by stage. Run by hand; prints figures.

    python bench/build_sample.py [DATA_FILE] [--runs N] [--json]

Timings vary with what else the machine is doing: compare figures from the same run. With
``--json`` it prints one JSON object instead (``{"whole": s, "stages": {name: s}}``), which
``bench/growth.py`` reads.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = (
    "load and validate",
    "render template",
    "draw charts",
    "parse Markdown",
    "write PDF",
    "write DOCX",
)
"""The stages of a build, in the order they run."""
LAYOUT = "timeline labels"
"""Part of drawing the charts, timed on its own: placing the timeline's labels, a search that
weighs every label against the others (so it grows faster than the number of events)."""


def timed(
    runs: int, action: Callable[[], Any], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls of ``action`` by ``clock``, and its last result.

    Garbage is collected before each call, so no call pays for an earlier one's.
    """
    seconds, result = [], None
    for _ in range(runs):
        gc.collect()
        start = clock()
        result = action()
        seconds.append(clock() - start)
    return statistics.median(seconds), result


def whole_build(data: Path, runs: int, work: Path) -> float:
    """Median seconds of ``build`` of ``data`` as a new process into empty folders."""
    out = work / "whole"

    def once() -> None:
        shutil.rmtree(out, ignore_errors=True)  # else every run after the first is up to date
        command = [sys.executable, "-m", "kzrs_reports", "build", str(data), "--out", str(out)]
        subprocess.run([*command, "--charts-dir", str(out)], check=True, capture_output=True)

    return timed(runs, once)[0]


def stage_timings(data: Path, runs: int, work: Path) -> dict[str, float]:
    """Median CPU seconds of each of :data:`STAGES` for ``data``, in this process, warm (each
    stage run once first: imports, font registration).

    CPU time, not wall time: every stage runs in this one thread, and CPU time is what other
    work on the machine disturbs least. Charts are drawn into a new folder each time (a
    folder holding them already would reuse them).
    """
    from kzrs_reports.build import metadata
    from kzrs_reports.charts import chart_names, render_charts
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.document.parse import parse_markdown
    from kzrs_reports.load import load_visit
    from kzrs_reports.templates import load_template_set, render_brief
    from kzrs_reports.writers import write_document

    templates = load_template_set()
    state: dict[str, Any] = {}

    def load() -> None:
        state["visit"] = load_visit(data)

    def template() -> None:
        state["md"] = render_brief(state["visit"], templates, chart_names(state["visit"]))

    folders = itertools.count()

    def charts() -> None:
        labels = templates.labels["chart"]
        folder = work / f"charts-{next(folders)}"
        state["charts"] = render_charts(state["visit"], templates.theme, labels, folder)

    def parse() -> None:
        rendered = state["md"]
        blocks = parse_markdown(rendered.markdown, state["charts"], rendered.place)
        visit = state["visit"]
        meta = metadata(visit, templates.labels, visit.brief.classification)  # uk: as printed
        state["doc"] = Document(meta, blocks)

    actions: list[Callable[[], Any]] = [
        load,
        template,
        charts,
        parse,
        # A thread of its own for each PDF: a thread lends its next layout of the same document
        # its pages and line breaks (watch), and this stage is the layout from nothing.
        _in_a_new_thread(lambda: write_document(state["doc"], templates.theme, work / "b.pdf")),
        lambda: write_document(state["doc"], templates.theme, work / "b.docx"),
    ]
    layouts = _time_layouts()
    for action in actions:
        action()
    seconds = {
        name: timed(runs, action, time.process_time)[0]
        for name, action in zip(STAGES, actions, strict=True)
    }
    if not layouts:
        return seconds
    # one layout per drawing, the last runs' timed; listed after the charts it is part of
    order = [*STAGES[:3], LAYOUT, *STAGES[3:]]
    seconds[LAYOUT] = statistics.median(layouts[-runs:])
    return {name: seconds[name] for name in order}


def _in_a_new_thread(action: Callable[[], Any]) -> Callable[[], Any]:
    """``action``, run in a new thread each time it is called (its exception raised here)."""

    def run() -> Any:
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(action).result()

    return run


def _time_layouts() -> list[float]:
    """The CPU seconds of each timeline label layout from now on, in a list that fills as
    they run (stays empty if the timeline no longer lays out labels by that name)."""
    from kzrs_reports.charts import timeline

    layouts: list[float] = []
    place = getattr(timeline, "place_labels", None)
    if place is None:
        return layouts

    def timed_place(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return place(*args, **kwargs)
        finally:
            layouts.append(time.process_time() - start)

    timeline.place_labels = timed_place
    return layouts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=ROOT / "data" / "kz-rs-visit-2026.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    data = Path(args.data)
    with tempfile.TemporaryDirectory(prefix="kzrs-bench-") as tmp:
        whole = whole_build(data, args.runs, Path(tmp))
        stages = stage_timings(data, args.runs, Path(tmp))
    if args.json:
        print(json.dumps({"whole": whole, "stages": stages}))
        return
    print(f"kzrs-reports build, whole process, cold (median of {args.runs}): {whole:.2f} s")
    print(f"in one process, after the first build (CPU time, median of {args.runs}):")
    for name, seconds in stages.items():
        name = f"… of which {name}" if name == LAYOUT else name
        print(f"  {name:<26} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
