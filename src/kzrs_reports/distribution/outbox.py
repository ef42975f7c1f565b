"""The plan of a mail-out, its dry run (one ``.eml`` per message in a folder), and a table
of who gets what."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kzrs_reports.core.errors import WriteError
from kzrs_reports.core.files import atomic_path, make_folder
from kzrs_reports.distribution.editions import Editions
from kzrs_reports.distribution.journal import Sent
from kzrs_reports.distribution.messages import (
    Attachment,
    Decision,
    MailSettings,
    Outgoing,
    build_message,
    content_key,
    decide,
    make_environment,
)
from kzrs_reports.distribution.recipients import Recipient

History = Callable[[str, str], dict[str, Sent]]
"""(series, address) → {content key: ``sent`` or ``sending``, and the edition}, the latest
last: what the journal holds."""

NEW = "new"
NEW_EDITION = "new edition"
REVISED = "revised"
ALREADY_SENT = "already sent"
MAY_HAVE_ARRIVED = "may have arrived"
SENT_AGAIN = "sent again"
NOTHING = "no message"


@dataclass(frozen=True)
class Plan:
    """Every recipient's decision, where each stands, and the messages to send now."""

    decisions: list[Decision]
    outgoing: list[Outgoing]
    """The messages a real run sends: those not already sent (all of them with ``resend``)."""
    standing: dict[str, str]
    """By recipient address: new, new edition, revised (other content under the edition they
    had), already sent, may have arrived, sent again, or no message (cleared for nothing)."""


def plan(
    recipients: list[Recipient],
    attachments: list[Attachment] | Editions,
    settings: MailSettings,
    history: History | None = None,
    *,
    resend: bool = False,
) -> Plan:
    """Decide for every recipient, consult ``history`` and build the messages to send.

    A recipient whose content the history holds is left out (unless ``resend``). One who was
    sent other content of the same series gets a message that says so: a new edition when
    the edition they last had is known and differs from this one, else a revision (changed
    content under an edition that did not change is never called a new edition).
    No file is written and nothing is sent. Given :class:`Editions`, each recipient is sent
    the edition in their language (the email too), or the default one.
    """
    env = make_environment(settings.template_dir)
    # One edition for everyone: each email is written in its reader's own language.
    editions = attachments if isinstance(attachments, Editions) else Editions("", {"": attachments})
    decisions = [
        decide(r, list(chosen), settings.scheme, language)
        for r in recipients
        for language, chosen in [editions.for_reader(r.language)]
    ]
    outgoing: list[Outgoing] = []
    standing: dict[str, str] = {}
    for d in decisions:
        address = d.recipient.email
        if not d.granted:
            standing[address] = NOTHING
            continue
        before = history(settings.series, address) if history else {}
        sent = before.get(content_key(address, settings.series, d.granted))
        if sent is not None and not resend:
            standing[address] = ALREADY_SENT if sent.status == "sent" else MAY_HAVE_ARRIVED
            continue
        changed = sent is None and bool(before)
        new_edition = changed and _other_edition(list(before.values())[-1], settings.edition)
        revised = changed and not new_edition
        standing[address] = (
            SENT_AGAIN if sent else NEW_EDITION if new_edition else REVISED if revised else NEW
        )
        called = replace(settings, title=editions.titles.get(d.language, settings.title))
        outgoing.append(build_message(d, called, env, new_edition=new_edition, revised=revised))
    return Plan(decisions, outgoing, standing)


def _other_edition(last: Sent, edition: str | None) -> bool:
    """True if ``edition`` is known to differ from the one ``last`` carried."""
    return None not in (last.edition, edition) and last.edition != edition


def eml_name(index: int, address: str) -> str:
    """A safe, sortable file name for the ``index``-th recipient's message."""
    safe = re.sub(r"[^a-z0-9]+", "-", address.casefold()).strip("-")[:60]
    return f"{index:03d}-{safe}.eml"


def write_outbox(result: Plan, folder: Path) -> list[Path]:
    """Write one ``.eml`` per outgoing message into ``folder``, each atomically.

    Messages left in ``folder`` by an earlier run (named ``NNN-address.eml``) are removed, so
    the folder holds this run's messages only; other files are left alone.
    Returns the files in recipient order. Raises
    :class:`~kzrs_reports.core.errors.WriteError` naming the file that cannot be written.
    """
    try:
        make_folder(folder)
    except OSError as exc:
        raise WriteError.from_os_error(folder, exc) from None
    written: list[Path] = []
    for index, out in enumerate(result.outgoing, start=1):
        target = folder / eml_name(index, out.decision.recipient.email)
        with atomic_path(target) as temp:
            temp.write_bytes(out.message.as_bytes())
        written.append(target)
    for stale in folder.glob("[0-9][0-9][0-9]-*.eml"):
        if stale not in written:
            try:
                stale.unlink()
            except OSError as exc:
                raise WriteError.from_os_error(stale, exc) from None
    return written


Row = tuple[str, str, str, str, str]


def table(result: Plan) -> list[Row]:
    """One row per recipient: address, where they stand, the language of what they get
    (the edition's, or their own), what they get, what is withheld."""
    rows: list[Row] = []
    for d in result.decisions:
        gets = ", ".join(a.filename for a in d.granted) or "nothing"
        kept = "; ".join(f"{w.attachment.filename}: {w.reason}" for w in d.withheld)
        language = d.language or d.recipient.language
        rows.append((d.recipient.email, result.standing[d.recipient.email], language, gets, kept))
    return rows


def format_table(rows: list[Row]) -> str:
    """The table as aligned plain text with a header line."""
    head = ("Recipient", "Status", "Language", "Receives", "Withheld")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = [
        "  ".join([*(f"{r[i]:<{widths[i]}}" for i in range(4)), r[4]]).rstrip()
        for r in [head, *rows]
    ]
    return "\n".join(lines) + "\n"
