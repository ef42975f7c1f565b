"""What each reader is sent in their language: a mail-out's editions.

A pack built in several languages (``pack --lang``) is one mail-out: each recipient gets the
edition in the ``language`` of their row, or the pack's own when there is no edition in it
(or the row names none). Which one each got is shown in the dry run's table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kzrs_reports.core.languages import candidates
from kzrs_reports.distribution.messages import Attachment


@dataclass(frozen=True)
class Editions:
    """The attachments of each edition, by language tag, and the language of the default."""

    language: str
    """The pack's own language: the edition of whoever asks for none there is."""
    attachments: Mapping[str, Sequence[Attachment]]
    """Each edition's attachments by language tag, the default's under :attr:`language`."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """What each edition is called in its language (its pack's title), by language tag; an
    edition without one is called by the mail-out's title."""

    @classmethod
    def single(cls, attachments: Sequence[Attachment], language: str = "en-GB") -> Editions:
        """One edition for everyone: ``attachments`` in ``language``."""
        return cls(language, {language: attachments})

    def language_for(self, wanted: str | None) -> str:
        """The edition a reader asking for ``wanted`` gets: theirs if there is one, else the
        pack's own."""
        found = candidates(wanted, self.attachments) if wanted else []
        return found[0] if found else self.language

    def for_reader(self, wanted: str | None) -> tuple[str, list[Attachment]]:
        """The language and the attachments of the edition for a reader asking ``wanted``."""
        language = self.language_for(wanted)
        return language, list(self.attachments[language])
