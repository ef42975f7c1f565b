"""Warm helper processes that write a build's documents, one format each, side by side.

On two cores the writers then cost a build little more than laying out its longest format:
each helper is forked as soon as the build knows it has a file to build, loads its writer
(ReportLab, or python-docx) and prepares the house style (fonts, Word's template) while this
process reads the data and renders it, then writes its document while the others write
theirs (see :mod:`kzrs_reports.writers.documents`). ``watch``, whose own process is warm
already, keeps the PDF here and has only the formats that wait for its pages written beside.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor

from kzrs_reports.batch.runner import available_cores, ignore_interrupts


def writer_helpers(formats: Iterable[str]) -> dict[str, Executor]:
    """A helper process for each of ``formats``, forked now; none where they would not pay.

    None unless processes can fork (a fresh interpreter would start cold) and this process
    may run on two cores or more. The helpers ignore Ctrl-C: the parent stops them.
    """
    if sys.platform != "linux" or available_cores() < 2:
        return {}
    fork = multiprocessing.get_context("fork")
    helpers: dict[str, Executor] = {}
    for fmt in formats:
        helpers[fmt] = ProcessPoolExecutor(1, fork, initializer=_prepare, initargs=(fmt,))
        helpers[fmt].submit(int)  # fork now, before this process starts any thread of its own
    return helpers


def stop_helpers(helpers: Iterable[Executor]) -> None:
    """Stop each helper, dropping work it has not started."""
    for helper in helpers:
        helper.shutdown(cancel_futures=True)


def _prepare(fmt: str) -> None:
    """In a helper: ignore Ctrl-C, then load what writing ``fmt`` takes, ahead of need."""
    from kzrs_reports.writers.registry import writer_for

    ignore_interrupts()
    writer_for(fmt).prepare()
