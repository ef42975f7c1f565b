"""Time the PDF and DOCX writers alone, warm and cold. Run by hand; prints figures.

    python bench/writers.py [DATA_FILE] [--runs N]

The sample's document model is made once (load, template, charts, parse) and saved; then

- warm: each writer runs ``--runs`` times in this process after one untimed run (imports
  loaded, fonts registered, caches filled); printed are the medians of wall-clock and CPU
  time (as a ``watch`` process rebuilding after a one-field edit would see);
- cold: each writer runs in a new process, ``--runs`` times; printed are the medians of the
  time from the first writer import to the file on disk, of the whole process, and of the
  process's CPU time.

Timings vary with what else the machine is doing: compare figures from the same run. CPU
time is steadier than wall-clock time on a shared machine.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import pickle, sys, time
from pathlib import Path
started = time.perf_counter()
with open(sys.argv[2], "rb") as f:
    document, theme = pickle.load(f)
loaded = time.perf_counter()
from kzrs_reports.writers import write_document
write_document(document, theme, Path(sys.argv[3]))
print(time.perf_counter() - loaded, time.process_time())
"""


def median_ms(runs: int, action: Callable[[], Any]) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``runs`` calls of ``action``."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def sample_document(data: Path, work: Path) -> tuple[Any, Any]:
    """The document model and theme of ``data``, its charts drawn into ``work``."""
    from kzrs_reports.build import metadata
    from kzrs_reports.charts import chart_names, render_charts
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.document.parse import parse_markdown
    from kzrs_reports.load import load_visit
    from kzrs_reports.templates import load_template_set, render_brief

    templates = load_template_set()
    visit = load_visit(data)
    rendered = render_brief(visit, templates, chart_names(visit))
    charts = render_charts(visit, templates.theme, templates.labels["chart"], work)
    blocks = parse_markdown(rendered.markdown, charts, rendered.place)
    # The sample's marking is of the uk scheme, whose ids are printed as they are.
    document = Document(metadata(visit, templates.labels, visit.brief.classification), blocks)
    return document, templates.theme


def cold(fmt: str, model: Path, target: Path) -> tuple[float, float, float]:
    """Seconds from the writer's import to its file on disk, of the whole process, and the
    process's CPU seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, fmt, str(model), str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    first, cpu = done.stdout.split()
    return float(first), time.perf_counter() - start, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=ROOT / "data" / "kz-rs-visit-2026.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kzrs-bench-writers-"))
    document, theme = sample_document(Path(args.data), work)
    model = work / "document.pickle"
    model.write_bytes(pickle.dumps((document, theme)))

    print(f"cold, new process (median of {args.runs}):")
    print("         import+write  whole process  process CPU")
    for fmt in ("pdf", "docx"):
        times = [cold(fmt, model, work / f"cold.{fmt}") for _ in range(args.runs)]
        first, whole, cpu = (statistics.median(t[i] for t in times) * 1000 for i in range(3))
        print(f"  {fmt:<5} {first:9.1f} ms  {whole:10.1f} ms  {cpu:8.1f} ms")

    from kzrs_reports.writers import write_document

    writers = {
        "pdf": lambda: write_document(document, theme, work / "warm.pdf"),
        "docx": lambda: write_document(document, theme, work / "warm.docx"),
    }
    print(f"warm, in one process after a first write (median of {args.runs}):")
    print("              wall        CPU")
    for fmt, write in writers.items():
        write()
        wall, cpu = median_ms(args.runs, write)
        print(f"  {fmt:<5} {wall:8.1f} ms {cpu:8.1f} ms")


if __name__ == "__main__":
    main()
