"""Time a build of the sample, whole and stage by stage. Run by hand; prints figures.

    python bench/build_sample.py [DATA_FILE] [--runs N]

Timings vary with what else the machine is doing: compare figures from the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed(runs: int, action: Callable[[], Any]) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls of ``action``, and its last result."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=ROOT / "data" / "kz-rs-visit-2026.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = Path(args.data)
    work = Path(tempfile.mkdtemp(prefix="kzrs-bench-"))

    command = [sys.executable, "-m", "kzrs_reports", "build", str(data), "--out", str(work)]
    command += ["--charts-dir", str(work)]
    cold, _ = timed(args.runs, lambda: subprocess.run(command, check=True, capture_output=True))
    print(f"kzrs-reports build, whole process (median of {args.runs}): {cold:.2f} s")

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

    def charts() -> None:
        labels = templates.labels["chart"]
        state["charts"] = render_charts(state["visit"], templates.theme, labels, work)

    def parse() -> None:
        rendered = state["md"]
        blocks = parse_markdown(rendered.markdown, state["charts"], rendered.place)
        visit = state["visit"]
        meta = metadata(visit, templates.labels, visit.brief.classification)  # uk: as printed
        state["doc"] = Document(meta, blocks)

    stages: list[tuple[str, Callable[[], Any]]] = [
        ("load and validate", load),
        ("render template", template),
        ("draw charts", charts),
        ("parse Markdown", parse),
        ("write PDF", lambda: write_document(state["doc"], templates.theme, work / "b.pdf")),
        ("write DOCX", lambda: write_document(state["doc"], templates.theme, work / "b.docx")),
    ]
    print(f"in one process, after the first build (median of {args.runs}):")
    for _, action in stages:
        action()  # warm: imports, font registration
    for name, action in stages:
        seconds, _ = timed(args.runs, action)
        print(f"  {name:<18} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
