"""What a writer is, and what it gives back.

A writer turns a validated document model into one file format. It writes to the path it is
given and nothing else: validation, the temporary file and its renaming into place, the
order the formats are written in and the helper process are the shell's
(:mod:`kzrs_reports.writers.documents`), the same for every format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.templates.theme import Theme


@dataclass(frozen=True, slots=True)
class Written:
    """What a writer wrote: the file and, where the format knows it, its page count."""

    path: Path
    pages: int | None = None
    heading_pages: Mapping[str, int] = field(default_factory=dict)
    """The page each heading starts on, by anchor, where the format has fixed pages."""


class Writer(Protocol):
    """One output format."""

    format: str
    """The format's name, as ``--format`` takes it and as its files end (``.pdf``)."""
    lays_out_pages: bool
    """True for a format whose pages the writer fixes (a PDF): it reports each heading's page.
    A format laid out by its reader's program (Word) is given those pages instead, to show
    in its contents list until the program lays the document out again."""

    def prepare(self, theme: Theme | None = None) -> None:
        """Load what writing (in ``theme``'s house style, when given) takes now, ahead of the
        first document: in a helper process, or in ``watch`` before the first save."""

    def write(
        self,
        document: Document,
        theme: Theme,
        path: Path,
        heading_pages: Mapping[str, int] | None = None,
    ) -> Written:
        """Write ``document`` in ``theme``'s house style to ``path``, a new file.

        ``heading_pages`` are the pages a format that lays out pages gave each heading, by
        anchor; None when no such format was written. The same arguments give the same bytes.
        """
        ...
