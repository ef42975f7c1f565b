"""Build many data files, in parallel worker processes, one outcome per file.

Files whose build record shows them current are settled in this process first, which costs
a few file hashes; only the rest go to workers. Workers are forked, so they start with this
process's imports instead of paying for them again, and each keeps its heavy modules and
registered fonts for every file it builds after its first.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.incremental import Outcome, current_outcome, run_build

if TYPE_CHECKING:
    from kzrs_reports.build import BuildOptions

DATA_SUFFIXES = (".yaml", ".yml", ".json")
"""File name endings taken from a folder given to ``build`` or ``watch``."""


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """``paths`` with each folder replaced by its data files (sorted), duplicates dropped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def pending_builds(
    files: Sequence[Path], options: BuildOptions, force: bool
) -> tuple[list[Outcome], list[Path]]:
    """Split ``files`` into the outcomes of those already current and those still to build."""
    if force:
        return [], list(files)
    current, stale = [], []
    for path in files:
        outcome = current_outcome(path, options)
        if outcome is None:
            stale.append(path)
        else:
            current.append(outcome)
    return current, stale


def build_all(
    files: Sequence[Path],
    options: BuildOptions,
    jobs: int,
    on_outcome: Callable[[Outcome], None],
    on_started: Callable[[], None] = lambda: None,
    helper: Executor | None = None,
) -> list[Outcome]:
    """Build every file in ``files`` (forced: callers have already set the current ones aside).

    With ``jobs`` above 1 the files are built in up to ``jobs`` worker processes; ``on_outcome``
    is called in this process as each file finishes, in the order they finish. ``on_started``
    is called once the workers exist, so that a progress display can start its own thread
    after the last fork. Built one after the other, a file's DOCX may be written in
    ``helper`` (:mod:`kzrs_reports.batch.helper`). The outcomes are returned in the order of
    ``files``.
    """
    if jobs <= 1 or len(files) <= 1:
        on_started()
        outcomes = []
        for path in files:
            outcomes.append(run_build(path, options, force=True, helper=helper))
            on_outcome(outcomes[-1])
        return outcomes
    by_future: dict[Future[Outcome], Path] = {}
    workers = min(jobs, len(files))
    with ProcessPoolExecutor(workers, _context(), initializer=ignore_interrupts) as pool:
        for path in files:
            by_future[pool.submit(run_build, path, options, True)] = path
        on_started()
        done: dict[Path, Outcome] = {}
        for future in as_completed(by_future):
            path = by_future[future]
            done[path] = _result(future, path)
            on_outcome(done[path])
    return [done[path] for path in files]


def refuse_clashes(outcomes: Sequence[Outcome]) -> tuple[list[Outcome], list[Outcome]]:
    """``outcomes`` with every file that wrote the same output as another marked failed,
    and those failures alone.

    Two data files with one ``brief.id`` write the same documents: whichever finished last
    is on disk, perhaps its PDF beside the other's DOCX. The run must not pass for a success.
    """
    writers: dict[str, list[Path]] = {}
    for outcome in outcomes:
        for output in outcome.outputs:
            writers.setdefault(output, []).append(outcome.source)
    clashing: dict[Path, str] = {}
    for output, sources in writers.items():  # documents first, then charts
        for source in sources if len(sources) > 1 else ():
            others = ", ".join(str(s) for s in sources if s != source)
            clashing.setdefault(
                source, f"writes {output} as {others} does too (the same brief.id); rename one"
            )
    refused = {
        o.source: replace(o, status="failed", reason=clashing[o.source])
        for o in outcomes
        if o.source in clashing
    }
    return [refused.get(o.source, o) for o in outcomes], list(refused.values())


def _result(future: Future[Outcome], path: Path) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # a worker that died (out of memory, killed) fails its file only
        return Outcome(path, "failed", reason=f"worker stopped: {type(exc).__name__}: {exc}")


def ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the parent, which stops the run and says so.

    SIGTERM goes back to ending the process at once, whatever the parent made of it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _context() -> multiprocessing.context.BaseContext:
    # Fork where there is one: workers inherit the imports already made (typer, pydantic)
    # instead of importing everything again, which is most of a small build's cost.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
