"""The next Word document's styled template, opened while the process waits.

python-docx reads every part of a template and parses its XML when a document is opened from
it: a tenth of a rebuild's Word copy. A Word helper is asked to prepare at the start of every
build, while the build reads its data; it then opens the template of the last document it
wrote, and the next document made from that template takes it instead of opening it again.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import docx


class OpenedAhead:
    """One template's document, opened ahead of its next use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: bytes | None = None
        """The template of the last document written (as .docx bytes)."""
        self._opened: tuple[bytes, Any] | None = None

    def open_ahead(self, default: bytes) -> None:
        """Open the last document's template (``default`` before any) for the next, unless
        one is open already."""
        with self._lock:
            template = self._last if self._last is not None else default
            if self._opened is not None and self._opened[0] is template:
                return
        word = docx.Document(io.BytesIO(template))
        with self._lock:
            self._opened = (template, word)

    def open(self, template: bytes) -> Any:
        """A new python-docx document of ``template``: the one opened ahead if it is of this
        very template, else opened now."""
        with self._lock:
            self._last = template
            opened, self._opened = self._opened, None
        if opened is not None and opened[0] is template:
            return opened[1]
        return docx.Document(io.BytesIO(template))


opened_ahead = OpenedAhead()
