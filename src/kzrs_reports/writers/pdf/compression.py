"""The PDF's compressed streams, kept for the next document of the process.

ReportLab deflates every page's content and every embedded font subset each time a PDF is
saved. A rebuild in ``watch`` repeats most of them byte for byte (the pages an edit did not
reach, the subsets of fonts whose characters did not change), so the deflated bytes of the
last few megabytes of streams are kept, by their content, and a repeated stream is not
deflated again. The bytes are ReportLab's own either way.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict

from reportlab.pdfbase import pdfdoc

KEPT_BYTES = 8 * 2**20
"""How many bytes of streams, before deflating, are kept with their deflated bytes."""


class _KeptDeflate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    """ReportLab's Flate filter, keeping what it deflated lately by content."""

    def __init__(self) -> None:
        self._kept: OrderedDict[bytes, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def encode(self, text: str | bytes) -> bytes:
        """``zlib.compress`` of ``text`` (UTF-8 if a string), as ReportLab's filter gives it."""
        data = text.encode("utf8") if isinstance(text, str) else bytes(text)
        with self._lock:
            found = self._kept.get(data)
            if found is not None:
                self._kept.move_to_end(data)
                return found
        packed = zlib.compress(data)
        with self._lock:
            if data not in self._kept:
                self._kept[data] = packed
                self._size += len(data)
            while self._size > KEPT_BYTES and self._kept:
                dropped, _ = self._kept.popitem(last=False)
                self._size -= len(dropped)
        return packed


def keep_deflated_streams() -> None:
    """Have ReportLab deflate each stream once while it is repeated (idempotent).

    ReportLab names its Flate filter once, as a module global that every stream looks up
    when it is written; the kept filter takes its place for the whole process, and gives
    the same bytes.
    """
    if not isinstance(pdfdoc.PDFZCompress, _KeptDeflate):
        pdfdoc.PDFZCompress = _KeptDeflate()
