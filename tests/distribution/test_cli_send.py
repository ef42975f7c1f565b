"""``kzrs-reports send``: a dry run first, then a real mail-out over STARTTLS, then a re-run."""

from __future__ import annotations

import email
import shutil
import sqlite3
from email import policy
from pathlib import Path

import pytest
from smtpserver import Server, free_port

from clirun import kzrs
from kzrs_reports.distribution.send import SmtpSettings


def _parse(raw: bytes) -> email.message.EmailMessage:
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    return msg


RECIPIENTS = (
    "name,email,organisation,clearance,language\n"
    "Aida Nur,aida@mfa.example.kz,MFA,SECRET,kk\n"
    "Bo Li,bo@example.org,Embassy,OFFICIAL,en\n"
    "Aida again,AIDA@mfa.example.kz,MFA,SECRET,kk\n"
)


@pytest.fixture
def desk(tmp_path: Path, brief_pdf: Path) -> Path:
    (tmp_path / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    shutil.copy(brief_pdf, tmp_path / "kz-rs-visit-2026.pdf")
    shutil.copy(brief_pdf, tmp_path / "annex-a.pdf")
    return tmp_path


ARGS = [
    "send",
    "OFFICIAL:kz-rs-visit-2026.pdf",
    "SECRET:annex-a.pdf",
    "--to",
    "recipients.csv",
    "--from",
    "briefs@mfa.example.kz",
]


def it_writes_a_dry_run_and_a_table(desk: Path) -> None:
    run = kzrs(*ARGS, cwd=desk)
    assert run.code == 0, run.err
    assert "recipients.csv:4:1: email: same address as line 2; merged into it" in run.err
    assert "bo@example.org" in run.out and "annex-a.pdf: marked SECRET, above the " in run.out
    assert "dry run: 2 message(s) written to out/outbox" in run.out
    files = sorted((desk / "out" / "outbox").glob("*.eml"))
    assert [f.name for f in files] == ["001-aida-mfa-example-kz.eml", "002-bo-example-org.eml"]
    bo = email.message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert [p.get_filename() for p in bo.iter_attachments()] == ["kz-rs-visit-2026.pdf"]
    assert not (desk / "out" / "sent.sqlite").exists()


def it_refuses_a_hostile_recipients_file_with_the_line(desk: Path) -> None:
    (desk / "recipients.csv").write_text(
        RECIPIENTS + "Eve\r,eve@example.org\r\nBcc: x@example.org,X,OFFICIAL,en\n",
        encoding="utf-8",
        newline="",
    )
    run = kzrs(*ARGS, cwd=desk)
    assert run.code == 1
    assert run.err.splitlines() == [
        "recipients.csv:5:4: name: holds a line break, CARRIAGE RETURN U+000D; a recipient's "
        "field must be one line, or it could write its own mail headers",
        "recipients.csv:6:1: (file): has 4 fields; the header names 5",
    ]
    assert not (desk / "out").exists()


def it_sends_over_starttls_and_never_twice(
    desk: Path,
    tls_server: tuple[Server, int, Path, list[tuple[bytes, bytes]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, port, cert, logins = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("KZRS_SMTP_PASSWORD", "s3cret")
    real = [*ARGS, "--send", "--smtp", f"127.0.0.1:{port}", "--user", "desk", "--per-minute", "600"]
    first = kzrs(*real, cwd=desk)
    assert first.code == 0, first.err
    assert first.out.splitlines()[-1] == "sent 2, skipped 0, withheld by clearance 1, failed 0"
    second = kzrs(*real, cwd=desk)
    assert second.code == 0, second.err
    rows = second.out.splitlines()
    assert rows[1].split()[:3] == ["aida@mfa.example.kz", "already", "sent"]
    assert rows[2].split()[:3] == ["bo@example.org", "already", "sent"]
    assert rows[-1] == "sent 0, skipped 2, withheld by clearance 1, failed 0"
    assert [to for _, (to,), _ in handler.received] == ["aida@mfa.example.kz", "bo@example.org"]
    # the brief is edited: both get it again, told it is revised (documents outside a pack
    # have no edition, so it cannot be a new one); the annex is unchanged
    brief = desk / "kz-rs-visit-2026.pdf"
    brief.write_bytes(brief.read_bytes() + b"\n% edited\n")
    third = kzrs(*real, cwd=desk)
    assert third.out.splitlines()[-1] == "sent 2, skipped 0, withheld by clearance 1, failed 0"
    received = [_parse(raw) for _, _, raw in handler.received]
    # each in the reader's language: Aida's Kazakh, Bo's English
    assert [m["Subject"] for m in received] == [
        "[SECRET] Анықтамалық материалдар",
        "[OFFICIAL] Briefing documents",
        "[SECRET] Нақтыланған нұсқа: Анықтамалық материалдар",
        "[OFFICIAL] Revised: Briefing documents",
    ]
    body = received[-1].get_body(("plain",))
    assert body is not None
    assert "This is a revision of what you were sent before" in body.get_content()
    assert set(logins) == {(b"desk", b"s3cret")}
    assert (desk / "out" / "sent.sqlite").is_file()


def it_refuses_a_document_that_is_not_a_pdf_docx_or_zip(desk: Path) -> None:
    (desk / "visit.yaml").write_text("brief: {}\n", encoding="utf-8")
    run = kzrs(
        "send", "OFFICIAL:visit.yaml", "--to", "recipients.csv", "--from", "a@b.org", cwd=desk
    )
    assert run.code == 2
    assert "Invalid value: visit.yaml: only .docx, .pdf, .zip files are sent" in run.err
    assert not (desk / "out").exists()


def _sqlite_rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT address, status FROM messages ORDER BY rowid").fetchall()
    db.close()
    return [(a, s) for a, s in rows]


def it_names_a_server_that_is_down_and_sends_nothing(desk: Path) -> None:
    port = free_port()
    run = kzrs(*ARGS, "--send", "--smtp", f"127.0.0.1:{port}", "--no-tls", cwd=desk)
    assert run.code == 1
    assert run.err.splitlines()[-2:] == [
        f"cannot send: mail server 127.0.0.1:{port}: cannot connect: connection refused: "
        "nothing is listening on that port (is the server running?)",
        "nothing sent: 2 message(s) left for the next run",
    ]
    assert "Errno" not in run.err and "Error" not in run.err
    assert run.out.splitlines()[-1] == (
        "sent 0, skipped 0, withheld by clearance 1, failed 0, not sent 2"
    )
    assert _sqlite_rows(desk / "out" / "sent.sqlite") == []


def it_names_a_server_whose_certificate_or_login_fails(
    desk: Path,
    tls_server: tuple[Server, int, Path, list[tuple[bytes, bytes]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler, port, cert, _ = tls_server
    real = [*ARGS, "--send", "--smtp", f"127.0.0.1:{port}", "--user", "desk"]
    monkeypatch.setenv("KZRS_SMTP_PASSWORD", "s3cret")
    untrusted = kzrs(*real, cwd=desk)  # the system's certificates do not include the test's
    assert untrusted.code == 1
    assert untrusted.err.splitlines()[-2] == (
        f"cannot send: mail server 127.0.0.1:{port}: no secure connection: its certificate is "
        "not trusted (self-signed certificate)"
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("KZRS_SMTP_PASSWORD", "wrong")
    refused = kzrs(*real, cwd=desk)
    assert refused.code == 1
    assert refused.err.splitlines()[-2:] == [
        f"cannot send: mail server 127.0.0.1:{port}: refused the login of desk: "
        "535 5.7.8 Authentication credentials invalid",
        "nothing sent: 2 message(s) left for the next run",
    ]
    assert refused.out.splitlines()[-1].startswith("sent 0, ")
    assert handler.received == []
    assert _sqlite_rows(desk / "out" / "sent.sqlite") == []


def it_names_a_server_that_hangs_up_as_a_message_goes_out(
    desk: Path, server: tuple[Server, SmtpSettings]
) -> None:
    handler, smtp = server
    handler.hang_up_after_data = True
    run = kzrs(*ARGS, "--send", "--smtp", f"127.0.0.1:{smtp.port}", "--no-tls", cwd=desk)
    assert run.code == 1
    lost = (
        f"the connection to the mail server 127.0.0.1:{smtp.port} was lost after the message "
        "was sent, before the server said it had it; it may have arrived, so it is not sent "
        "again (--resend sends it)"
    )
    assert run.err.splitlines()[-2:] == [
        f"failed aida@mfa.example.kz: {lost}",
        f"failed bo@example.org: {lost}",
    ]
    assert run.out.splitlines()[-1] == "sent 0, skipped 0, withheld by clearance 1, failed 2"
    assert _sqlite_rows(desk / "out" / "sent.sqlite") == [
        ("aida@mfa.example.kz", "sending"),
        ("bo@example.org", "sending"),
    ]
