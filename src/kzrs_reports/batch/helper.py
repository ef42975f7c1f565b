"""A second, warm process that writes the Word copy while this one writes the PDF.

On two cores the DOCX then costs a build almost nothing: the helper is forked at once, loads
python-docx and styles Word's template while this process reads the data and lays out the
PDF, then writes the DOCX side by side with it (see :mod:`kzrs_reports.writers.documents`).
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Executor, ProcessPoolExecutor

from kzrs_reports.batch.runner import available_cores, ignore_interrupts


def writer_helper() -> Executor | None:
    """A helper process forked now, or None where it would not pay.

    None unless processes can fork (a fresh interpreter would start cold) and this process
    may run on two cores or more. The helper ignores Ctrl-C: the parent stops it.
    """
    if sys.platform != "linux" or available_cores() < 2:
        return None
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(1, fork, initializer=_prepare)
    pool.submit(int)  # fork now, before this process starts any thread of its own
    return pool


def _prepare() -> None:
    """In the helper: ignore Ctrl-C, then load what writing a DOCX takes, ahead of need."""
    from kzrs_reports.writers.documents import prepare_helper

    ignore_interrupts()
    prepare_helper()
