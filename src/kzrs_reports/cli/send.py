"""``kzrs-reports send MARKING:FILE… --to recipients.csv``: a mail-out, a dry run by default.

Each document is given with its marking, e.g. ``OFFICIAL:out/kz-rs-state-visit-2026.pdf``;
its attachment is named after the file's id-shaped stem (a built brief's file is named after
the brief id). Without ``--send`` one ``.eml`` per recipient is written to ``--outbox`` and
nothing leaves the machine. With ``--send`` and ``--smtp host:port`` the messages go out over
STARTTLS (``--tls`` for implicit TLS), recorded in the journal so a re-run sends only what was
not sent. The password is read from the environment variable ``--password-env`` names.
Exit status: 0 done; 1 a recipients problem or a failed message; 2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _documents(specs: list[str]) -> list[tuple[Path, str, str]]:
    documents: list[tuple[Path, str, str]] = []
    for spec in specs:
        marking, sep, name = spec.partition(":")
        path = Path(name)
        if not sep or not marking.strip():
            raise typer.BadParameter(f"{spec!r}: give MARKING:FILE, e.g. OFFICIAL:out/brief.pdf")
        if not path.is_file():
            raise typer.BadParameter(f"{name}: no such file")
        if not _ID.match(path.stem):
            raise typer.BadParameter(
                f"{name}: the file's name must be an id (lower-case letters, digits, hyphens)"
            )
        documents.append((path, marking, path.stem))
    return documents


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise typer.BadParameter(f"{value!r}: give host:port, e.g. smtp.example.org:587")
    return host.strip("[]"), int(port)


def send(
    documents: Annotated[
        list[str], typer.Argument(metavar="MARKING:FILE...", help="The documents to send.")
    ],
    to: Annotated[
        Path,
        typer.Option("--to", exists=True, dir_okay=False, readable=True, help="Recipients CSV."),
    ],
    sender: Annotated[str, typer.Option("--from", help="The sender's address.")],
    sender_name: Annotated[str, typer.Option("--from-name", help="The sender's name.")] = (
        "Briefing Unit"
    ),
    title: Annotated[str, typer.Option("--title", help="What is sent, for subject and body.")] = (
        "Briefing documents"
    ),
    edition: Annotated[
        str | None, typer.Option("--edition", help="Edition label, named in the subject.")
    ] = None,
    outbox: Annotated[Path, typer.Option("--outbox", help="Folder for the dry run's .eml.")] = (
        Path("out/outbox")
    ),
    journal_path: Annotated[
        Path, typer.Option("--journal", help="The send journal (SQLite).")
    ] = Path("out/sent.sqlite"),
    really: Annotated[bool, typer.Option("--send", help="Send for real (needs --smtp).")] = False,
    smtp: Annotated[str | None, typer.Option("--smtp", help="host:port of the server.")] = None,
    tls: Annotated[bool, typer.Option("--tls", help="Implicit TLS instead of STARTTLS.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="SMTP login name.")] = None,
    password_env: Annotated[
        str, typer.Option("--password-env", help="Environment variable holding the password.")
    ] = "KZRS_SMTP_PASSWORD",
    resend: Annotated[bool, typer.Option("--resend", help="Send again what was sent.")] = False,
    per_minute: Annotated[
        float, typer.Option("--per-minute", min=0.1, help="At most this many messages a minute.")
    ] = 30.0,
    max_size_mb: Annotated[
        float, typer.Option("--warn-size-mb", help="Warn when attachments exceed this.")
    ] = 10.0,
) -> None:
    """Send documents to a recipients list, each getting only what their clearance allows."""
    from email_validator import EmailNotValidError, validate_email

    from kzrs_reports.distribution.journal import Journal
    from kzrs_reports.distribution.messages import Attachment, MailSettings
    from kzrs_reports.distribution.outbox import format_table, plan, table, write_outbox
    from kzrs_reports.distribution.recipients import read_recipients
    from kzrs_reports.distribution.send import SmtpSettings, send_all
    from kzrs_reports.errors import DataError, KzrsError
    from kzrs_reports.writers.output import WriteError

    attachments = [Attachment(p, m, i) for p, m, i in _documents(documents)]
    try:
        from_address = validate_email(sender, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise typer.BadParameter(f"--from: {exc}") from None
    if really and smtp is None:
        raise typer.BadParameter("--send needs --smtp host:port")
    try:
        recipients = read_recipients(to)
    except DataError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    except KzrsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for note in recipients.notes:
        typer.echo(f"note: {note}", err=True)
    settings = MailSettings(
        sender=from_address,
        sender_name=sender_name,
        title=title,
        edition=edition,
        date=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    result = plan(recipients.recipients, attachments, settings)
    typer.echo(format_table(table(result)), nl=False)
    withheld = sum(len(d.withheld) for d in result.decisions)
    if not really or smtp is None:
        try:
            files = write_outbox(result, outbox)
        except WriteError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(
            f"dry run: {len(files)} message(s) written to {outbox}; "
            f"{withheld} document(s) withheld by clearance; nothing sent"
        )
        return
    host, port = _host_port(smtp)
    smtp_settings = SmtpSettings(
        host,
        port,
        security="tls" if tls else "starttls",
        username=user,
        password_env=password_env,
        per_minute=per_minute,
        size_warning=int(max_size_mb * 1024 * 1024),
    )
    try:
        with Journal(journal_path) as journal:
            report = send_all(result.outgoing, journal, smtp_settings, resend=resend)
    except WriteError as exc:  # the journal: what was sent before it failed is recorded
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    except KzrsError as exc:
        typer.echo(f"cannot send: {exc}", err=True)
        raise typer.Exit(2) from None
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for address, reason in report.skipped:
        typer.echo(f"skipped {address}: {reason}")
    for address, reason in report.failed:
        typer.echo(f"failed {address}: {reason}", err=True)
    typer.echo(
        f"sent {len(report.sent)}, skipped {len(report.skipped)}, withheld by clearance "
        f"{withheld}, failed {len(report.failed)}"
    )
    if report.failed:
        raise typer.Exit(1)
