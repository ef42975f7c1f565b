"""The DOCX writer: a document model → a Word file a ministry could have made itself.

Modules: :mod:`.styles` (Word styles from the theme), :mod:`.page` (sections, header and
footer), :mod:`.inline` (runs), :mod:`.blocks` (the block visitor), :mod:`.tables` (tables and
callout boxes), :mod:`.oxml` (the only raw OOXML), :mod:`.writer` (orchestration).
"""

from kzrs_reports.writers.docx.writer import write_docx

__all__ = ["write_docx"]
