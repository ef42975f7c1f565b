"""Sending over SMTP: TLS, a rate limit, the journal kept after every message.

One connection carries message after message. When the server closes it (it takes so many
messages a connection, it answers 421, it hung up while the run waited), the next message
finds it closed before any of that message went out, so the message is sent again over a
new connection; if a new connection is closed too before a message goes, the server is
taking no more and the run stops there, what is left for the next run. Each message is made
into bytes just before it is sent and not kept; every message's templates are rendered once
before the first is sent, so a wrong template stops the run before anything goes.

The password is read from an environment variable named in the settings, never passed as an
argument. Plain, unencrypted SMTP is allowed only to a loopback address (a local relay or a
test server). A message the server refuses is recorded as failed and the run goes on with the
next one. A server that cannot be reached, secured or logged in to stops the run: every
message not yet sent is left for the next run, and the report says which server failed and
how (:mod:`.connection`). A connection lost in the middle of a message is told apart by when
it was lost: before the message's end went out, the server cannot have it, so the next run
sends it; after, it may have arrived, so it is not sent again unless asked.
"""

from __future__ import annotations

import os
import re
import smtplib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kzrs_reports.core import collector
from kzrs_reports.core.errors import MailServerError
from kzrs_reports.distribution.connection import (
    DEFAULT_SIZE_WARNING,
    Connection,
    Security,
    SmtpSettings,
    password,
    reply,
)
from kzrs_reports.distribution.journal import Journal
from kzrs_reports.distribution.messages import Attachment, Composed, Outgoing

__all__ = ["DEFAULT_SIZE_WARNING", "Security", "SendReport", "SmtpSettings", "send_all"]


@dataclass
class SendReport:
    """What happened to each message, by recipient address."""

    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: str | None = None
    """Why the run stopped before its end: the server, and what failed."""
    unsent: list[str] = field(default_factory=list)
    """The recipients whose messages were not tried because the run stopped."""


def send_all(
    outgoing: list[Outgoing],
    journal: Journal,
    settings: SmtpSettings,
    *,
    resend: bool = False,
    environ: Mapping[str, str] = os.environ,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> SendReport:
    """Send every message the journal does not already hold; return what happened to each.

    A message recorded as sent is skipped; one recorded as ``sending`` (the connection was lost
    after it went out) is skipped too, as it may have arrived. ``resend`` sends both again.
    Raises :class:`SendError` before sending anything if the settings cannot work, and
    :class:`MailTemplateError` if a template is wrong for any message. If the server cannot
    be reached, secured or logged in to, or closes a new connection before a message went
    out, the run stops: the report says why (:attr:`SendReport.stopped`) and which messages
    were not tried.
    """
    collector.resume()  # a message's garbage per recipient, for as many as there are
    secret = password(settings, environ)
    for out in outgoing:
        out.texts()  # a wrong template stops the run before the first message goes
    report = SendReport()
    conn = Connection(settings, secret)
    wire = _Wire()
    interval = 60.0 / settings.per_minute
    last: float | None = None
    try:
        for index, out in enumerate(outgoing):
            address = out.decision.recipient.email
            status = None if resend else journal.already_sent(out.key)
            if status == "sent":
                report.skipped.append((address, "already sent"))
                continue
            if status == "sending":
                report.skipped.append(
                    (
                        address,
                        "may have been delivered: the connection was "
                        "lost as it was sent; resend to send it again",
                    )
                )
                continue
            if out.size > settings.size_warning:
                report.warnings.append(
                    f"{address}: attachments are {out.size / 2**20:.1f} MB, above "
                    f"{settings.size_warning / 2**20:.1f} MB; mail servers often refuse that"
                )
            wait = 0.0 if last is None else interval - (clock() - last)
            if wait > 0:
                sleep(wait)
            last = clock()
            try:
                error = _send_one(conn, out, out.compose(), journal, wire)
            except MailServerError as exc:
                # Down, untrusted or refusing the login: no later message can go either.
                report.stopped = str(exc)
                report.unsent = [
                    o.decision.recipient.email
                    for o in outgoing[index:]
                    if resend or journal.already_sent(o.key) is None
                ]
                break
            if error is None:
                report.sent.append(address)
            else:
                report.failed.append((address, error))
    finally:
        conn.drop()
    return report


class _Wire:
    """Each attachment's part as DATA carries it, made once for the run."""

    def __init__(self) -> None:
        self._parts: dict[Attachment, bytes] = {}

    def pieces(self, out: Outgoing, composed: Composed) -> list[bytes]:
        """The message as DATA carries it (:func:`_dot_stuffed`), in pieces."""
        made = composed.pieces[0::2]
        parts = [self._part(a) for a in out.decision.granted]
        pieces = [_lines(made[0])]
        for part, after in zip(parts, made[1:], strict=True):
            pieces += [part, _lines(after)]
        return [*pieces[:-1], _dot_stuffed(pieces[-1])]

    def _part(self, attachment: Attachment) -> bytes:
        found = self._parts.get(attachment)
        if found is None:
            found = self._parts[attachment] = _lines(attachment.part)
        return found


def _closed(exc: BaseException) -> bool:
    """True if ``exc`` says the server closed the connection (or is closing it: 421)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    return isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError)


def _start(conn: Connection, sender: str, address: str) -> None:
    """MAIL, RCPT and DATA: the server is ready for the message, or this raises."""
    smtp = conn.get()
    code, answer = _unless_closing(smtp.mail(sender))
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = _unless_closing(smtp.rcpt(address))
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({address: (code, answer)})
    code, answer = _unless_closing(smtp.docmd("DATA"))
    if code != 354:
        raise smtplib.SMTPDataError(code, answer)


def _unless_closing(answer: tuple[int, bytes]) -> tuple[int, bytes]:
    """The server's answer, unless it is 421: the server is closing the connection."""
    if answer[0] == 421:
        raise smtplib.SMTPResponseException(*answer)
    return answer


def _send_one(
    conn: Connection, out: Outgoing, composed: Composed, journal: Journal, wire: _Wire
) -> str | None:
    """Send one message; None on success, else why it failed (the journal already says so).

    Raises :class:`MailServerError` if the server cannot be reached at all, or closes a new
    connection before the message went out.
    """
    address = out.decision.recipient.email
    server = conn.settings.server
    sender = out.settings.sender
    for attempt in (1, 2):
        reused = conn.carried > 0
        try:
            _start(conn, sender, address)
            break
        except (smtplib.SMTPException, OSError) as exc:
            # Nothing of the message went out: the server certainly does not have it.
            if _closed(exc):
                conn.drop()
                if reused and attempt == 1:
                    continue  # closed after earlier messages: again, on a new connection
                raise MailServerError(
                    f"{server}: {conn.why(exc)} before a message could be sent"
                    + (", on a new connection too" if attempt == 2 else "")
                ) from None
            _reset(conn, exc)
            return _refusal(exc, conn)
    smtp = conn.get()
    attachments = [f"{a.filename}:{a.sha256}" for a in out.decision.granted]
    journal.begin(
        out.key,
        out.series,
        address,
        composed.subject,
        attachments,
        composed.message_id,
        out.edition,
    )
    try:
        for piece in wire.pieces(out, composed):
            smtp.send(piece)
    except (smtplib.SMTPException, OSError):
        # Its end never went out, so the server cannot have taken it.
        journal.refused(out.key)
        conn.drop()
        return (
            f"the connection to the {server} was lost while the message was being sent, "
            "before its end; not delivered, a re-run sends it"
        )
    try:
        code, answer = smtp.getreply()
    except (smtplib.SMTPException, OSError):
        conn.drop()
        return (
            f"the connection to the {server} was lost after the message was sent, before "
            "the server said it had it; it may have arrived, so it is not sent again "
            "(--resend sends it)"
        )
    conn.carried += 1
    if code != 250:
        journal.refused(out.key)  # the server answered no: it does not have the message
        _reset(conn, smtplib.SMTPDataError(code, answer))
        return f"the {server} refused the message: {code} {_text(answer)}"
    journal.accepted(out.key)
    return None


def _lines(raw: bytes) -> bytes:
    """``raw`` with CRLF line ends and a dot doubled at the start of a line (RFC 5321,
    4.5.2): a piece of a message as DATA carries it."""
    return re.sub(rb"(?m)^\.", b"..", re.sub(rb"\r?\n|\r", b"\r\n", raw))


def _dot_stuffed(body: bytes) -> bytes:
    """The last piece of a message as DATA carries it (:func:`_lines`), with the lone dot
    that ends the message (RFC 5321, 4.5.2)."""
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def _reset(conn: Connection, exc: BaseException) -> None:
    if isinstance(exc, smtplib.SMTPResponseException) and conn.smtp is not None:
        try:
            conn.smtp.rset()
            return
        except (smtplib.SMTPException, OSError):
            pass
    conn.drop()


def _refusal(exc: BaseException, conn: Connection) -> str:
    """Why a message was not taken before any of it went out."""
    server = conn.settings.server
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        ((code, answer),) = exc.recipients.values()
        return f"the {server} refused the recipient: {code} {_text(answer)}; not sent"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the {server} said {reply(exc)}; not sent"
    if isinstance(exc, TimeoutError):
        what = f"the {server} did not answer within {conn.settings.timeout:g} seconds"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        what = f"the {server} closed the connection"
    else:
        what = f"the connection to the {server} failed ({conn.why(exc)})"
    return f"{what} before the message was sent; not sent, a re-run sends it"


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer
