"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), plain or STARTTLS."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

from kzrs_reports.distribution.send import SmtpSettings


class Server:
    """Records every message, and the connection (the client's port) that brought it; with
    ``drop_after`` set, hangs up on the next MAIL FROM; with ``per_connection`` set, answers
    421 to a MAIL FROM on a connection that brought that many messages (and waits for the
    client to go); with ``hold_after`` set, never answers the DATA that brings that many
    messages (the client waits for the reply until it is killed); with
    ``hang_up_after_data``, hangs up instead of answering a message; with ``refuse_data``,
    answers it with that refusal."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.connections: list[int] = []
        """The client's port for each message received."""
        self.drop_after: int | None = None
        self.per_connection: int | None = None
        self.hold_after: int | None = None
        self.hang_up_after_data = False
        self.refuse_data: str | None = None

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.close()
            return "421 closing"
        carried = self.connections.count(session.peer[1])
        if self.per_connection is not None and carried >= self.per_connection:
            return "421 4.7.0 Too many messages on this connection"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.connections.append(session.peer[1])
        if self.hold_after is not None and len(self.received) >= self.hold_after:
            await asyncio.sleep(120)
        if self.hang_up_after_data:
            server.transport.close()
        return self.refuse_data or "250 Message accepted"


class _HangsUpInData(SMTP):
    """Says "go ahead" to DATA, then hangs up without reading a byte of the message."""

    async def smtp_DATA(self, arg: str) -> None:
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        assert self.transport is not None
        self.transport.abort()


class _HangingUpController(Controller):
    def factory(self) -> SMTP:
        return _HangsUpInData(self.handler, **self.SMTP_kwargs)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (until something else takes it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server() -> Iterator[tuple[Server, SmtpSettings]]:
    handler = Server()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", port, security="none", per_minute=6000)
    finally:
        controller.stop()


@pytest.fixture
def hanging_up_server() -> Iterator[tuple[Server, SmtpSettings]]:
    """A plain server that hangs up in the middle of every message it is sent."""
    handler = Server()
    port = free_port()
    controller = _HangingUpController(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", port, security="none", per_minute=6000)
    finally:
        controller.stop()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Server, int, Path, list[tuple[bytes, bytes]]]]:
    """A STARTTLS-only server with a self-signed certificate and a login (desk / s3cret)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        logins.append((data.login, data.password))
        # handled=False: aiosmtpd then answers a refusal with 535 itself.
        return AuthResult(success=data.password == b"s3cret", handled=False)

    handler = Server()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield handler, port, cert, logins
    finally:
        controller.stop()
