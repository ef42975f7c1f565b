"""The PDF writer: a document-model tree → a print-ready PDF (ReportLab platypus).

Modules by node family: :mod:`.fonts` (registration), :mod:`.styles` (paragraph styles from
the theme), :mod:`.inline` (inlines → escaped markup), :mod:`.blocks` (the block visitor),
:mod:`.tables`, :mod:`.figures`, :mod:`.flowables`, :mod:`.page` (furniture, template) and
:mod:`.writer` (orchestration).
"""

from kzrs_reports.writers.pdf.writer import write_pdf

__all__ = ["write_pdf"]
