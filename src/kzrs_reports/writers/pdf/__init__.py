"""The PDF writer: a document-model tree → a print-ready PDF (ReportLab platypus).

Modules by node family: :mod:`.fonts` (registration), :mod:`.styles` (paragraph styles from
the theme), :mod:`.inline` (inlines → escaped markup), :mod:`.blocks` (blocks → flowables),
:mod:`.tables`, :mod:`.figures`, :mod:`.flowables`, :mod:`.logo`, :mod:`.page` (furniture,
template) and :mod:`.writer` (the shell).
"""

from kzrs_reports.writers.pdf.writer import PdfWriter

WRITER = PdfWriter()
"""The writer :mod:`kzrs_reports.writers.registry` finds for ``pdf``."""

__all__ = ["WRITER", "PdfWriter"]
