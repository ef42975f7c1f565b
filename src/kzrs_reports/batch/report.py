"""How a run of builds is shown: a progress bar on a terminal, plain lines everywhere else.

Plain lines go to standard output for files built or current and to standard error for
failures, one line per file as it finishes, so CI logs and pipes read like a compiler's.
Problems with the data are always printed in full, as ``file:line:col: field.path: message``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TextIO

from kzrs_reports.incremental import Outcome


class Reporter(Protocol):
    """Receives the outcomes of a run as they arrive."""

    def start(self, total: int, settled: Sequence[Outcome]) -> None:
        """A run of ``total`` files begins; ``settled`` were found current without building."""

    def outcome(self, outcome: Outcome) -> None:
        """One file has finished."""

    def finish(
        self, outcomes: Sequence[Outcome], seconds: float, left_out: Sequence[Path] = ()
    ) -> None:
        """Every file has finished; ``outcomes`` holds them all. ``left_out`` are the pack
        files of the folders given, which the run did not build."""


def summary_line(outcomes: Sequence[Outcome], seconds: float, left_out: Sequence[Path] = ()) -> str:
    """``12 files: 10 built, 1 up to date, 1 failed (data/bad.yaml) in 4.2 s``; with several
    kinds of document a file, ``1 file, 2 documents: 2 built, …``; with pack files left out
    of a folder, ``…, 1 pack file left out (data/pack.yaml: use kzrs-reports pack) in …``."""
    built = sum(o.status == "built" for o in outcomes)
    current = sum(o.status == "current" for o in outcomes)
    failed = list(dict.fromkeys(str(o.source) for o in outcomes if o.failed))
    parts = [f"{built} built", f"{current} up to date", f"{sum(o.failed for o in outcomes)} failed"]
    if failed:
        parts[-1] += f" ({', '.join(failed)})"
    if left_out:
        names = ", ".join(str(p) for p in left_out)
        parts.append(
            f"{_count(len(left_out), 'pack file')} left out ({names}: use kzrs-reports pack)"
        )
    files = len({o.source for o in outcomes})
    counted = _count(files, "file")
    if files != len(outcomes):
        counted += f", {len(outcomes)} documents"
    return f"{counted}: {', '.join(parts)} in {seconds:.1f} s"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def print_outcome(outcome: Outcome, out: TextIO, err: TextIO, prefix: str = "") -> None:
    """Print one outcome as plain lines: its problems, then its summary after ``prefix``."""
    for line in outcome.problems:
        print(line, file=err, flush=True)
    print(f"{prefix}{outcome.summary()}", file=err if outcome.failed else out, flush=True)


class PlainReporter:
    """One line per file as it finishes; a summary line when there was more than one file."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def start(self, total: int, settled: Sequence[Outcome]) -> None:
        """Print the files already current."""
        for outcome in settled:
            print_outcome(outcome, self.out, self.err)

    def outcome(self, outcome: Outcome) -> None:
        """Print the file's line (and its problems) at once."""
        print_outcome(outcome, self.out, self.err)

    def finish(
        self, outcomes: Sequence[Outcome], seconds: float, left_out: Sequence[Path] = ()
    ) -> None:
        """Print the summary when the run had several files, or left pack files out."""
        if len(outcomes) > 1 or left_out:
            stream = self.err if any(o.failed for o in outcomes) else self.out
            print(summary_line(outcomes, seconds, left_out), file=stream, flush=True)


class ProgressReporter:
    """A rich progress bar on standard error: files done, failed, and the time left."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True, highlight=False)
        self.progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeRemainingColumn(),
            console=self.console,
        )
        self.task = self.progress.add_task("build", total=None, failed=0)
        self.failed = 0

    def start(self, total: int, settled: Sequence[Outcome]) -> None:
        """Show the bar, with the files already current counted as done."""
        self.progress.update(self.task, total=total, completed=len(settled))
        self.progress.start()

    def outcome(self, outcome: Outcome) -> None:
        """Advance the bar; print a failure's problems above it."""
        if outcome.failed:
            self.failed += 1
            for line in (*outcome.problems, outcome.summary()):
                self.progress.console.print(line, markup=False, soft_wrap=True)
        self.progress.update(self.task, advance=1, failed=self.failed)

    def finish(
        self, outcomes: Sequence[Outcome], seconds: float, left_out: Sequence[Path] = ()
    ) -> None:
        """Remove the bar and print the summary."""
        self.progress.stop()
        line = summary_line(outcomes, seconds, left_out)
        self.console.print(line, markup=False, soft_wrap=True)


def choose_reporter(total: int) -> Reporter:
    """A progress bar for several files on a terminal outside CI; plain lines otherwise."""
    if total > 1 and sys.stderr.isatty() and not os.environ.get("CI"):
        return ProgressReporter()
    return PlainReporter()
