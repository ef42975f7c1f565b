"""A mail-out to a long list, seen from outside: the document is read from disk once however
many readers get it, the dry run writes its messages one by one in the readers' order, a
real run sends them all over one connection, and a dry run that fails leaves the outbox as
it was."""

from __future__ import annotations

import email
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from smtpserver import Server

from clirun import kzrs
from kzrs_reports.distribution.send import SmtpSettings
from syscalls import Call, run_traced

READERS = 60


@pytest.fixture
def desk(tmp_path: Path, brief_pdf: Path) -> Path:
    shutil.copy(brief_pdf, tmp_path / "brief.pdf")
    rows = ["name,email,organisation,clearance,language"]
    rows += [f"Reader {n},reader{n}@example.org,MFA,OFFICIAL,en" for n in range(1, READERS + 1)]
    (tmp_path / "recipients.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


SEND = ["send", "OFFICIAL:brief.pdf", "--to", "recipients.csv", "--from", "briefs@example.org"]


def _opened(calls: list[Call], name: str) -> list[Call]:
    """The successful opens of a file whose path ends with ``name``."""
    return [
        c
        for c in calls
        if c.name == "openat"
        and any(s.endswith(f"/{name}") or s == name for s in c.strings)
        and "= -1" not in c.args
    ]


def it_reads_the_document_once_and_writes_each_message_as_it_is_made(desk: Path) -> None:
    run = run_traced(*SEND, cwd=desk)
    assert run.code == 0, run.err
    assert len(_opened(run.calls, "brief.pdf")) == 1
    written = [
        Path(c.strings[0]).name
        for c in run.calls
        if c.name == "openat" and "O_CREAT" in c.args and c.strings[0].endswith(".eml")
    ]
    expected = [f"{n:03d}-reader{n}-example-org.eml" for n in range(1, READERS + 1)]
    assert written == expected
    outbox = desk / "out" / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == expected
    last = email.message_from_bytes((outbox / expected[-1]).read_bytes(), policy=policy.default)
    assert last["To"] == f"Reader {READERS} <reader{READERS}@example.org>"
    (attached,) = last.iter_attachments()
    assert attached.get_payload(decode=True) == (desk / "brief.pdf").read_bytes()


def it_sends_every_message_over_one_connection_reading_the_document_once(
    desk: Path, server: tuple[Server, SmtpSettings]
) -> None:
    handler, smtp = server
    run = run_traced(
        *SEND,
        "--send",
        "--smtp",
        f"127.0.0.1:{smtp.port}",
        "--no-tls",
        "--per-minute",
        "6000",
        cwd=desk,
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == (
        f"sent {READERS}, skipped 0, withheld by clearance 0, failed 0"
    )
    assert len(_opened(run.calls, "brief.pdf")) == 1
    assert [to for _, (to,), _ in handler.received] == [
        f"reader{n}@example.org" for n in range(1, READERS + 1)
    ]
    assert len(set(handler.connections)) == 1
    with sqlite3.connect(desk / "out" / "sent.sqlite") as db:
        rows = db.execute("SELECT status, count(*) FROM messages GROUP BY status").fetchall()
    db.close()
    assert rows == [("sent", READERS)]


def it_leaves_the_outbox_as_it_was_when_a_message_cannot_be_made(desk: Path) -> None:
    first = kzrs(*SEND, cwd=desk)
    assert first.code == 0, first.err
    outbox = desk / "out" / "outbox"
    before = {p.name: p.read_bytes() for p in outbox.iterdir()}
    assert len(before) == READERS
    # a house template wrong only for the 40th reader: found when that message is made
    (desk / "house").mkdir()
    (desk / "house" / "body.txt.j2").write_text(
        "Dear {{ recipient.name }},\n{% if recipient.name == 'Reader 40' %}{{ nowhere.x }}"
        "{% endif %}\n",
        encoding="utf-8",
    )
    (desk / "recipients.csv").write_text(
        (desk / "recipients.csv").read_text(encoding="utf-8").replace("Reader 1,", "Renamed,"),
        encoding="utf-8",
    )
    run = kzrs(*SEND, "--email-templates", desk / "house", cwd=desk)
    assert run.code == 1
    assert run.err.splitlines()[-1] == (
        f"{desk / 'house' / 'body.txt.j2'}:2: UndefinedError: 'nowhere' is undefined; "
        "nothing written, nothing sent"
    )
    assert {p.name: p.read_bytes() for p in outbox.iterdir()} == before


def it_leaves_the_outbox_as_it_was_when_a_message_cannot_be_written(desk: Path) -> None:
    first = kzrs(*SEND, cwd=desk)
    assert first.code == 0, first.err
    outbox = desk / "out" / "outbox"
    before = {p.name: p.read_bytes() for p in outbox.iterdir()}
    largest = max(len(b) for b in before.values())
    # the 40th reader is cleared for a second document: their message, twice the size of
    # the others, is more than the file-size limit lets the process write
    shutil.copy(desk / "brief.pdf", desk / "annex.pdf")
    csv = desk / "recipients.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace(
            "reader40@example.org,MFA,OFFICIAL", "reader40@example.org,MFA,SECRET"
        ),
        encoding="utf-8",
    )

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 4096, resource.RLIM_INFINITY))

    run = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", *SEND, "SECRET:annex.pdf"],
        cwd=desk,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=limited,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "out/outbox/040-reader40-example-org.eml: cannot write: File too large"
    )
    assert {p.name: p.read_bytes() for p in outbox.iterdir()} == before
