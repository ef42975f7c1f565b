"""Protective markings and their order: which clearance may read which document.

One ordered tuple, lowest first, is the only place the order lives; :class:`Markings` can be
built from another tuple when a ministry uses other levels. A brief's ``classification`` is
written like these (``OFFICIAL`` in the sample), and names are compared after folding case and
runs of spaces, so ``Top  secret`` is ``TOP SECRET``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LEVELS: tuple[str, ...] = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")


def normalise(name: str) -> str:
    """A marking as compared: upper case, inner whitespace runs collapsed, ends stripped."""
    return " ".join(name.split()).upper()


@dataclass(frozen=True, slots=True)
class Markings:
    """An ordered set of markings, lowest first."""

    levels: tuple[str, ...] = DEFAULT_LEVELS

    def rank(self, name: str) -> int | None:
        """The position of ``name`` in the order (0 = lowest), or None if it is not a level."""
        try:
            return self.levels.index(normalise(name))
        except ValueError:
            return None

    def known(self, name: str) -> bool:
        """True if ``name`` is one of the levels."""
        return self.rank(name) is not None

    def may_read(self, clearance: str, marking: str) -> bool:
        """True only if both are known levels and ``marking`` is not above ``clearance``.

        An unknown marking is never readable: a document nobody can place is withheld.
        """
        have, need = self.rank(clearance), self.rank(marking)
        return have is not None and need is not None and need <= have

    def describe(self) -> str:
        """The levels for a message, lowest first: ``OFFICIAL < … < TOP SECRET``."""
        return " < ".join(self.levels)
