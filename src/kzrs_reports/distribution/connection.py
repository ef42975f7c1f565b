"""The connection to the mail server: where it is, how it is secured, and what went wrong, in
words that name the server.

Opening it connects, says EHLO, secures it (STARTTLS, or TLS from the start) and logs in.
Each way that can fail becomes a :class:`~kzrs_reports.core.errors.MailServerError` saying
which server and which step: nothing listening on the port, a host name that does not
resolve, no answer, a certificate that is not trusted, no STARTTLS on offer, a refused login.
"""

from __future__ import annotations

import ipaddress
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kzrs_reports.core.errors import MailServerError, SendError, describe

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

    @property
    def server(self) -> str:
        """The server as messages name it: ``mail server smtp.example.org:587``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"mail server {host}:{self.port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def password(settings: SmtpSettings, environ: Mapping[str, str]) -> str | None:
    """The password to log in with (None without a username).

    Raises :class:`SendError` (wrong usage) for settings that cannot work: plain SMTP to
    another machine, or a username whose password is not in the environment.
    """
    if settings.security == "none" and not _is_loopback(settings.host):
        raise SendError(f"{settings.host}: unencrypted SMTP is allowed only to this machine")
    if settings.username is None:
        return None
    found = environ.get(settings.password_env)
    if not found:
        raise SendError(
            f"set the SMTP password in the environment variable {settings.password_env}"
        )
    return found


class Connection:
    """The connection to the server, opened when first needed and again after it is lost,
    and kept open for message after message."""

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self.smtp: smtplib.SMTP | None = None
        self.carried = 0
        """How many messages the open connection has carried to the server's answer."""

    def get(self) -> smtplib.SMTP:
        """The open connection, connected, secured and logged in if it was not.

        Raises :class:`MailServerError` naming the server and the step that failed.
        """
        if self.smtp is not None:
            return self.smtp
        s = self.settings
        context = s.tls_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        try:
            if s.security == "tls":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        except ssl.SSLError as exc:
            raise MailServerError(f"{s.server}: no secure connection: {_tls(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailServerError(f"{s.server}: cannot connect: {self.why(exc)}") from None
        try:
            self._open(smtp)
        except BaseException:
            smtp.close()
            raise
        self.smtp = smtp
        self.carried = 0
        return smtp

    def _open(self, smtp: smtplib.SMTP) -> None:
        s = self.settings
        step = "cannot connect"
        try:
            smtp.ehlo()
            if s.security == "starttls":
                step = "no secure connection"
                try:
                    smtp.starttls(context=s.tls_context or ssl.create_default_context())
                except smtplib.SMTPNotSupportedError:
                    raise MailServerError(
                        f"{s.server}: no secure connection: the server does not offer "
                        "STARTTLS (--tls if it speaks TLS from the start, usually on port 465)"
                    ) from None
                smtp.ehlo()
            if s.username is not None and self.password is not None:
                step = "cannot log in"
                smtp.login(s.username, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailServerError(
                f"{s.server}: refused the login of {s.username}: {reply(exc)}"
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise MailServerError(
                f"{s.server}: offers no login (AUTH) on this connection; leave out --user"
            ) from None
        except ssl.SSLError as exc:
            raise MailServerError(f"{s.server}: no secure connection: {_tls(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailServerError(f"{s.server}: {step}: {self.why(exc)}") from None

    def why(self, exc: BaseException) -> str:
        """What went wrong with the connection, in words: ``connection refused: …``,
        ``no answer within 30 seconds``, ``the server closed the connection``."""
        if isinstance(exc, ConnectionRefusedError):
            return "connection refused: nothing is listening on that port (is the server running?)"
        if isinstance(exc, socket.gaierror):
            return f"the host name cannot be found ({describe(exc)})"
        if isinstance(exc, TimeoutError):
            return f"no answer within {self.settings.timeout:g} seconds"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return "the server closed the connection"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"the server said {reply(exc)}"
        if isinstance(exc, OSError):
            return describe(exc)
        return str(exc)

    def drop(self) -> None:
        """Close the connection, politely if the server still listens."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None
        self.carried = 0


def _tls(exc: ssl.SSLError) -> str:
    """Why the TLS handshake failed, in words."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"its certificate is not trusted ({exc.verify_message})"
    if exc.reason == "WRONG_VERSION_NUMBER":
        return (
            "the server does not speak TLS on this port (--tls is for port 465; leave it out "
            "for STARTTLS)"
        )
    return f"the TLS handshake failed ({exc.reason or exc})"


def reply(exc: smtplib.SMTPResponseException) -> str:
    """The server's answer: its code and text."""
    text = exc.smtp_error
    return f"{exc.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
