"""What changed since the previous edition of a brief, in words a reader understands.

:func:`previous_edition` finds and loads the previous edition (``brief.previous`` in the data,
or ``build --since``) and compares it with this one (:func:`compare`, a list of
:class:`Change`); :func:`describe` turns the changes into sentences from the template set's
``labels.yaml`` (``changes:``), for the brief's "Changes in this edition" and for
``kzrs-reports diff``.
"""

from __future__ import annotations

from kzrs_reports.changes.compare import SECTIONS, Change, compare
from kzrs_reports.changes.edition import PreviousEdition, previous_edition
from kzrs_reports.changes.words import Described, describe, sentence

__all__ = [
    "SECTIONS",
    "Change",
    "Described",
    "PreviousEdition",
    "compare",
    "describe",
    "previous_edition",
    "sentence",
]
