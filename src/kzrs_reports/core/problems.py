"""A problem found in an input file (data, pack, recipients), located at a line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FILE_FIELD = "(file)"
"""The field name used for problems that concern the file as a whole (encoding, syntax, size)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a data file, printed as ``file:line:col: field: message``."""

    file: str
    """The path of the data file, as given."""
    line: int
    """1-based line number."""
    col: int
    """1-based column number (in characters)."""
    field: str
    """Path of the field, e.g. ``agreements[2].status``, or ``(file)`` for the whole file."""
    message: str
    """What is wrong, in plain words."""
    severity: Literal["error", "note"] = "error"
    """``error``: the file is refused; ``note``: something the reader should know (a quote
    that could not be checked) that a strict option may make an error."""

    def __str__(self) -> str:
        note = "note: " if self.severity == "note" else ""
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {note}{self.message}"

    @property
    def is_error(self) -> bool:
        """True when the problem refuses the file."""
        return self.severity == "error"

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Order problems by position, then field and message."""
        return (self.line, self.col, self.field, self.message)
