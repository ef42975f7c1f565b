"""Language tags, and the one language derived from another by a fixed rule.

A tag is BCP 47 as a file gives it (``en-GB``, ``ru``, ``sr-Cyrl``). Two tags name the same
language when they are equal ignoring case; a text given for ``en`` serves an ``en-GB``
edition and the other way round (:func:`candidates`).

Serbian is written in two scripts that say the same thing letter for letter: Serbian Latin
(``sr-Latn``) is derived from Serbian Cyrillic (``sr-Cyrl``) by the standard one-to-one
transliteration (:func:`serbian_latin`), for the catalog of page words and for any data text
that has no Latin version of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

DERIVED: dict[str, str] = {"sr-latn": "sr-Cyrl"}
"""A language (folded tag) whose text is made from another's when it has none of its own."""

_SERBIAN = dict(
    zip(
        "абвгдђежзијклљмнњопрстћуфхцчџш",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "đ",
            "e",
            "ž",
            "z",
            "i",
            "j",
            "k",
            "l",
            "lj",
            "m",
            "n",
            "nj",
            "o",
            "p",
            "r",
            "s",
            "t",
            "ć",
            "u",
            "f",
            "h",
            "c",
            "č",
            "dž",
            "š",
        ],
        strict=True,
    )
)
# Letters of Russian and Kazakh that Serbian lacks, so that a name quoted in them is still
# printed in Latin letters in a Serbian Latin edition (as Serbian Latin press writes them).
_OTHER_CYRILLIC = dict(
    zip(
        "йщъыьэюяёәғқңөұүһі",
        [
            "j",
            "šč",
            "_",
            "y",
            "_",
            "e",
            "ju",
            "ja",
            "jo",
            "ä",
            "g",
            "k",
            "n",
            "ö",
            "u",
            "ü",
            "h",
            "i",
        ],
        strict=True,
    )
)
_TO_LATIN = {
    **{k: v.replace("_", "") for k, v in _OTHER_CYRILLIC.items()},
    **_SERBIAN,
}


def fold(tag: str) -> str:
    """``tag`` as compared: lower case, ``_`` read as ``-``."""
    return tag.replace("_", "-").lower()


def base(tag: str) -> str:
    """The language of ``tag`` without script or region: ``sr`` for ``sr-Latn``."""
    return fold(tag).split("-", 1)[0]


def candidates(language: str, given: Iterable[str]) -> list[str]:
    """Of the tags ``given`` (a multilingual text's keys), those that may serve an edition in
    ``language``, best first: the same tag; else, when neither names a script (``en`` and
    ``en-GB``, ``ru`` and ``ru-RU``), a tag of the same base language. ``sr-Latn`` is never
    served by ``sr-Cyrl`` text as it stands: that is :func:`derive`'s work."""
    tags = list(given)
    exact = [t for t in tags if fold(t) == fold(language)]
    if exact or _script(language):
        return exact
    return [t for t in tags if base(t) == base(language) and not _script(t)]


def _script(tag: str) -> bool:
    return any(len(part) == 4 and part.isalpha() for part in fold(tag).split("-")[1:])


def serbian_latin(text: str) -> str:
    """``text`` with every Cyrillic letter in Serbian Latin (``љ`` → ``lj``, ``ђ`` → ``đ``).

    A capital that becomes two letters (``Љ``, ``Њ``, ``Џ``) is written ``LJ`` inside a word
    in capitals (``ЉУБЉАНА`` → ``LJUBLJANA``) and ``Lj`` otherwise (``Љубљана`` →
    ``Ljubljana``). Letters that are not Cyrillic are left as they are.
    """
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        latin = _TO_LATIN.get(lower)
        if latin is None:
            out.append(char)
        elif char == lower:
            out.append(latin)
        elif len(latin) == 1:
            out.append(latin.upper())
        else:
            out.append(latin.upper() if _in_capitals(text, i) else latin.capitalize())
    return "".join(out)


def _in_capitals(text: str, i: int) -> bool:
    """True if the letter at ``i`` stands among capitals: the next letter is one, or it has
    no next letter and the one before is one."""
    after = text[i + 1] if i + 1 < len(text) else ""
    before = text[i - 1] if i > 0 else ""
    if after.isalpha():
        return after.isupper()
    return before.isalpha() and before.isupper()


def derive(text: str, language: str) -> str:
    """``text`` (in the language ``language`` is derived from) made into ``language``."""
    if fold(language) == "sr-latn":
        return serbian_latin(text)
    return text
