"""Warm helper processes that write a build's documents, one format each, side by side.

On two cores the writers then cost a build little more than laying out its longest format:
each helper is forked as soon as the build knows it has a file to build, loads its writer
(ReportLab, or python-docx) and prepares the house style (fonts, Word's template) while this
process reads the data and renders it, then writes its document while the others write
theirs (see :mod:`kzrs_reports.writers.documents`). ``watch``, whose own process is warm
already, keeps the PDF here and has only the formats that wait for its pages written beside.

While they prepare, the helpers run on every core but one, which is left to this process
(:mod:`kzrs_reports.core.cores`): its reading and rendering is what the documents wait for.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from importlib import import_module

from kzrs_reports.batch.runner import available_cores, ignore_interrupts
from kzrs_reports.core import cores

SHARED = (
    "kzrs_reports.core.links",
    "kzrs_reports.document.layout",
    "kzrs_reports.document.nodes",
    "kzrs_reports.document.walk",
    "kzrs_reports.templates.theme",
    "html",
)
"""Modules this process and every writer import: imported before the helpers are forked,
so that each starts with them instead of importing them again beside this process (the
document model alone is some 14 ms of dataclasses to make, the house style's models and
pydantic some 40 ms)."""


def writer_helpers(formats: Iterable[str]) -> dict[str, Executor]:
    """A helper process for each of ``formats``, forked now; none where they would not pay.

    None unless processes can fork (a fresh interpreter would start cold) and this process
    may run on two cores or more. The helpers ignore Ctrl-C: the parent stops them. They
    stay off this process's core until :func:`kzrs_reports.core.cores.release`.
    """
    if sys.platform != "linux" or available_cores() < 2:
        return {}
    for name in SHARED:
        import_module(name)
    fork = multiprocessing.get_context("fork")
    helpers: dict[str, Executor] = {}
    for fmt in formats:
        before = {child.pid for child in multiprocessing.active_children()}
        helpers[fmt] = ProcessPoolExecutor(1, fork, initializer=_prepare, initargs=(fmt,))
        helpers[fmt].submit(int)  # fork now, before this process starts any thread of its own
        for child in multiprocessing.active_children():
            if child.pid is not None and child.pid not in before:
                cores.hold_off_first_core(helpers[fmt], child.pid)
    return helpers


def stop_helpers(helpers: Iterable[Executor]) -> None:
    """Stop each helper, dropping work it has not started; return once all have ended.

    The helpers are stopped side by side, each from a thread of its own: a helper takes
    some milliseconds to end, and one after the other they would add up at the end of
    every build.
    """
    helpers = list(helpers)
    cores.forget(helpers)
    stopping = [
        threading.Thread(target=helper.shutdown, kwargs={"cancel_futures": True})
        for helper in helpers
    ]
    for thread in stopping:
        thread.start()
    for thread in stopping:
        thread.join()


def _prepare(fmt: str) -> None:
    """In a helper: ignore Ctrl-C, then load what writing ``fmt`` takes, ahead of need."""
    from kzrs_reports.writers.registry import writer_for

    ignore_interrupts()
    writer_for(fmt).prepare()
