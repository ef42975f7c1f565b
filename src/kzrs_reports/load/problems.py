"""Field paths of a data file, as pydantic reports them and as problems print them."""

from __future__ import annotations

from kzrs_reports.core.problems import FILE_FIELD

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
