"""Checks on text values that every writer relies on, and text as a reader expects it printed.

Text is pasted from word processors, web pages and other people's mail, and comes with what
the eye never sees. Every text value of the data is kept as a reader expects it printed, the
same in the PDF, the Word file, the charts, the bookmarks and the metadata
(:func:`normalise_text`):

- accents typed as a letter and a combining mark (as macOS and some web pages write them)
  become the one accented letter (Unicode NFC), so ``Vučić`` is found by a search however it
  was typed, and is drawn as one letter by every writer;
- the zero-width space, the word joiner and a byte-order mark pasted mid-text are dropped:
  they print as nothing and only change where a line may break;
- a soft hyphen is a hint where a word may be broken, not a hyphen: the writers break a word
  too long for its line themselves, and a chart, a bookmark or a document property cannot
  break at all, so the hint is dropped and never prints;
- the zero-width joiner and non-joiner stay: some scripts (and emoji) are spelt with them;
- a no-break space (U+00A0, and the narrow and figure spaces U+202F, U+2007) stays: it prints
  as a space that never breaks a line, where ordinary runs of white space become one space
  (:func:`collapse_spaces`).
"""

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
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
"""Soft hyphen, zero-width space, word joiner, zero-width no-break space (a byte-order mark)."""
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
"""No-break, figure and narrow no-break space: each prints as a space that never breaks."""
_BREAKING_SPACE = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")


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


def normalise_text(value: str) -> str:
    """``value`` as a reader expects it printed: accents composed (NFC); soft hyphens,
    zero-width spaces, word joiners and byte-order marks dropped; zero-width joiners and
    non-joiners and no-break spaces kept (see the module's docstring)."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", value))


def collapse_spaces(text: str) -> str:
    """``text`` with every run of white space that may break a line (newlines included) as
    one space, and its ends stripped; a no-break space is kept as it is."""
    return _BREAKING_SPACE.sub(" ", text).strip()


def check_raw_text(value: object) -> object:
    """:func:`check_text` on a string as it was typed, before white space is stripped from its
    ends (so a control character there is reported, not quietly dropped), then the text as
    printed (:func:`normalise_text`); other values pass through to the type check."""
    return normalise_text(check_text(value)) if isinstance(value, str) else value
