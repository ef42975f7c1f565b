"""Marking-scheme files, and the check of a brief's or a pack's marking against its scheme.

A scheme file (YAML) gives the scheme's ``id``, its ``name`` per language, its ``language``
and its ``levels``, lowest first, each with an ``id``, ``names`` (the printed form per
language tag) and ``aliases``; the lowest level, and only it, is ``public: true``. The
shipped schemes live in ``core/schemes/`` (:func:`shipped_scheme`); a house's own file is
read, with its problems located, by :mod:`kzrs_reports.load.schemes`.

A document names its scheme (``marking_scheme``: a shipped id or the path of a house file)
before its markings, which are checked against it and stored as the level's id. How a
scheme is found for a name is the validation context's :class:`Schemes`: the shipped ones
alone without a context; the loader's finds house files relative to the file too.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)

from kzrs_reports.core.markings import (
    SHIPPED_SCHEMES_DIR,
    Level,
    MarkingScheme,
)
from kzrs_reports.model.text import ID_PATTERN, LANGUAGE_PATTERN, check_raw_text

LEVEL_ID_PATTERN = r"^[A-Z0-9](?:[A-Z0-9 -]{0,58}[A-Z0-9])?$"
"""A level's id: ASCII capitals, digits, spaces and hyphens, so anyone can type it."""
_HOUSE_FILE = re.compile(r"\.ya?ml$", re.IGNORECASE)

SchemeId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Tag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
Printed = Annotated[
    str, StringConstraints(min_length=1, max_length=60), BeforeValidator(check_raw_text)
]
SchemeName = Annotated[
    str, StringConstraints(min_length=1, max_length=200), BeforeValidator(check_raw_text)
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class LevelEntry(_Model):
    """One level of a scheme file."""

    id: Annotated[str, StringConstraints(pattern=LEVEL_ID_PATTERN)]
    """What the tool stores: ASCII capitals, digits, spaces and hyphens (``OFFICIAL``)."""
    public: Annotated[bool, Field(strict=True)] = False
    """True for the lowest level only: the level of readers with no clearance."""
    names: Annotated[dict[Tag, Printed], Field(min_length=1)]
    """The printed form per language tag; the scheme's own language must be among them."""
    aliases: list[Printed] = []
    """Other spellings that name the level (abbreviations such as ``ДСП``)."""


class SchemeFile(_Model):
    """A marking scheme: its levels in order, each one's printed form per language."""

    id: SchemeId
    """The scheme's id, e.g. ``uk``; a pack's documents must all be of one scheme."""
    name: Annotated[dict[Tag, SchemeName], Field(min_length=1)]
    """The scheme's name per language."""
    language: Tag
    """The language of the scheme's own names: printed where a level has no form in
    the language of the document."""
    levels: Annotated[list[LevelEntry], Field(min_length=2, max_length=20)]
    """The levels, lowest (the public one) first."""

    def scheme(self, source: Path | None = None) -> MarkingScheme:
        """The scheme this file describes, read from ``source``."""
        levels = tuple(Level(lv.id, dict(lv.names), tuple(lv.aliases)) for lv in self.levels)
        return MarkingScheme(self.id, dict(self.name), self.language, levels, source)


def shipped_schemes() -> list[str]:
    """The ids of the schemes shipped with the package, sorted."""
    return sorted(p.stem for p in SHIPPED_SCHEMES_DIR.glob("*.yaml"))


@cache
def shipped_scheme(scheme_id: str) -> MarkingScheme:
    """The shipped scheme ``scheme_id``, read once a process, when first asked for.

    Raises ValueError, naming the shipped ones, for an id that is none of them.
    """
    path = SHIPPED_SCHEMES_DIR / f"{scheme_id}.yaml"
    if scheme_id not in shipped_schemes():
        raise ValueError(_unknown(scheme_id))
    from kzrs_reports.core.yamlparser import safe_load

    data = safe_load(path.read_text(encoding="utf-8"))
    try:
        scheme = SchemeFile.model_validate(data)
    except ValidationError as exc:  # the package's own file (its tests read it strictly)
        raise RuntimeError(f"{path}: {exc}") from None
    return scheme.scheme(path)


def is_house_file(name: str) -> bool:
    """True if a ``marking_scheme`` value names a house scheme file (``….yaml``)."""
    return bool(_HOUSE_FILE.search(name))


def _unknown(name: str) -> str:
    return (
        f"unknown marking scheme {name!r}: give one of {', '.join(shipped_schemes())}, or the "
        "path of a house scheme file (.yaml)"
    )


class Schemes:
    """How validation finds the scheme a document names, and the one it named last.

    Given as the validation context (``model_validate(data, context=Schemes())``); this one
    knows the shipped schemes only and leaves a house file unread (its markings unchecked).
    """

    def __init__(self) -> None:
        self.current: MarkingScheme | None = None
        """The scheme of the document being validated, once its ``marking_scheme`` is."""

    def find(self, name: str) -> MarkingScheme | None:
        """The scheme ``name`` names, or None when it cannot be read here; raises ValueError
        saying why ``name`` names no scheme."""
        if is_house_file(name):
            return None
        return shipped_scheme(name)


def _schemes(info: ValidationInfo) -> Schemes | None:
    return info.context if isinstance(info.context, Schemes) else None


def check_scheme_name(value: str, info: ValidationInfo) -> str:
    """A ``marking_scheme`` field's validator: the name must name a scheme; the scheme
    becomes the context's current one, for the markings validated after it."""
    schemes = _schemes(info) or Schemes()
    schemes.current = None
    schemes.current = schemes.find(value)
    return value


def check_marking(value: str, info: ValidationInfo) -> str:
    """A marking field's validator: the value must name a level of the document's scheme
    (the context's current one, or the shipped scheme its ``marking_scheme`` names); the
    level's id is kept. Unchecked when the scheme could not be read (that is reported)."""
    schemes = _schemes(info)
    if schemes is not None:
        scheme = schemes.current
    else:
        named = info.data.get("marking_scheme")  # absent when it was wrong, or no field
        scheme = None if named is None or is_house_file(named) else shipped_scheme(named)
    if scheme is None:
        return value
    level = scheme.level(value)
    if level is None:
        raise ValueError(
            f"must be a level of the {scheme.id} marking scheme: {scheme.describe()} "
            f"(got {value!r})"
        )
    return level.id
