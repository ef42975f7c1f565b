"""The benchmark: kzrs-reports beside a bare floor script, on this machine, in one run.

    python bench/run.py [--runs N] [--files N] [--saves N]

Prints the machine and date, then one table: each figure is the median of ``--runs`` runs
(5 at least for figures worth quoting), with its ratio to its reference or target and whether
the target is met. How a build grows with its brief is measured by ``bench/growth.py``
(each stage's CPU time for the sample and for a brief ten times its size), and memory by
``bench/memory.py`` (a cold build's peak, and a watch session of ``--saves`` saves, 200 by
default, which must not grow).

Progress goes to stderr, so ``python bench/run.py > table.md`` keeps only the figures.
Everything runs in a temporary folder with this checkout's ``src/`` first on ``PYTHONPATH``;
nothing is written into the repository. Run by hand, not in CI: timings depend
on what else the machine is doing, so compare figures from the same run.

A command or option the tool does not have yet (``watch``, ``build --jobs``) gives a row
``n/a (not available)``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import ROOT, SAMPLE, check, generate
from growth import FACTOR, growth_rows
from memory import SAVES, memory_rows
from rows import Failed, Result, Row, limit_row, machine, plain_row, ratio_row, table, yes_no
from tool import (
    NOT_AVAILABLE,
    TOOL,
    Watcher,
    brief_id,
    build_command,
    edited,
    fresh,
    median_of,
    progress,
    rebuild_seconds,
    run,
    timed,
    tool_has,
    wait_for,
    workspace,
)

PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
FLOOR = [sys.executable, str(ROOT / "bench" / "floor.py")]
CPU_LOOPS = 20_000_000
"""Iterations of the pure-CPU task in one process; two processes do half each."""
CPU_TASK = """
import sys
x = 0
for i in range(int(sys.argv[1])):
    x = (x * 31 + i) % 1000003
"""


# -- the measurements ------------------------------------------------------------------------


def floor(work: Path, runs: int, charts: bool) -> Result:
    """The bare script, cold, into an empty folder each run."""
    extra = [] if charts else ["--no-charts"]
    name = "floor" if charts else "floor-nocharts"
    return median_of(runs, lambda _: timed([*FLOOR, str(fresh(work, name)), *extra], work))


def cold_build(work: Path, runs: int) -> tuple[Result, Path]:
    """``build`` of the sample as a new process into empty out/ and charts/ folders.

    Also returns the folder holding the last run's outputs.
    """
    out = work / "cold" / "out"

    def once(_: int) -> float:
        fresh(work, "cold")
        return timed(build_command([SAMPLE], out, work / "cold" / "charts"), work)

    return median_of(runs, once), out


def edit_keeping_charts(work: Path, runs: int) -> tuple[Result, Result]:
    """A cold build after an edit of the summary (charts unchanged), then one with no edit.

    The notes say whether the charts were left alone and whether the outputs were.
    """
    ws = workspace(work, "edit")
    try:
        run(ws.command, work)
    except Failed as failure:
        return Result(None, f"failed: {failure}"), Result(None, f"failed: {failure}")
    sample = SAMPLE.read_text(encoding="utf-8")
    summaries = [f"The summary, edited for run {i} of the benchmark." for i in range(runs)]
    texts = [edited(sample, ["brief", "summary"], s) for s in summaries]
    charts_before = ws.stamps(ws.charts)

    def after_edit(i: int) -> float:
        ws.data.write_text(texts[i], encoding="utf-8")
        return timed(ws.command, work)

    edit = median_of(runs, after_edit)
    reused = "charts reused" if ws.stamps(ws.charts) == charts_before else "charts redrawn"
    outputs_before = ws.stamps(ws.out)
    unchanged = median_of(runs, lambda _: timed(ws.command, work))
    skipped = "outputs untouched" if ws.stamps(ws.out) == outputs_before else "outputs rewritten"
    edit = Result(edit.value, edit.note or reused)
    return edit, Result(unchanged.value, unchanged.note or skipped)


def pack_up_to_date(work: Path, runs: int) -> Result:
    """``pack`` of the sample pack with every document up to date (after one untimed ``pack``
    from nothing); the note says whether the pack's outputs were left alone."""
    root = fresh(work, "pack")
    for source in (PACK, SAMPLE):  # the pack names the visit file beside it
        shutil.copyfile(source, root / source.name)
    command = [*TOOL, "pack", str(root / PACK.name), "--out", str(root / "out")]
    command += ["--charts-dir", str(root / "charts")]
    try:
        run(command, root)
    except Failed as failure:
        return Result(None, f"failed: {failure}")

    def stamps() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in sorted((root / "out").iterdir())}

    before = stamps()
    result = median_of(runs, lambda _: timed(command, root))
    untouched = "outputs untouched" if stamps() == before else "outputs rewritten"
    return Result(result.value, result.note or untouched)


def check_sample(work: Path, runs: int) -> Result:
    return median_of(runs, lambda _: timed([*TOOL, "check", str(SAMPLE)], work))


def watch_edits(work: Path, runs: int) -> Result:
    """Seconds from writing a one-field edit to both new outputs on disk, in a warm watch.

    One untimed edit first; then ``runs`` timed edits of the first key message.
    """
    if not tool_has(["watch"]):
        return Result(None, NOT_AVAILABLE)
    ws = workspace(work, "watch")
    outputs = [ws.out / f"{brief_id(ws.data)}.{fmt}" for fmt in ("pdf", "docx")]
    watcher = Watcher(ws, work)
    try:
        progress("watch: first build")
        wait_for(lambda: all(p.exists() for p in outputs), 120, watcher.alive)
        watcher.wait_line(10)
        sample = ws.data.read_text(encoding="utf-8")
        texts = [
            edited(sample, ["key_messages", 0, "text"], f"Edited key message, take {i}.")
            for i in range(runs + 1)
        ]
        seconds = [rebuild_seconds(watcher, ws.data, text, outputs) for text in texts][1:]
    except Failed as failure:
        watcher.stop()
        return Result(None, f"failed: {failure}")
    return Result(statistics.median(seconds), watcher.stop())


# -- batch and the machine's own speed-up ----------------------------------------------------


def cpu_task(work: Path, processes: int) -> float:
    """Seconds for :data:`CPU_LOOPS` iterations split over ``processes`` new processes."""
    command = [sys.executable, "-c", CPU_TASK, str(CPU_LOOPS // processes)]
    start = time.perf_counter()
    running = [subprocess.Popen(command, cwd=work) for _ in range(processes)]
    if any(p.wait() != 0 for p in running):
        raise Failed("the CPU task failed")
    return time.perf_counter() - start


@dataclass(frozen=True)
class Batch:
    """Medians of the batch builds and the CPU task, and the two speed-ups."""

    jobs1: Result
    jobs2: Result
    jobs_speedup: Result
    cpu1: Result
    cpu2: Result
    cpu_speedup: Result


def batch(work: Path, runs: int, count: int) -> Batch:
    """``build`` of ``count`` generated files with --jobs 1 and 2, and the CPU task with 1 and 2
    processes, interleaved run by run so that both see the same load.

    Speed-ups are the medians of each run's ratio.
    """
    progress(f"batch: generating {count} visit files")
    files = generate(work / "visits", count)
    check(files)
    has_jobs = tool_has(["build"], "--jobs")
    force = ["--force"] if tool_has(["build"], "--force") else []
    times: dict[str, list[float]] = {"j1": [], "j2": [], "c1": [], "c2": []}
    failure = ""
    for i in range(runs):
        progress(f"batch: run {i + 1} of {runs}")
        times["c1"].append(cpu_task(work, 1))
        times["c2"].append(cpu_task(work, 2))
        for jobs in (1, 2) if has_jobs else (1,):
            out = fresh(work, "batch")
            command = build_command(files, out / "out", out / "charts") + force
            command += ["--jobs", str(jobs)] if has_jobs else []
            try:
                times[f"j{jobs}"].append(timed(command, work))
            except Failed as error:
                failure = f"failed: {error}"
    return batch_result(times, has_jobs, failure)


def batch_result(times: dict[str, list[float]], has_jobs: bool, failure: str) -> Batch:
    """The medians of ``times`` (j1, j2: the builds; c1, c2: the CPU task)."""

    def build(key: str) -> Result:
        if failure or not times[key]:
            return Result(None, failure or NOT_AVAILABLE)
        return Result(statistics.median(times[key]), "" if has_jobs else "no --jobs option")

    def speedup(one: list[float], two: list[float]) -> float | None:
        ratios = [a / b for a, b in zip(one, two, strict=False)]
        return statistics.median(ratios) if ratios else None

    jobs = speedup(times["j1"], times["j2"]) if not failure else None
    return Batch(
        jobs1=build("j1"),
        jobs2=build("j2"),
        jobs_speedup=Result(jobs, "" if jobs else failure or NOT_AVAILABLE),
        cpu1=Result(statistics.median(times["c1"])),
        cpu2=Result(statistics.median(times["c2"])),
        cpu_speedup=Result(speedup(times["c1"], times["c2"])),
    )


# -- the PDF ---------------------------------------------------------------------------------


def pdf_facts(pdf: Path) -> tuple[Result, Result, Result]:
    """The PDF's size in KB; its fonts (count, all embedded subsets?); its images (count)."""
    if not pdf.is_file():
        missing = Result(None, f"failed: no PDF at {pdf.name}")
        return missing, missing, missing
    size = Result(pdf.stat().st_size / 1024)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    subsets = sum(1 for r in rows if r[-5:-3] == ["yes", "yes"])
    font_note = "all emb yes sub yes" if subsets == len(rows) else f"{subsets} embedded subsets"
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    count = len([line for line in images.stdout.splitlines()[2:] if line.strip()])
    return size, Result(len(rows), font_note), Result(count)


# -- the table -------------------------------------------------------------------------------


def speedup_rows(b: Batch, count: int) -> list[Row]:
    rows = [
        plain_row(f"{count} files, build --jobs 1", b.jobs1),
        plain_row(f"{count} files, build --jobs 2", b.jobs2),
        plain_row("CPU task, 1 process", b.cpu1),
        plain_row("CPU task, split over 2 processes", b.cpu2),
    ]
    machine = b.cpu_speedup.value
    rows.append(Row("machine speed-up, 2 processes", f"{machine:.2f}×" if machine else "n/a"))
    target = "≥ 0.9 × machine"
    if b.jobs_speedup.value is None or not machine:
        return [*rows, Row("speed-up of --jobs 2", b.jobs_speedup.note, target=target)]
    ratio = b.jobs_speedup.value / machine
    return [
        *rows,
        Row(
            "speed-up of --jobs 2",
            f"{b.jobs_speedup.value:.2f}×",
            f"{ratio:.2f} × machine",
            target,
            yes_no(ratio >= 0.9),
        ),
    ]


def pdf_rows(size: Result, fonts: Result, images: Result) -> list[Row]:
    if size.value is None:
        return [Row("sample PDF", size.note)]
    kb = size.value
    all_subsets = fonts.note == "all emb yes sub yes"
    no_images = images.value == 0
    return [
        Row(
            "sample PDF size",
            f"{kb:.0f} KB",
            f"{kb / 300:.2f} × target",
            "≤ 300 KB",
            yes_no(kb <= 300),
        ),
        Row(
            "sample PDF fonts",
            f"{fonts.value:.0f} fonts",
            "",
            "all embedded subsets",
            yes_no(all_subsets),
            fonts.note,
        ),
        Row(
            "charts as vectors",
            f"{images.value:.0f} images",
            "",
            "no image XObjects",
            yes_no(no_images),
            "pdfimages -list",
        ),
    ]


# -- main ------------------------------------------------------------------------------------


def measure(work: Path, runs: int, count: int, saves: int) -> list[Row]:
    """Every measurement, in table order."""
    progress("floor, with charts")
    floor_full = floor(work, runs, charts=True)
    progress("floor, without charts")
    floor_bare = floor(work, runs, charts=False)
    progress("build, cold")
    cold, cold_out = cold_build(work, runs)
    size, fonts, images = pdf_facts(cold_out / f"{brief_id(SAMPLE)}.pdf")
    progress("build after an edit that leaves the charts alone; build with nothing changed")
    edit, unchanged = edit_keeping_charts(work, runs)
    progress("check")
    checked = check_sample(work, runs)
    progress("watch")
    watched = watch_edits(work, runs)
    progress("pack with every document up to date")
    packed = pack_up_to_date(work, runs)
    b = batch(work, runs, count)
    progress(f"growth: the sample and a brief {FACTOR} times its size, stage by stage")
    grew = growth_rows(work, runs)
    remembered = memory_rows(work, saves)
    return [
        plain_row("floor, cold, with charts", floor_full),
        plain_row("floor, cold, without charts", floor_bare),
        ratio_row("build, cold (new process, empty dirs)", cold, floor_full, "floor", 1.3),
        ratio_row("build after an edit, charts unchanged", edit, floor_bare, "no-chart floor", 1.2),
        limit_row("build, nothing changed", unchanged, 0.25),
        limit_row("check", checked, 0.2),
        limit_row("watch: one-field edit to PDF and DOCX", watched, 0.1),
        limit_row("pack, every document up to date", packed, 0.3),
        *speedup_rows(b, count),
        *grew,
        *remembered,
        *pdf_rows(size, fonts, images),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (5)")
    parser.add_argument("--files", type=int, default=50, help="visit files in the batch (50)")
    parser.add_argument("--saves", type=int, default=SAVES, help=f"saves in watch ({SAVES})")
    args = parser.parse_args()
    header = machine()
    with tempfile.TemporaryDirectory(prefix="kzrs-bench-") as tmp:
        rows = measure(Path(tmp), args.runs, args.files, args.saves)
    print(f"kzrs-reports benchmark · {header}")
    print(f"each figure: the median of {args.runs} runs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
