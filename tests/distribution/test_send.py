"""Sending to a real SMTP server on 127.0.0.1: exact messages, a dropped connection, a re-run."""

from __future__ import annotations

import email
import os
import sqlite3
import ssl
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from people import person
from smtpserver import Server, free_port

from kzrs_reports.core.errors import MailTemplateError, SendError, WriteError
from kzrs_reports.distribution.journal import Journal
from kzrs_reports.distribution.messages import Attachment, MailSettings
from kzrs_reports.distribution.outbox import plan
from kzrs_reports.distribution.send import SmtpSettings, send_all


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def it_delivers_exact_messages(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    result = plan([person(1, "SECRET"), person(2, "OFFICIAL")], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp)
    assert report.sent == ["reader1@example.org", "reader2@example.org"]
    assert report.failed == [] and report.skipped == []
    assert [(f, t) for f, t, _ in handler.received] == [
        ("briefs@mfa.example.kz", ["reader1@example.org"]),
        ("briefs@mfa.example.kz", ["reader2@example.org"]),
    ]
    first = _parse(handler.received[0][2])
    assert first["To"] == "Reader 1 <reader1@example.org>"
    assert first["Subject"] == "[SECRET] State visit of the President of Serbia"
    assert first["Message-ID"] == result.outgoing[0].message["Message-ID"]
    body = first.get_body(("plain",))
    assert body is not None and "Dear Reader 1," in body.get_content()
    files = {p.get_filename(): p.get_payload(decode=True) for p in first.iter_attachments()}
    assert files == {
        "kz-rs-visit-2026.pdf": documents[0].path.read_bytes(),
        "annex-a.pdf": documents[1].path.read_bytes(),
    }
    second = _parse(handler.received[1][2])
    assert [p.get_filename() for p in second.iter_attachments()] == ["kz-rs-visit-2026.pdf"]


def it_sends_only_the_rest_after_the_server_stops_taking_messages(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    people = [person(n) for n in range(1, 7)]
    result = plan(people, documents, settings)
    handler.drop_after = 3  # then it hangs up on every new connection too
    with Journal(tmp_path / "journal.sqlite") as journal:
        first = send_all(result.outgoing, journal, smtp)
        assert [status for _, _, status in journal.entries()] == ["sent"] * 3
    assert first.sent == [p.email for p in people[:3]]
    assert first.failed == []
    assert first.stopped == (
        f"mail server 127.0.0.1:{smtp.port}: the server closed the connection before a "
        "message could be sent, on a new connection too"
    )
    assert first.unsent == [p.email for p in people[3:]]

    handler.drop_after = None
    with Journal(tmp_path / "journal.sqlite") as journal:
        second = send_all(result.outgoing, journal, smtp)
        assert [status for _, _, status in journal.entries()] == ["sent"] * 6
    assert second.sent == [p.email for p in people[3:]]
    assert second.skipped == [(p.email, "already sent") for p in people[:3]]
    assert [t for _, (t,), _ in handler.received] == [p.email for p in people]

    with Journal(tmp_path / "journal.sqlite") as journal:
        third = send_all(result.outgoing, journal, smtp)
        assert third.sent == [] and len(third.skipped) == 6
        again = send_all(result.outgoing[:1], journal, smtp, resend=True)
    assert again.sent == ["reader1@example.org"]
    assert len(handler.received) == 7


def it_sends_many_messages_over_one_connection(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    people = [person(n) for n in range(1, 31)]
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(plan(people, documents, settings).outgoing, journal, smtp)
    assert report.sent == [p.email for p in people]
    assert len(handler.connections) == 30 and len(set(handler.connections)) == 1


@pytest.mark.parametrize("hang_up", [False, True], ids=["421", "hang-up"])
def it_sends_each_message_once_to_a_server_that_takes_a_few_a_connection(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
    hang_up: bool,
) -> None:
    handler, smtp = server
    people = [person(n) for n in range(1, 8)]
    result = plan(people, documents, settings)
    handler.per_connection = 3
    if hang_up:  # it hangs up on a client that stayed idle, as the next message starts
        handler.per_connection = None
        handler.drop_after = 3
        first = handler.handle_MAIL

        async def hang_up_once(*args: Any) -> str:
            answer = await first(*args)
            handler.drop_after = None if answer.startswith("421") else handler.drop_after
            return answer

        handler.handle_MAIL = hang_up_once  # type: ignore[method-assign]
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp)
        assert [(a, s) for a, _, s in journal.entries()] == [(p.email, "sent") for p in people]
    assert report.sent == [p.email for p in people]
    assert report.failed == [] and report.stopped is None
    assert [t for _, (t,), _ in handler.received] == [p.email for p in people]
    ports = list(dict.fromkeys(handler.connections))
    per_port = [handler.connections.count(p) for p in ports]
    assert per_port == ([3, 4] if hang_up else [3, 3, 1])


def it_does_not_resend_a_message_that_may_have_arrived(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    result = plan([person(1)], documents, settings)
    handler.hang_up_after_data = True
    with Journal(tmp_path / "journal.sqlite") as journal:
        first = send_all(result.outgoing, journal, smtp)
        assert journal.entries() == [("reader1@example.org", result.outgoing[0].subject, "sending")]
    assert first.failed == [
        (
            "reader1@example.org",
            f"the connection to the mail server 127.0.0.1:{smtp.port} was lost after the "
            "message was sent, before the server said it had it; it may have arrived, so it "
            "is not sent again (--resend sends it)",
        )
    ]
    handler.hang_up_after_data = False
    with Journal(tmp_path / "journal.sqlite") as journal:
        second = send_all(result.outgoing, journal, smtp)
        assert second.sent == []
        assert second.skipped[0][1].startswith("may have been delivered")
        third = send_all(result.outgoing, journal, smtp, resend=True)
        assert third.sent == ["reader1@example.org"]
        assert journal.entries()[0][2] == "sent"
    assert len(handler.received) == 2


def it_warns_of_large_attachments_and_paces_messages(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    _, smtp = server
    slow = SmtpSettings(smtp.host, smtp.port, security="none", per_minute=2, size_warning=1000)
    waits: list[float] = []
    now = [0.0]
    result = plan([person(1), person(2)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, slow, sleep=waits.append, clock=lambda: now[0])
    assert waits == [30.0]
    assert len(report.warnings) == 2
    assert report.warnings[0].startswith("reader1@example.org: attachments are ")


def it_refuses_unencrypted_smtp_to_another_host_and_a_missing_password(
    tmp_path: Path,
) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        with pytest.raises(SendError, match="unencrypted SMTP is allowed only to this machine"):
            send_all([], journal, SmtpSettings("mail.example.org", 25, security="none"))
        with pytest.raises(SendError, match="KZRS_SMTP_PASSWORD"):
            send_all([], journal, SmtpSettings("mail.example.org", 587, username="u"), environ={})


def it_sends_over_starttls_with_the_password_from_the_environment(
    tls_server: tuple[Server, int, Path, list[tuple[bytes, bytes]]],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, port, cert, logins = tls_server
    smtp = SmtpSettings(
        "127.0.0.1",
        port,
        security="starttls",
        username="desk",
        password_env="DESK_SMTP_PASSWORD",
        tls_context=ssl.create_default_context(cafile=str(cert)),
    )
    result = plan([person(1)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp, environ={"DESK_SMTP_PASSWORD": "s3cret"})
    assert report.sent == ["reader1@example.org"], report.failed
    assert logins == [(b"desk", b"s3cret")]
    assert len(handler.received) == 1


def it_stops_when_the_login_is_refused(
    tls_server: tuple[Server, int, Path, list[tuple[bytes, bytes]]],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, port, cert, logins = tls_server
    smtp = SmtpSettings(
        "127.0.0.1",
        port,
        username="desk",
        tls_context=ssl.create_default_context(cafile=str(cert)),
    )
    result = plan([person(1), person(2)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp, environ={"KZRS_SMTP_PASSWORD": "wrong"})
        assert journal.entries() == []
    assert report.sent == [] and report.failed == []
    assert report.stopped == (
        f"mail server 127.0.0.1:{port}: refused the login of desk: "
        "535 5.7.8 Authentication credentials invalid"
    )
    assert report.unsent == ["reader1@example.org", "reader2@example.org"]
    # One login, not one per message (smtplib tries PLAIN, then LOGIN, within it).
    assert set(logins) == {(b"desk", b"wrong")} and len(logins) <= 2
    assert handler.received == []


def it_stops_at_a_server_that_is_down_and_sends_nothing(
    documents: list[Attachment], settings: MailSettings, tmp_path: Path
) -> None:
    port = free_port()
    smtp = SmtpSettings("127.0.0.1", port, security="none")
    result = plan([person(1), person(2)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp)
        assert journal.entries() == []
    assert report.sent == [] and report.failed == []
    assert report.stopped == (
        f"mail server 127.0.0.1:{port}: cannot connect: connection refused: nothing is "
        "listening on that port (is the server running?)"
    )
    assert report.unsent == ["reader1@example.org", "reader2@example.org"]


def it_stops_at_a_certificate_it_cannot_trust(
    tls_server: tuple[Server, int, Path, list[tuple[bytes, bytes]]],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, port, _, logins = tls_server
    smtp = SmtpSettings("127.0.0.1", port, username="desk")  # the system's certificates only
    result = plan([person(1)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp, environ={"KZRS_SMTP_PASSWORD": "s3cret"})
        assert journal.entries() == []
    assert report.stopped == (
        f"mail server 127.0.0.1:{port}: no secure connection: its certificate is not trusted "
        "(self-signed certificate)"
    )
    assert report.unsent == ["reader1@example.org"]
    assert logins == [] and handler.received == []


def it_sends_again_a_message_cut_off_before_its_end(
    hanging_up_server: tuple[Server, SmtpSettings],
    server: tuple[Server, SmtpSettings],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    # Far more than the socket buffers hold, so the hang-up is met while the message is sent.
    big = tmp_path / "annex.pdf"
    big.write_bytes(b"%PDF-1.4\n" + os.urandom(16 * 2**20))
    result = plan([person(1)], [Attachment(big, "OFFICIAL", "annex")], settings)
    _, hanging_up = hanging_up_server
    with Journal(tmp_path / "journal.sqlite") as journal:
        first = send_all(result.outgoing, journal, hanging_up)
        assert journal.entries() == []
    assert first.failed == [
        (
            "reader1@example.org",
            f"the connection to the mail server 127.0.0.1:{hanging_up.port} was lost while the "
            "message was being sent, before its end; not delivered, a re-run sends it",
        )
    ]
    handler, working = server
    with Journal(tmp_path / "journal.sqlite") as journal:
        second = send_all(result.outgoing, journal, working)
    assert second.sent == ["reader1@example.org"]
    assert len(handler.received) == 1


def it_records_as_unsent_a_message_the_server_refuses_at_its_end(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    handler.refuse_data = "554 5.6.0 Message refused"
    result = plan([person(1)], documents, settings)
    with Journal(tmp_path / "journal.sqlite") as journal:
        report = send_all(result.outgoing, journal, smtp)
        assert journal.entries() == []
    assert report.failed == [
        (
            "reader1@example.org",
            f"the mail server 127.0.0.1:{smtp.port} refused the message: 554 5.6.0 Message refused",
        )
    ]


def it_reads_a_journal_written_before_series_and_editions_were_recorded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE messages (key TEXT PRIMARY KEY, address TEXT NOT NULL, subject TEXT "
            "NOT NULL, attachments TEXT NOT NULL, message_id TEXT NOT NULL, status TEXT NOT "
            "NULL CHECK (status IN ('sending', 'sent')), updated TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO messages VALUES ('k1', 'a@example.org', 's', '', '<m>', 'sent', '')"
        )
    db.close()
    with Journal(path) as journal:
        assert journal.already_sent("k1") == "sent"
        assert journal.history("", "A@example.org") == {"k1": ("sent", None)}
        journal.begin("k2", "pack", "a@example.org", "s2", [], "<m2>", "2.0")
        assert journal.history("pack", "a@example.org") == {"k2": ("sending", "2.0")}


def it_names_a_file_that_is_not_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite"
    path.write_text("name,email\n", encoding="utf-8")
    with pytest.raises(WriteError, match=r"sent.sqlite: cannot write: file is not a database"):
        Journal(path)


def it_sends_nothing_when_a_template_is_wrong_for_any_reader(
    server: tuple[Server, SmtpSettings],
    documents: list[Attachment],
    settings: MailSettings,
    tmp_path: Path,
) -> None:
    handler, smtp = server
    house = tmp_path / "house"
    house.mkdir()
    (house / "body.txt.j2").write_text(
        "Dear {{ recipient.name }},\n{% if recipient.name == 'Reader 3' %}{{ nowhere.x }}"
        "{% endif %}\n",
        encoding="utf-8",
    )
    people = [person(n) for n in range(1, 5)]
    result = plan(people, documents, replace(settings, template_dir=house))
    with Journal(tmp_path / "journal.sqlite") as journal:
        with pytest.raises(MailTemplateError, match="'nowhere' is undefined"):
            send_all(result.outgoing, journal, smtp)
        assert journal.entries() == []
    assert handler.received == []
