"""A problem found in a data file, located at a line and column."""

from __future__ import annotations

from dataclasses import dataclass

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

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {self.message}"

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Order problems by position, then field and message."""
        return (self.line, self.col, self.field, self.message)


Loc = tuple[str | int, ...]
"""A path into the data: keys and list indexes, as pydantic reports them."""


def format_loc(loc: Loc) -> str:
    """Render a path as ``agreements[2].status``; the empty path is ``(file)``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or FILE_FIELD
