"""Rebuild briefs as their data files, templates and styles are saved.

A session builds every file once, then waits for saves to any file a build read. Each batch
of saves rebuilds the briefs that read one of the saved files, in this process, so modules,
fonts and template sets stay loaded between rebuilds. A save that breaks the data prints the
problems and leaves the last good outputs in place; the session keeps watching.
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.incremental import Outcome, run_build
from kzrs_reports.templates import template_files

if TYPE_CHECKING:
    from threading import Event

    from kzrs_reports.build import BuildOptions
    from kzrs_reports.writers.documents import Helpers

STEP_MS = 5
"""How long the watcher waits for more saves before rebuilding: saves closer together than
this (an editor's write-and-rename, a ``git checkout``) give one rebuild. A save is seen
between one and two steps after it lands; a save that lands during a rebuild is rebuilt
after it."""

DEBOUNCE_MS = 1600
"""The longest the watcher keeps gathering saves that keep arriving before it rebuilds."""


@dataclass
class WatchSession:
    """The files a session builds and, for each, the files its last build read."""

    files: Sequence[Path]
    kinds: Sequence[BuildOptions]
    """One set of build options per document kind the session writes."""
    report: Callable[[Outcome], None]
    helpers: Helpers | None = None
    """Warm helper processes by format: the DOCX is written in one while this process writes
    the PDF."""
    reads: dict[Path, set[Path]] = field(default_factory=dict)
    stamps: dict[Path, tuple[int, int] | None] = field(default_factory=dict)
    """Size and modification time of each read file, taken just before the build reading it."""
    building: bool = False
    """Whether builds are under way (an interrupt then stops them; else the watcher stops)."""

    def build(self, files: Iterable[Path]) -> list[Outcome]:
        """Build ``files`` (skipping any already current) and report each outcome."""
        outcomes = []
        self.building = True
        try:
            for path in files:
                self.stamps.update(_stamps(self.reads.get(path, set()) | self._always_read(path)))
                reads: set[Path] = set()
                for options in self.kinds:
                    outcome = run_build(path, options, helpers=self.helpers)
                    reads |= {Path(p).resolve() for p in outcome.inputs}
                    self.report(outcome)
                    outcomes.append(outcome)
                if reads:
                    self.reads[path] = reads
                self.reads.setdefault(path, set()).update(self._always_read(path))
        finally:
            self.building = False
        self._collect_garbage()
        return outcomes

    def _collect_garbage(self) -> None:
        """Free the rebuild's garbage now, while waiting for the next save, in this process
        and the helpers: left to Python's own schedule, the garbage of a dozen rebuilds
        piles up before its first full collection, and the memory stays taken after it."""
        gc.collect()
        for helper in (self.helpers or {}).values():
            helper.submit(gc.collect)

    def _always_read(self, path: Path) -> set[Path]:
        sets = {p.resolve() for o in self.kinds for p in template_files(o.template_dir)}
        return {path.resolve(), *sets}

    def watched(self) -> set[Path]:
        """Every file some build of the session read."""
        return set().union(*self.reads.values()) if self.reads else set()

    def changed_since_built(self) -> set[Path]:
        """The read files whose size or modification time differs from before their build."""
        return {path for path, stamp in _stamps(self.stamps).items() if stamp != self.stamps[path]}

    def affected_by(self, changed: set[Path]) -> list[Path]:
        """The session's files whose last build read one of ``changed``, in session order."""
        return [path for path in self.files if self.reads.get(path, set()) & changed]


def _stamps(paths: Iterable[Path]) -> dict[Path, tuple[int, int] | None]:
    stamps: dict[Path, tuple[int, int] | None] = {}
    for path in paths:
        try:
            stat = path.stat()
            stamps[path] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamps[path] = None
    return stamps


def warm_up(options: BuildOptions) -> None:
    """Load what every rebuild needs — writers, chart drawing, the template set — now.

    The first rebuild after a save is then as fast as the ones after it.
    """
    from kzrs_reports.charts import priorities, timeline  # noqa: F401  (imports matplotlib)
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.templates import cached_template_set
    from kzrs_reports.writers.registry import writer_for

    # A broken template set is reported by the build that needs it, not here.
    with suppress(KzrsError):
        theme = cached_template_set(options.template_dir).theme
        for fmt in options.formats:
            writer_for(fmt).prepare(theme)


def watch_files(
    session: WatchSession, on_ready: Callable[[int], None], stop: Event | None = None
) -> None:
    """Rebuild on every save until ``stop`` is set or Ctrl-C (:class:`KeyboardInterrupt`).

    Folders are watched rather than files, so editors that save by writing a new file and
    renaming it over the old one are seen too; the set of folders is renewed after any
    rebuild whose build read a new file (a previous edition named in the data, say).
    ``on_ready`` is told how many files are watched once saves can no longer be missed; a
    save made while the watcher was starting is caught up with then.
    """
    # watchfiles' documented Rust backend, not its watch() generator: the generator creates
    # the notifier only when first iterated, so there is no moment at which "watching" is
    # true and can be said; a save made just before would be lost.
    from watchfiles._rust_notify import RustNotify

    announced = False
    while not (stop and stop.is_set()):
        watched = session.watched()
        folders = sorted({str(p.parent) for p in watched if p.parent.is_dir()})
        if not folders:
            return
        # (paths, debug, force_polling, poll_delay_ms, recursive, ignore_permission_denied)
        with RustNotify(folders, False, False, 300, False, False) as notifier:
            missed = session.changed_since_built()
            if missed:
                session.build(session.affected_by(missed))
            if not announced:
                on_ready(len(watched))
                announced = True
            while session.watched() == watched:
                raw = notifier.watch(DEBOUNCE_MS, STEP_MS, 5000, stop)
                if raw == "signal":
                    raise KeyboardInterrupt
                if raw == "stop":
                    return
                if raw == "timeout":
                    continue
                changed = {Path(name).resolve() for _, name in raw} & watched
                if changed:
                    session.build(session.affected_by(changed))


def stop_on_signals(stop: Event, session: WatchSession) -> None:
    """Take Ctrl-C and SIGTERM (a service manager or ``kill`` ending the session) as the end
    of the session: set ``stop``, which the watcher looks at every few milliseconds, and
    interrupt the builds if ``session`` is building.

    Only the builds are interrupted: Python drops an interrupt raised while it runs a weak
    reference's callback or a finaliser, as the collection after each rebuild does by the
    hundred, and prints it; ``stop`` ends the session all the same, quietly.
    """

    def interrupt(_signum: int, _frame: object) -> None:
        stop.set()
        if session.building:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def stamp() -> str:
    """The local time of day, to start a watch line with."""
    return time.strftime("%H:%M:%S")
