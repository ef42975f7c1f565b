"""Writers: one document model in, one file format out.

Each format is a package registered in :mod:`.registry` (``pdf``, ``docx``) whose ``WRITER``
follows :class:`.protocol.Writer`; :mod:`.documents` is the shell every format shares
(validation, temporary files renamed into place, the order of formats, the helper process).
"""

from kzrs_reports.writers.documents import write_document, write_documents
from kzrs_reports.writers.protocol import Writer, Written
from kzrs_reports.writers.registry import FORMATS, writer_for

__all__ = ["FORMATS", "Writer", "Written", "write_document", "write_documents", "writer_for"]
