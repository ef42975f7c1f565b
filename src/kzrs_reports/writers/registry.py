"""The output formats, each a writer registered under its name: one line per format.

``build``, ``--format`` and the build record read the formats from here. A writer is imported
only when a document is written in its format, so a command that writes nothing never pays
for ReportLab or python-docx.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from kzrs_reports.core.errors import UsageError
from kzrs_reports.writers.protocol import Writer

REGISTRY: dict[str, str] = {
    "pdf": "kzrs_reports.writers.pdf",
    "docx": "kzrs_reports.writers.docx",
}
"""Each format's name → the package whose ``WRITER`` writes it, in the order formats are
written (a format that lays out pages before one that takes their numbers)."""

FORMATS: tuple[str, ...] = tuple(REGISTRY)
"""The output formats, in the order they are written."""

PAGED: frozenset[str] = frozenset({"pdf"})
"""The formats whose writer lays out its own pages (:attr:`Writer.lays_out_pages`), known
here so that the shell can order the formats without importing their writers: the process
writing the PDF never loads python-docx, and the helper writing the DOCX never loads
ReportLab."""


def check_format(fmt: str) -> None:
    """Raise :class:`UsageError` naming the formats unless ``fmt`` is one; imports nothing."""
    if fmt not in REGISTRY:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


@cache
def writer_for(fmt: str) -> Writer:
    """The writer of format ``fmt``; :class:`UsageError` naming the formats for another."""
    check_format(fmt)
    writer: Writer = import_module(REGISTRY[fmt]).WRITER
    return writer
