"""Find where a path (``("agreements", 2, "status")``) sits in round-trip YAML data.

ruamel.yaml's ``CommentedMap.lc`` and ``CommentedSeq.lc`` hold 0-based positions:
``lc.line``/``lc.col`` where the collection starts, ``lc.key(k)`` and ``lc.value(k)`` for a
mapping entry, ``lc.item(i)`` for a list item. Paths that leave the data (a key that is
missing, or pydantic loc parts with no place in the file) fall back to the nearest enclosing
position, so every problem gets a line and column.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ruamel.yaml.comments import CommentedBase

from kzrs_reports.load.problems import Loc


class Target(Enum):
    """Which position of a path to report."""

    VALUE = "value"
    """The value at the path (a wrong value)."""
    KEY = "key"
    """The key at the end of the path (an unknown field)."""
    PARENT = "parent"
    """The mapping that should hold the last key (a missing field): the key or list item
    holding that mapping, or the start of the file for a top-level field."""


_MISSING = object()


def key_text(key: Any) -> str:
    """A mapping key as the field name problems show: ``null``, ``true`` and ``12`` as typed."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _find_key(container: dict[Any, Any], part: str | int) -> Any:
    if part in container:
        return part
    return next((k for k in container if key_text(k) == str(part)), _MISSING)


def _entry(container: Any, part: str | int, want_key: bool) -> tuple[Any, tuple[int, int] | None]:
    """Return (child, 0-based position of its key or value), or (None, None)."""
    if not isinstance(container, CommentedBase):
        return None, None
    try:
        if isinstance(container, dict):
            key = _find_key(container, part)
            if key is _MISSING:
                return None, None
            # An empty value (``title:``) is placed at the next token: use its key instead.
            value = container[key]
            pos = container.lc.key(key) if want_key or value is None else container.lc.value(key)
            return value, pos
        if isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container):
            return container[part], container.lc.item(part)
    except (KeyError, TypeError, IndexError):  # merged keys have no recorded position
        return None, None
    return None, None


def locate(data: Any, loc: Loc, target: Target = Target.VALUE) -> tuple[int, int]:
    """Return the 1-based (line, column) for ``loc`` in ``data``."""
    path = loc[:-1] if target is Target.PARENT else loc
    best = (data.lc.line, data.lc.col) if isinstance(data, CommentedBase) else (0, 0)
    node = data
    for i, part in enumerate(path):
        last = i == len(path) - 1
        want_key = target is Target.PARENT or (last and target is Target.KEY)
        if target is Target.PARENT and isinstance(node, list):
            want_key = False
        node, pos = _entry(node, part, want_key)
        if pos is None:
            break
        best = pos
    line, col = best
    return (line or 0) + 1, (col or 0) + 1
