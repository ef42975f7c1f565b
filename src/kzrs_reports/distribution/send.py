"""Sending over SMTP: TLS, a rate limit, the journal kept after every message.

The password is read from an environment variable named in the settings, never passed as an
argument. Plain, unencrypted SMTP is allowed only to a loopback address (a local relay or a
test server). A failure is recorded for its message and the run goes on with the next one,
reconnecting if the connection was lost.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from kzrs_reports.core.errors import SendError
from kzrs_reports.distribution.journal import Journal
from kzrs_reports.distribution.messages import Outgoing

Security = Literal["starttls", "tls", "none"]
DEFAULT_SIZE_WARNING = 10 * 1024 * 1024


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send."""

    host: str
    port: int
    security: Security = "starttls"
    username: str | None = None
    password_env: str = "KZRS_SMTP_PASSWORD"
    """The environment variable that holds the password (used only with a username)."""
    per_minute: float = 30.0
    """At most this many messages a minute."""
    size_warning: int = DEFAULT_SIZE_WARNING
    timeout: float = 30.0
    tls_context: ssl.SSLContext | None = None
    """Certificates to trust; the system's by default."""


@dataclass
class SendReport:
    """What happened to each message, by recipient address."""

    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Connection:
    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self.smtp: smtplib.SMTP | None = None

    def get(self) -> smtplib.SMTP:
        if self.smtp is not None:
            return self.smtp
        s = self.settings
        context = s.tls_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username is not None and self.password is not None:
                smtp.login(s.username, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise SendError(f"the server refused the login: {_describe(exc)}") from None
        except (smtplib.SMTPNotSupportedError, ssl.SSLError) as exc:
            smtp.close()
            raise SendError(f"no secure connection to {s.host}:{s.port}: {exc}") from None
        except BaseException:
            smtp.close()
            raise
        self.smtp = smtp
        return smtp

    def drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _password(settings: SmtpSettings, environ: Mapping[str, str]) -> str | None:
    if settings.security == "none" and not _is_loopback(settings.host):
        raise SendError(f"{settings.host}: unencrypted SMTP is allowed only to this machine")
    if settings.username is None:
        return None
    password = environ.get(settings.password_env)
    if not password:
        raise SendError(
            f"set the SMTP password in the environment variable {settings.password_env}"
        )
    return password


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
    Raises :class:`SendError` before sending anything if the settings cannot work; if the
    server refuses the login or a secure connection, that message and every later one fail.
    """
    password = _password(settings, environ)
    report = SendReport()
    conn = _Connection(settings, password)
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
                error = _send_one(conn, out, journal)
            except SendError as exc:
                # Login or TLS refused: no later message can go either.
                report.failed.extend(
                    (o.decision.recipient.email, str(exc)) for o in outgoing[index:]
                )
                break
            if error is None:
                report.sent.append(address)
            else:
                report.failed.append((address, error))
    finally:
        conn.drop()
    return report


def _send_one(conn: _Connection, out: Outgoing, journal: Journal) -> str | None:
    """Send one message; None on success, else why it failed (the journal already says so)."""
    msg = out.message
    address = out.decision.recipient.email
    sender = msg["From"].addresses[0].addr_spec
    try:
        smtp = conn.get()
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({address: (code, reply)})
    except (smtplib.SMTPException, OSError) as exc:
        # Nothing of the message went out: the server certainly does not have it.
        _reset(conn, exc)
        return _describe(exc)
    attachments = [f"{a.filename}:{a.sha256}" for a in out.decision.granted]
    journal.begin(out.key, out.series, address, out.subject, attachments, str(msg["Message-ID"]))
    try:
        smtp.data(msg.as_bytes())
    except smtplib.SMTPResponseException as exc:
        journal.refused(out.key)  # the server answered no: it does not have the message
        _reset(conn, exc)
        return _describe(exc)
    except (smtplib.SMTPException, OSError) as exc:
        conn.drop()
        return f"{_describe(exc)}; it may have been delivered, so it is not sent again"
    journal.accepted(out.key)
    return None


def _reset(conn: _Connection, exc: BaseException) -> None:
    if isinstance(exc, smtplib.SMTPResponseException) and conn.smtp is not None:
        try:
            conn.smtp.rset()
            return
        except (smtplib.SMTPException, OSError):
            pass
    conn.drop()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        ((code, reply),) = exc.recipients.values()
        return f"server refused the recipient: {code} {_text(reply)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"server said {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    return f"{type(exc).__name__}: {exc}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply
