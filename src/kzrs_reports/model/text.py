"""Checks on text values that every writer relies on."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
"""An id: what output files, attachments and anchors are named after, so it can never be a
path (lower-case letters, digits and hyphens, at most 64)."""
_ID = re.compile(ID_PATTERN)
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 language tag as a file gives it: ``en``, ``en-GB``, ``sr-Latn``."""
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
CATEGORY_PATTERN = r"^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{M} -]{0,31}$"
"""A category name: lower-case letters of any script (or letters of a script without case),
spaces and hyphens, at most 32; as pydantic's regular expressions read it (``\\p{Ll}``)."""
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Embeddings, overrides and isolates make text display in another order than it is stored
# (the "Trojan Source" trick); a brief's reader must see what the data says.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def is_id(text: str) -> bool:
    """True if ``text`` is an id (:data:`ID_PATTERN`)."""
    return bool(_ID.match(text))


def is_language(text: str) -> bool:
    """True if ``text`` is shaped like a language tag (:data:`LANGUAGE_PATTERN`)."""
    return bool(_LANGUAGE.match(text))


def refused(char: str) -> bool:
    """True for a character :func:`check_text` refuses (so other checks need not name it)."""
    return bool(_FORBIDDEN.match(char) or _BIDI_CONTROLS.match(char))


def _name(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "lone surrogate"  # half of a UTF-16 pair, as a JSON or YAML \u escape gives
    return unicodedata.name(char, "control character")


def check_text(value: str) -> str:
    """Return ``value`` if it holds no control characters (tab and newline are allowed)
    and no bidirectional embedding, override or isolate characters.

    Raises ValueError naming the first offending character, so the message can point at it.
    """
    match = _FORBIDDEN.search(value)
    if match:
        char = match.group()
        raise ValueError(
            f"contains {_name(char)} U+{ord(char):04X} at character {match.start() + 1}; remove it"
        )
    match = _BIDI_CONTROLS.search(value)
    if match:
        char = match.group()
        raise ValueError(
            f"contains {unicodedata.name(char)} U+{ord(char):04X} at character "
            f"{match.start() + 1}, which would show the text in another order; remove it"
        )
    return value


def check_raw_text(value: object) -> object:
    """:func:`check_text` on a string as it was typed, before white space is stripped from its
    ends (so a control character there is reported, not quietly dropped); other values pass
    through to the type check."""
    return check_text(value) if isinstance(value, str) else value
