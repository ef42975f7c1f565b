"""Memory: the peak of a cold build, and a long watch session that must not grow.

    python bench/memory.py [--saves N]

:func:`build_peaks` runs a cold ``build`` of the sample and reads the peak resident memory
(``VmHWM`` in ``/proc/PID/status``) of the build process and of its helpers (forked
child) while they run, and ``wait4``'s ``ru_maxrss`` when the build exits: the larger of the
two peaks, exactly, which the polled figures must not fall short of.

:func:`watch_growth` starts ``watch`` on a copy of the sample, saves ``N`` one-field edits
(default 200), each once the previous one's outputs are on disk, and reads the resident
memory (``VmRSS``) of the watch process and its children after save 10 and after the last.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from generate import SAMPLE, tool_env
from rows import Failed, Result, Row, table, yes_no
from tool import (
    Watcher,
    brief_id,
    build_command,
    edited,
    fresh,
    progress,
    rebuild_seconds,
    wait_for,
    workspace,
)

BUILD_PEAK_MB = 300.0
"""Target: the build process's peak and its helpers', added up."""
WATCH_GROWTH_MB = 5.0
"""Target: the most a watch session may grow from save 10 to the last save."""
SAVES = 200
EARLY = 10
"""The save after which the session's memory is first read (imports and caches settled)."""


def _status(pid: int, field: str) -> float | None:
    """``field`` (e.g. VmRSS) of process ``pid`` in MB, or None once it has gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except (FileNotFoundError, ProcessLookupError):
        return None
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (all its threads' children)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    return [pid, *(p for child in _children(pid) for p in _tree(child))]


def build_peaks(work: Path) -> tuple[Result, Result, Result]:
    """Peak RSS in MB of a cold build's process and of its helpers (one per format, their
    peaks added up), and ``wait4``'s ``ru_maxrss`` of the whole build (the largest single
    process, exactly)."""
    root = fresh(work, "memory-build")
    command = build_command([SAMPLE], root / "out", root / "charts")
    process = subprocess.Popen(
        command, cwd=work, env=tool_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peaks: dict[int, float] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid in _tree(process.pid):
                if (hwm := _status(pid, "VmHWM")) is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), hwm)
            time.sleep(0.002)

    poller = threading.Thread(target=poll)
    poller.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    poller.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        failed = Result(None, f"failed: build exit {process.returncode}")
        return failed, failed, failed
    own = Result(peaks.get(process.pid))
    helpers = [mb for pid, mb in peaks.items() if pid != process.pid]
    seen = f"{len(helpers)} helpers"
    helper = Result(sum(helpers), seen) if helpers else Result(None, "no helper seen")
    return own, helper, Result(usage.ru_maxrss / 1024)


def watch_growth(work: Path, saves: int = SAVES) -> tuple[Result, Result]:
    """RSS in MB of a watch session (its process and children, added up) after save
    :data:`EARLY` and after save ``saves``."""
    ws = workspace(work, "memory-watch")
    outputs = [ws.out / f"{brief_id(ws.data)}.{fmt}" for fmt in ("pdf", "docx")]
    watcher = Watcher(ws, work)
    # one round trip, then a number put in per save
    text = edited(ws.data.read_text(encoding="utf-8"), ["key_messages", 0, "text"], "Take @@@.")
    readings: dict[int, float] = {}
    try:
        wait_for(lambda: all(p.exists() for p in outputs), 120, watcher.alive)
        watcher.wait_line(10)
        for save in range(1, saves + 1):
            rebuild_seconds(watcher, ws.data, text.replace("@@@", str(save)), outputs)
            if save in (EARLY, saves):
                rss = [_status(pid, "VmRSS") for pid in _tree(watcher.process.pid)]
                readings[save] = sum(mb for mb in rss if mb is not None)
            if save % 50 == 0:
                progress(f"watch memory: save {save} of {saves}")
    except Failed as failure:
        watcher.stop()
        failed = Result(None, f"failed: {failure}")
        return failed, failed
    note = watcher.stop()
    return Result(readings[EARLY]), Result(readings[saves], note)


def memory_rows(work: Path, saves: int = SAVES) -> list[Row]:
    """The build's peaks, with their target, and the watch session's growth, with its."""
    progress("memory: a cold build")
    own, helper, exact = build_peaks(work)
    progress(f"memory: watch, {saves} saves")
    early, late = watch_growth(work, saves)
    return [*_build_rows(own, helper, exact), *_watch_rows(early, late, saves)]


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def _build_rows(own: Result, helper: Result, exact: Result) -> list[Row]:
    if own.value is None or helper.value is None or exact.value is None:
        why = own.note or helper.note or exact.note
        return [Row("build, cold: peak RSS", why, target=f"≤ {_mb(BUILD_PEAK_MB)}")]
    total = own.value + helper.value
    return [
        Row("build, cold: peak RSS, build process", _mb(own.value), note="VmHWM"),
        Row(
            "build, cold: peak RSS, helpers",
            _mb(helper.value),
            note=f"VmHWM, forked, {helper.note} added",
        ),
        Row(
            "build, cold: peak RSS, all added",
            _mb(total),
            f"{total / BUILD_PEAK_MB:.2f} × target",
            f"≤ {_mb(BUILD_PEAK_MB)}",
            yes_no(total <= BUILD_PEAK_MB),
            f"wait4 max {_mb(exact.value)}",
        ),
    ]


def _watch_rows(early: Result, late: Result, saves: int) -> list[Row]:
    target = f"≤ {_mb(WATCH_GROWTH_MB)}"
    if early.value is None or late.value is None:
        return [Row(f"watch: RSS growth over {saves} saves", early.note, target=target)]
    growth = late.value - early.value
    return [
        Row(f"watch: RSS after save {EARLY}", _mb(early.value), note="with its helper"),
        Row(f"watch: RSS after save {saves}", _mb(late.value), note=late.note),
        Row(
            f"watch: RSS growth, save {EARLY} to {saves}",
            f"{growth:+.1f} MB",
            "",
            target,
            yes_no(growth <= WATCH_GROWTH_MB),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=SAVES, help=f"saves in watch ({SAVES})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kzrs-bench-") as tmp:
        print(table(memory_rows(Path(tmp), args.saves)))


if __name__ == "__main__":
    main()
