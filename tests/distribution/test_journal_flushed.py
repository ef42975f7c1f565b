"""A message the journal recorded stays recorded through a power cut: seen in the system calls
of a real mail-out (strace), the journal's log is flushed after every update before anything
more goes to the mail server, and a new journal's name is flushed into its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from smtpserver import Server

from kzrs_reports.distribution.send import SmtpSettings
from syscalls import flushes, run_traced


def it_flushes_each_update_of_the_journal_before_the_server_hears_more(
    tmp_path: Path, brief_pdf: Path, server: tuple[Server, SmtpSettings]
) -> None:
    handler, smtp = server
    shutil.copy(brief_pdf, tmp_path / "brief.pdf")
    (tmp_path / "recipients.csv").write_text(
        "name,email,organisation,clearance,language\n"
        "Aida Nur,aida@mfa.example.kz,MFA,OFFICIAL,kk\n"
        "Bo Li,bo@example.org,Embassy,OFFICIAL,en\n",
        encoding="utf-8",
    )
    run = run_traced(
        "send",
        "OFFICIAL:brief.pdf",
        "--to",
        "recipients.csv",
        "--from",
        "briefs@mfa.example.kz",
        "--send",
        "--smtp",
        f"127.0.0.1:{smtp.port}",
        "--no-tls",
        cwd=tmp_path,
    )
    assert run.code == 0, run.err
    assert len(handler.received) == 2
    journal = str(tmp_path / "out" / "sent.sqlite")
    log = journal + "-wal"
    calls = run.calls
    created = next(
        i
        for i, c in enumerate(calls)
        if c.name == "openat" and journal in c.args and "O_CREAT" in c.args
    )
    assert any(flushes(c, str(tmp_path / "out")) for c in calls[created:])

    unflushed: list[str] = []
    updates = server_heard = 0
    for call in calls:
        if call.name == "pwrite64" and call.fd_path == log:
            unflushed.append(call.args[:80])
            updates += 1
        elif flushes(call, log):
            unflushed.clear()
        elif call.name == "sendto" and call.fd_path.startswith("socket:"):
            server_heard += 1
            assert unflushed == [], f"the server heard more before the journal was flushed: {call}"
    assert unflushed == []
    # begun and accepted, for each of the two messages, and the server heard every step
    assert updates >= 4 and server_heard >= 8
