"""The dry run: one ``.eml`` per recipient in a folder, and a table of who gets what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kzrs_reports.distribution.messages import (
    Attachment,
    Decision,
    MailSettings,
    Outgoing,
    build_message,
    decide,
    make_environment,
)
from kzrs_reports.distribution.recipients import Recipient
from kzrs_reports.writers.output import WriteError, atomic_path


@dataclass(frozen=True)
class Plan:
    """Every recipient's decision, and the messages for those who receive anything."""

    decisions: list[Decision]
    outgoing: list[Outgoing]


def plan(
    recipients: list[Recipient], attachments: list[Attachment], settings: MailSettings
) -> Plan:
    """Decide for every recipient and build the messages; no file is written, nothing sent."""
    env = make_environment(settings.template_dir)
    decisions = [decide(r, attachments, settings.markings) for r in recipients]
    outgoing = [build_message(d, settings, env) for d in decisions if d.granted]
    return Plan(decisions, outgoing)


def eml_name(index: int, address: str) -> str:
    """A safe, sortable file name for the ``index``-th recipient's message."""
    safe = re.sub(r"[^a-z0-9]+", "-", address.casefold()).strip("-")[:60]
    return f"{index:03d}-{safe}.eml"


def write_outbox(result: Plan, folder: Path) -> list[Path]:
    """Write one ``.eml`` per outgoing message into ``folder``, each atomically.

    Messages left in ``folder`` by an earlier run (named ``NNN-address.eml``) are removed, so
    the folder holds this run's messages only; other files are left alone.
    Returns the files in recipient order. Raises
    :class:`~kzrs_reports.writers.output.WriteError` naming the file that cannot be written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
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


def table(result: Plan) -> list[tuple[str, str, str]]:
    """One row per recipient: address, what they get, what is withheld and why."""
    rows: list[tuple[str, str, str]] = []
    for d in result.decisions:
        gets = ", ".join(a.filename for a in d.granted) or "nothing (no message)"
        kept = "; ".join(f"{w.attachment.filename}: {w.reason}" for w in d.withheld)
        rows.append((d.recipient.email, gets, kept))
    return rows


def format_table(rows: list[tuple[str, str, str]]) -> str:
    """The table as aligned plain text with a header line."""
    head = ("Recipient", "Receives", "Withheld")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(2)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in [head, *rows]]
    return "\n".join(lines) + "\n"
