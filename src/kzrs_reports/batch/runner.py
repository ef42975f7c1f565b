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
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.core import collector
from kzrs_reports.incremental import Outcome, current_outcome, run_build

if TYPE_CHECKING:
    from kzrs_reports.build import BuildOptions
    from kzrs_reports.writers.documents import Helpers


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


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
    helpers: Helpers | None = None,
) -> list[Outcome]:
    """Build every file in ``files`` (forced: callers have already set the current ones aside).

    With ``jobs`` above 1 the files are built in up to ``jobs`` worker processes; ``on_outcome``
    is called in this process as each file finishes, in the order they finish. ``on_started``
    is called once the workers exist, so that a progress display can start its own thread
    after the last fork. Built one after the other, a file's documents may be written in
    ``helpers``, by format (:mod:`kzrs_reports.batch.helper`). The outcomes are returned in
    the order of ``files``.
    """
    tasks = [(path, options) for path in files]
    return build_each(tasks, jobs, on_outcome, on_started, helpers)


def build_each(
    tasks: Sequence[tuple[Path, BuildOptions]],
    jobs: int,
    on_outcome: Callable[[Outcome], None],
    on_started: Callable[[], None] = lambda: None,
    helpers: Helpers | None = None,
) -> list[Outcome]:
    """:func:`build_all` for builds that each have options of their own (a pack's documents:
    one visit file, several kinds), forced, in up to ``jobs`` worker processes; the outcomes
    in the order of ``tasks``."""
    if len(tasks) > 1:
        collector.resume()  # a batch makes garbage for as long as it is long
    if jobs <= 1 or len(tasks) <= 1:
        on_started()
        outcomes = []
        for path, options in tasks:
            outcomes.append(run_build(path, options, force=True, helpers=helpers))
            on_outcome(outcomes[-1])
        return outcomes
    by_future: dict[Future[Outcome], int] = {}
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(workers, _context(), initializer=ignore_interrupts) as pool:
        for index, (path, options) in enumerate(tasks):
            by_future[pool.submit(run_build, path, options, True)] = index
        on_started()
        done: dict[int, Outcome] = {}
        for future in as_completed(by_future):
            index = by_future[future]
            done[index] = _result(future, tasks[index][0])
            on_outcome(done[index])
    return [done[index] for index in range(len(tasks))]


def brief_ids(files: Sequence[Path], settled: Sequence[Outcome]) -> dict[Path, str]:
    """The ``brief.id`` of each of ``files`` that has a usable one: from the build record of
    those ``settled`` as current, else from a glance at the file (:func:`sniff`)."""
    # Here, not at the top: loading the data loader (and its model) must wait until a build
    # needs it, after the helper processes have been forked (kzrs_reports.cli.build).
    from kzrs_reports.load.shape import sniff
    from kzrs_reports.model.text import is_id

    found = {o.source: o.facts.id for o in settled if o.facts is not None}
    for path in files:
        if path not in found:
            brief_id = sniff(path).brief_id
            if brief_id is not None and is_id(brief_id):
                found[path] = brief_id
    return {path: found[path] for path in files if path in found}


def would_build(path: Path, options: BuildOptions) -> bool:
    """True when the visit file at ``path`` passes every check a build with ``options`` makes
    before it writes (its data, its characters in the kind's fonts, the kind's sections)."""
    from kzrs_reports.build import read_for
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.templates import cached_template_set

    try:
        read_for(path, cached_template_set(options.template_dir))
    except (KzrsError, OSError):
        return False
    return True


@dataclass(frozen=True)
class Clash:
    """Data files whose builds would write the same document."""

    files: tuple[Path, ...]
    output: Path
    """The first document they would all write, as the user's ``--out`` names it."""
    ids: tuple[str, ...]
    """Their ``brief.id`` values, each once."""

    def message(self) -> str:
        """One line naming every file once and the document they would share."""
        names = ", ".join(str(f) for f in self.files)
        who = "both" if len(self.files) == 2 else f"all {len(self.files)}"
        if len(self.ids) == 1:
            why = f"{who} have brief.id {self.ids[0]}, so {who} would write {self.output}"
        else:
            why = f"{who} would write {self.output} (brief.id {' and '.join(self.ids)})"
        return f"{names}: not built: {why}; give each file its own brief.id"


def find_clashes(
    ids: Mapping[Path, str],
    every: Sequence[BuildOptions],
    builds: Callable[[Path, BuildOptions], bool] = lambda path, options: True,
) -> list[Clash]:
    """The files of ``ids`` (data file → ``brief.id``) whose documents, of the kinds and
    formats of ``every``, would land on one another's: one :class:`Clash` per set of files.
    A file counts for a kind only if ``builds`` (a file that fails its checks writes nothing).

    Two files with one ``brief.id`` (a sample copied to start a new brief) would each write
    the other's documents, charts and pages; a kind's name after an id can do the same
    (``x`` as a summary, ``x-summary`` as a brief). Found before anything is built, so that
    nothing is written for either file.
    """
    writers: dict[Path, dict[Path, str]] = {}
    shown: dict[Path, Path] = {}
    for options in every:
        for source, brief_id in ids.items():
            if not builds(source, options):
                continue
            for fmt in options.formats:
                output = options.output(brief_id, fmt)
                shown.setdefault(output.resolve(), output)
                writers.setdefault(output.resolve(), {})[source] = brief_id
    order = list(ids)
    clashes: dict[tuple[Path, ...], Clash] = {}
    for output, sources in writers.items():
        if len(sources) > 1:
            files = tuple(sorted(sources, key=order.index))  # as the user listed them
            ids_once = tuple(dict.fromkeys(ids[f] for f in files))
            clashes.setdefault(files, Clash(files, shown[output], ids_once))
    return list(clashes.values())


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
