"""The plan of a mail-out, its dry run (one ``.eml`` per message in a folder), and a table
of who gets what.

The plan holds every recipient's decision and, for each message to send, who gets what: no
message's bytes. The dry run makes the messages one at a time and writes each as it is
made, into a folder of its own inside the outbox; once every one is written they take their
places in the outbox. So a dry run that fails (a template wrong for some reader, a full
disk) leaves the outbox as it was, and one of ten thousand messages holds no more memory
than one of ten.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from kzrs_reports.core import collector
from kzrs_reports.core.errors import WriteError
from kzrs_reports.core.files import make_folder, sync_folder
from kzrs_reports.distribution.editions import Editions
from kzrs_reports.distribution.journal import Sent
from kzrs_reports.distribution.messages import (
    Attachment,
    Decision,
    MailSettings,
    Outgoing,
    Templates,
    build_message,
    content_key,
    decide,
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
    """The messages a real run sends: those not already sent (all of them with ``resend``),
    each made into bytes only when it is written or sent."""
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
    No file is written, nothing is sent and no message is made yet (a wrong template is
    found when the messages are made). Given :class:`Editions`, each recipient is sent the
    edition in their language (the email too), or the default one.
    """
    templates = Templates(settings.template_dir)
    # One edition for everyone: each email is written in its reader's own language.
    editions = attachments if isinstance(attachments, Editions) else Editions("", {"": attachments})
    decisions = [
        decide(r, list(chosen), settings.scheme, language)
        for r in recipients
        for language, chosen in [editions.for_reader(r.language)]
    ]
    outgoing: list[Outgoing] = []
    standing: dict[str, str] = {}
    called: dict[str, MailSettings] = {}  # each edition's settings, shared by its readers
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
        if d.language not in called:
            title = editions.titles.get(d.language, settings.title)
            called[d.language] = replace(settings, title=title)
        outgoing.append(
            build_message(
                d, called[d.language], templates, new_edition=new_edition, revised=revised
            )
        )
    return Plan(decisions, outgoing, standing)


def _other_edition(last: Sent, edition: str | None) -> bool:
    """True if ``edition`` is known to differ from the one ``last`` carried."""
    return None not in (last.edition, edition) and last.edition != edition


_EML = re.compile(r"^[0-9]{3,}-.*\.eml$")
"""The name of a message a dry run wrote (:func:`eml_name`)."""
_STAGING = ".being-written-"
"""How the folder a dry run writes its messages into begins (inside the outbox)."""


def eml_name(index: int, address: str, count: int = 0) -> str:
    """A safe, sortable file name for the ``index``-th recipient's message of ``count``:
    the number padded to three digits, or as many as ``count`` has."""
    safe = re.sub(r"[^a-z0-9]+", "-", address.casefold()).strip("-")[:60]
    return f"{index:0{max(3, len(str(count)))}d}-{safe}.eml"


def write_outbox(result: Plan, folder: Path) -> list[Path]:
    """Write one ``.eml`` per outgoing message into ``folder``, in recipient order, each made
    and written in turn; return the files.

    The messages are written into a hidden folder inside ``folder`` and moved into ``folder``
    once all are written, replacing those an earlier run left (named ``NNN-address.eml``),
    so the folder holds this run's messages only; other files are left alone. If a message
    cannot be made or written, nothing of this run is left (``folder`` itself is removed if
    this run made it) and the error passes on: :class:`MailTemplateError` naming a template,
    :class:`~kzrs_reports.core.errors.WriteError` naming the file that cannot be written.
    The dry run is a preview, so the files are not flushed to disk one by one (that cost
    milliseconds a message); the folder's entries are, once at the end.
    """
    collector.resume()  # a message's garbage per recipient, for as many as there are
    made = _missing_folders(folder)
    try:
        make_folder(folder)
        for leftover in folder.glob(f"{_STAGING}*"):  # of a run that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=folder))
    except OSError as exc:
        raise WriteError.from_os_error(folder, exc) from None
    try:
        names = _write_all(result.outgoing, staging, folder)
        _replace_messages(staging, folder, names)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for new in made:  # a folder this run made, if nothing else is in it
            try:
                new.rmdir()
            except OSError:
                break
        raise
    staging.rmdir()
    return [folder / name for name in names]


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist, innermost first."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _write_all(outgoing: list[Outgoing], staging: Path, folder: Path) -> list[str]:
    """Make each message and write it into ``staging``; return the files' names in order.

    Each file is created here, in the readers' order, and written by one of
    :data:`WRITERS` threads while the next messages are made: writing is the kernel's work,
    done without the interpreter's lock, so the making and the writing overlap, and the
    writes use every core. At most :data:`_AHEAD` made messages wait to be written, so
    memory stays that of a few messages. The first error passes on once every write begun
    has ended.
    """
    names: list[str] = []
    pending: deque[tuple[Future[None], BinaryIO]] = deque()
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="outbox") as writers:
        try:
            for index, out in enumerate(outgoing, start=1):
                name = eml_name(index, out.decision.recipient.email, len(outgoing))
                pieces = out.compose().pieces
                try:
                    stream: BinaryIO = open(staging / name, "wb")  # noqa: SIM115 (its writer closes it)
                except OSError as exc:
                    raise WriteError.from_os_error(folder / name, exc) from None
                pending.append((writers.submit(_write_one, stream, pieces, folder / name), stream))
                names.append(name)
                while len(pending) > _AHEAD or (pending and pending[0][0].done()):
                    pending.popleft()[0].result()
            while pending:
                pending.popleft()[0].result()
        finally:
            for job, left in pending:
                if job.cancel():
                    left.close()
    return names


WRITERS = 2
"""Threads writing a dry run's messages: the kernel's copying them into the page cache is
slower than making them on some machines, and runs on every core."""
_AHEAD = 4
"""How many made messages may wait for the writers."""


def _write_one(stream: BinaryIO, pieces: tuple[bytes, ...], shown: Path) -> None:
    """Write one message's ``pieces`` to ``stream`` and close it; an error names ``shown``,
    where the message was to go."""
    try:
        with stream:
            stream.writelines(pieces)
    except OSError as exc:
        raise WriteError.from_os_error(shown, exc) from None


def _replace_messages(staging: Path, folder: Path, names: list[str]) -> None:
    """Move the messages from ``staging`` into ``folder``; remove the earlier run's."""
    keep = set(names)
    target = folder
    try:
        for stale in folder.iterdir():
            if _EML.match(stale.name) and stale.name not in keep:
                target = stale
                stale.unlink()
        for name in names:
            target = folder / name
            os.replace(staging / name, target)
        target = folder
        sync_folder(folder)
    except OSError as exc:
        raise WriteError.from_os_error(target, exc) from None


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
