"""Protective-marking schemes: the levels in order, each one's printed form per language.

A scheme is data (a YAML file: the shipped ones in ``core/schemes/``, or a house's own, read
by :mod:`kzrs_reports.load.schemes`). Its levels are listed lowest first; the lowest is the
*public* level, the one a reader with no clearance holds. Each level has an ``id`` (what the
tool stores and compares, in ASCII capitals, e.g. ``OFFICIAL``, ``POVERLJIVO``) and its
printed form per language (``ПОВЕРЉИВО`` in Serbian Cyrillic, ``CONFIDENTIAL`` in English).

A level may be named by its id, any printed form in any language, or an alias, after folding
case and runs of spaces (``Top  secret`` is ``TOP SECRET``). What is printed on a document is
:meth:`MarkingScheme.printed` in the document's language, which falls back to the scheme's
own language where the scheme gives no form in that one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kzrs_reports.core.languages import DERIVED, candidates, derive, fold

SHIPPED_SCHEMES_DIR = Path(__file__).resolve().with_name("schemes")
"""The schemes shipped with the package, one ``<id>.yaml`` each."""
DEFAULT_SCHEME = "uk"
"""The scheme of a brief or pack that names none."""


def normalise(name: str) -> str:
    """A marking as compared: inner whitespace runs collapsed, ends stripped, case folded."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a scheme."""

    id: str
    """What is stored and compared: ASCII capitals, e.g. ``OFFICIAL-SENSITIVE``."""
    names: Mapping[str, str]
    """The printed form per language tag (``en``, ``ru``, ``kk``, ``sr-Cyrl``…)."""
    aliases: tuple[str, ...] = ()
    """Other spellings a file may use for it (an abbreviation such as ``ДСП``)."""

    def spellings(self) -> Iterable[str]:
        """Every way of writing this level that names it: id, printed forms, aliases, and
        the forms derived for derived languages (Serbian Latin from Cyrillic)."""
        yield self.id
        yield from self.names.values()
        yield from self.aliases
        for derived, source in DERIVED.items():
            for tag in candidates(source, self.names):
                yield derive(self.names[tag], derived)


@dataclass(frozen=True)
class MarkingScheme:
    """An ordered set of levels, lowest (the public level) first."""

    id: str
    """``uk``, ``rs``… or a house scheme's own id."""
    names: Mapping[str, str]
    """The scheme's name per language."""
    language: str
    """The language its own names are in, printed where a level has no form in another."""
    levels: tuple[Level, ...]
    source: Path | None = None
    """The file it was read from."""
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {normalise(s): rank for rank, lv in enumerate(self.levels) for s in lv.spellings()}
        object.__setattr__(self, "_index", index)

    @property
    def public(self) -> Level:
        """The level of a reader with no clearance: the lowest."""
        return self.levels[0]

    @property
    def name(self) -> str:
        """The scheme's name in its own language."""
        return self.names.get(self.language) or self.id

    def level(self, name: str) -> Level | None:
        """The level ``name`` names (its id, a printed form in any language, an alias), or
        None if it names none."""
        rank = self._index.get(normalise(name))
        return None if rank is None else self.levels[rank]

    def rank(self, name: str) -> int | None:
        """The position of the level ``name`` names (0 = public), or None for none."""
        return self._index.get(normalise(name))

    def known(self, name: str) -> bool:
        """True if ``name`` names a level of this scheme."""
        return normalise(name) in self._index

    def printed(self, level: Level | str, language: str) -> str:
        """The level (or the level ``level`` names) as printed on a document in ``language``.

        The form given for that language (``en`` serves ``en-GB``); else one derived from
        another (Serbian Latin from Serbian Cyrillic); else the scheme's own language's.
        Raises KeyError for a name that is no level of the scheme.
        """
        found = level if isinstance(level, Level) else self.level(level)
        if found is None:
            raise KeyError(f"{level!r} is not a level of the {self.id} scheme")
        tags = candidates(language, found.names)
        if tags:
            return found.names[tags[0]]
        source = DERIVED.get(fold(language))
        if source is not None and (tags := candidates(source, found.names)):
            return derive(found.names[tags[0]], language)
        return found.names.get(self.language) or found.id

    def highest(self, names: Iterable[str]) -> Level:
        """The highest of the levels ``names`` name; raises KeyError for one that is none."""
        ranks = []
        for name in names:
            rank = self.rank(name)
            if rank is None:
                raise KeyError(f"{name!r} is not a level of the {self.id} scheme")
            ranks.append(rank)
        return self.levels[max(ranks)]

    def may_read(self, clearance: str, marking: str) -> bool:
        """True only if both name levels and ``marking`` is not above ``clearance``.

        An unknown marking is never readable: a document nobody can place is withheld.
        """
        have, need = self.rank(clearance), self.rank(marking)
        return have is not None and need is not None and need <= have

    def describe(self) -> str:
        """The levels for a message, lowest first, by id: ``PUBLIC < OFFICIAL < …``."""
        return " < ".join(level.id for level in self.levels)
