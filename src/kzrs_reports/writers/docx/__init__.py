"""The DOCX writer: a document model → a Word file a ministry could have made itself.

Modules: :mod:`.styles` (Word styles from the theme), :mod:`.page` (sections, header and
footer), :mod:`.inline` (inlines → runs), :mod:`.blocks` (blocks → paragraphs and tables),
:mod:`.tables` (tables and callout boxes), :mod:`.oxml` (the only raw OOXML), :mod:`.rhythm`
(the PDF's line heights and spacing in the styles), :mod:`.fonts` (the theme's fonts embedded
in the package), :mod:`.writer` (the shell).
"""

from kzrs_reports.writers.docx.writer import DocxWriter

WRITER = DocxWriter()
"""The writer :mod:`kzrs_reports.writers.registry` finds for ``docx``."""

__all__ = ["WRITER", "DocxWriter"]
