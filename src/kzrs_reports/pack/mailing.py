"""What of a built pack goes out by mail: the bound pack, or its documents one by one.

The bound pack carries the highest marking of its parts, so a reader cleared below it gets
none of it; sent as separate documents, each reader gets every document their clearance
allows. Attachments are named after ids (the pack's, or each part's), never after titles.
"""

from __future__ import annotations

from kzrs_reports.core.errors import ChoiceError
from kzrs_reports.distribution.editions import Editions
from kzrs_reports.distribution.messages import Attachment
from kzrs_reports.pack.build import PackResult

WHOLE = "pack"
"""Send the bound pack as one PDF."""
PARTS = "parts"
"""Send every document of the pack as its own PDF."""


def pack_attachments(result: PackResult, choice: str = WHOLE) -> list[Attachment]:
    """The attachments for ``choice``: ``pack``, ``parts``, or part ids separated by commas.

    An edition's attachments are named with its language after the id
    (``kz-rs-pack-2026-sr-latn.pdf``), so a reader sees which one they hold. Raises
    :class:`ChoiceError` naming the ids the pack has if an id is not one of them.
    """
    edition = f"-{result.edition_language.lower()}" if result.edition_language else ""
    if choice == WHOLE:
        return [
            Attachment(result.pdf, result.marking, result.name + edition, result.printed_marking)
        ]
    parts = {part.id: part for part in result.parts}
    if choice == PARTS:
        chosen = list(parts)
    else:
        chosen = [c.strip() for c in choice.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in parts]
        if unknown or not chosen:
            raise ChoiceError(
                f"{', '.join(unknown) or repr(choice)}: not a document of the pack; give "
                f"{WHOLE}, {PARTS} or any of: {', '.join(parts)}"
            )
    return [
        Attachment(parts[i].pdf, parts[i].marking, i + edition, parts[i].printed)
        for i in dict.fromkeys(chosen)
    ]


def pack_editions(
    results: list[PackResult], choice: str = WHOLE, *, titled: bool = True
) -> Editions:
    """A pack and its editions (the pack first) as one mail-out: each edition's attachments
    for ``choice`` (:func:`pack_attachments`) under its language and, when ``titled``, each
    called by its own title (else by the mail-out's). Raises :class:`ChoiceError` as
    :func:`pack_attachments` does."""
    tags = [r.edition_language or r.language for r in results]
    return Editions(
        results[0].language,
        {tag: pack_attachments(r, choice) for tag, r in zip(tags, results, strict=True)},
        {tag: r.title for tag, r in zip(tags, results, strict=True)} if titled else {},
    )
