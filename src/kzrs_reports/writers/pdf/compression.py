"""The PDF's compressed streams, kept for the next documents of the process.

ReportLab deflates every page's content and every embedded font subset each time a PDF is
saved. A rebuild in ``watch`` repeats most of them byte for byte (the pages an edit did not
reach, the subsets of fonts whose characters did not change), so the deflated bytes of the
streams of the last few documents are kept, by their content, and a repeated stream is not
deflated again. The bytes are ReportLab's own either way.
"""

from __future__ import annotations

import threading
import zlib

from reportlab.pdfbase import pdfdoc

from kzrs_reports.writers.pdf.flowables import KEPT_DOCUMENTS

KEPT_BYTES = 4 * 2**20
"""The most bytes of streams, before deflating, kept at once (a document of many pages)."""


class _KeptDeflate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    """ReportLab's Flate filter, keeping what the last few documents deflated, by content."""

    def __init__(self) -> None:
        self._kept: dict[bytes, tuple[bytes, int]] = {}
        """Each stream: its deflated bytes and the last document that wrote it."""
        self._document = 0
        self._lock = threading.Lock()

    def next_document(self) -> None:
        """A new document begins: forget the streams no recent document wrote."""
        with self._lock:
            self._document += 1
            oldest = self._document - KEPT_DOCUMENTS
            if any(last <= oldest for _, last in self._kept.values()):
                self._kept = {k: v for k, v in self._kept.items() if v[1] > oldest}

    def encode(self, text: str | bytes) -> bytes:
        """``zlib.compress`` of ``text`` (UTF-8 if a string), as ReportLab's filter gives it."""
        data = text.encode("utf8") if isinstance(text, str) else bytes(text)
        with self._lock:
            found = self._kept.get(data)
            if found is not None:
                self._kept[data] = (found[0], self._document)
                return found[0]
        packed = zlib.compress(data)
        with self._lock:
            if sum(map(len, self._kept)) + len(data) > KEPT_BYTES:
                self._kept.clear()
            self._kept[data] = (packed, self._document)
        return packed


def next_pdf() -> None:
    """Before writing a PDF: have ReportLab deflate each stream that repeats one of the last
    few PDFs of this process only once.

    ReportLab names its Flate filter once, as a module global that every stream looks up
    when it is written; the kept filter takes its place for the whole process, and gives
    the same bytes.
    """
    kept = pdfdoc.PDFZCompress
    if not isinstance(kept, _KeptDeflate):
        kept = pdfdoc.PDFZCompress = _KeptDeflate()
    kept.next_document()
