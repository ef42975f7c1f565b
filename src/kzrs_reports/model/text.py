"""Checks on text values that every writer relies on."""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str) -> str:
    """Return ``value`` if it holds no control characters (tab and newline are allowed).

    Raises ValueError naming the first offending character, so the message can point at it.
    """
    match = _FORBIDDEN.search(value)
    if match:
        char = match.group()
        name = unicodedata.name(char, "control character")
        raise ValueError(
            f"contains {name} U+{ord(char):04X} at character {match.start() + 1}; remove it"
        )
    return value
