"""``kzrs-reports send PACK.yaml --to recipients.csv``: a mail-out, a dry run by default.

What is sent is a pack (built first, reusing up-to-date documents; ``--attach`` chooses the
bound PDF, every document on its own, or some of them by id) or documents given with their
marking, e.g. ``OFFICIAL:out/kz-rs-visit-2026.pdf`` (the attachment is named after the
file's id-shaped stem). Each recipient gets only what their clearance allows, both read in
the pack's marking scheme (for documents: ``--scheme``, default ``uk``).

Without ``--send`` one ``.eml`` per message that a real run would send is written to the
outbox, with a table of who gets what, and nothing leaves the machine; a dry run that fails
leaves the outbox as it was. With ``--send`` and ``--smtp host:port`` the messages go out
over STARTTLS (``--tls`` for implicit TLS), one connection for all of them (opened again
when the server closes it), each recorded in the journal, so a re-run sends only what was
not sent and a changed pack is sent as a new edition (as revised, when its edition did not
change). The password is read from the environment variable ``--password-env`` names. A
server that is down, cannot be trusted, refuses the login or hangs up is named with what
failed, and what was not sent is left for the next run. Exit status: 0 done; 1 a problem
with the pack, the recipients, a message or the mail server; 2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzrs_reports.cli.options import ChartsOption, OutOption
from kzrs_reports.core.markings import DEFAULT_SCHEME

if TYPE_CHECKING:
    from collections.abc import Collection

    from kzrs_reports.core.markings import MarkingScheme
    from kzrs_reports.distribution.editions import Editions
    from kzrs_reports.distribution.journal import Journal
    from kzrs_reports.distribution.messages import Attachment
    from kzrs_reports.distribution.outbox import Plan
    from kzrs_reports.distribution.send import Security

_PACK_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Mailing:
    """What is sent, what it is called, and the series the journal files it under."""

    attachments: list[Attachment] | Editions
    """What is sent: one set for all, or a pack's editions, each reader's in their language."""
    title: str
    edition: str | None
    series: str


def _documents(specs: list[str], scheme: MarkingScheme) -> list[Attachment]:
    from kzrs_reports.core.errors import KzrsError
    from kzrs_reports.distribution.messages import Attachment

    documents: list[Attachment] = []
    for spec in specs:
        marking, sep, name = spec.partition(":")
        if not sep or not marking.strip():
            raise typer.BadParameter(
                f"{spec!r}: give a pack file, or MARKING:FILE, e.g. OFFICIAL:out/brief.pdf"
            )
        try:
            documents.append(Attachment.of_file(Path(name), marking, scheme))
        except KzrsError as exc:
            raise typer.BadParameter(str(exc)) from None
    return documents


def _is_pack(sources: list[str]) -> bool:
    """One pack file, not one ``MARKING:FILE`` (which may name a YAML file by mistake)."""
    if len(sources) != 1 or Path(sources[0]).suffix.lower() not in _PACK_SUFFIXES:
        return False
    return ":" not in sources[0] or Path(sources[0]).is_file()


def _scheme(sources: list[str], scheme: str | None) -> MarkingScheme:
    """The mail-out's marking scheme: the pack's (its file loaded here, so that a bad pack
    stops the mail-out before the recipients are read), or ``--scheme`` for documents."""
    from kzrs_reports.cli.failures import reported
    from kzrs_reports.load.schemes import load_scheme

    if not _is_pack(sources):
        try:
            with reported():
                return load_scheme(scheme or DEFAULT_SCHEME, Path())
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--scheme'") from None
    if scheme is not None:
        raise typer.BadParameter("a pack names its own (marking_scheme)", param_hint="'--scheme'")
    from kzrs_reports.pack import load_pack

    pack_file = Path(sources[0])
    if not pack_file.is_file():
        raise typer.BadParameter(f"{pack_file}: no such file")
    with reported(problems=f"{pack_file}: {{count}} problem(s); nothing written"):
        return load_scheme(load_pack(pack_file).marking_scheme, pack_file.parent)


def _mailing(
    sources: list[str],
    attach: str,
    out: Path,
    charts_dir: Path,
    title: str | None,
    scheme: MarkingScheme,
    languages: Collection[str] = (),
) -> Mailing:
    """What is sent: the documents given, or the pack built (with an edition in each of the
    ``languages`` readers ask for that there is a catalog for)."""
    if not _is_pack(sources):
        if attach != "pack":
            raise typer.BadParameter("--attach chooses among a pack's documents; give a pack")
        from kzrs_reports.distribution.messages import LOOSE_DOCUMENTS_TITLE

        # Without a title the email templates call the documents by their own words.
        return Mailing(
            _documents(sources, scheme), title or "", None, title or LOOSE_DOCUMENTS_TITLE
        )
    from kzrs_reports.cli.pack import build_pack_or_exit, echo_built
    from kzrs_reports.core.errors import ChoiceError
    from kzrs_reports.pack.mailing import pack_editions

    pack_file = Path(sources[0])
    result = build_pack_or_exit(pack_file, out, charts_dir)
    editions = [result]
    for language in sorted(_edition_languages(languages, result.language)):
        editions.append(build_pack_or_exit(pack_file, out, charts_dir, language))
    for edition in editions:
        echo_built(edition)
    try:
        # each edition is called by its pack's title in its language, unless --title names it
        sent = pack_editions(editions, attach, titled=not title)
    except ChoiceError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--attach'") from None
    return Mailing(sent, title or result.title, result.edition, result.name)


def _edition_languages(wanted: Collection[str], own: str) -> set[str]:
    """Of the languages readers ask for, those a pack in ``own`` needs an edition in: each
    with a catalog, told apart from the pack's own language."""
    from kzrs_reports.core.languages import candidates
    from kzrs_reports.templates.catalog import has_catalog

    return {
        w
        for w in wanted
        if w and has_catalog(w) and not candidates(w, [own]) and not candidates(own, [w])
    }


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise typer.BadParameter(f"{value!r}: give host:port, e.g. smtp.example.org:587")
    return host.strip("[]"), int(port)


def send(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="PACK.yaml | MARKING:FILE...",
            help="A pack file, or documents each with its marking.",
        ),
    ],
    to: Annotated[
        Path,
        typer.Option("--to", exists=True, dir_okay=False, readable=True, help="Recipients CSV."),
    ],
    sender: Annotated[str, typer.Option("--from", help="The sender's address.")],
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            help="For documents given as MARKING:FILE: the marking scheme of their markings "
            "and of the recipients' clearances (uk, kz, rs, nato, or a house scheme file; "
            "default uk). A pack names its own.",
        ),
    ] = None,
    attach: Annotated[
        str,
        typer.Option(
            "--attach",
            help="For a pack: 'pack' (the bound PDF), 'parts' (each document on its own, so "
            "each reader gets all their clearance allows) or document ids, comma-separated.",
        ),
    ] = "pack",
    sender_name: Annotated[str, typer.Option("--from-name", help="The sender's name.")] = (
        "Briefing Unit"
    ),
    title: Annotated[
        str | None,
        typer.Option("--title", help="What is sent, for subject and body (default: the pack's)."),
    ] = None,
    email_templates: Annotated[
        Path | None,
        typer.Option(
            "--email-templates",
            exists=True,
            file_okay=False,
            help="A folder of email templates (subject.txt.j2, body.txt.j2, body.html.j2, "
            "and variants per language such as body.sr.txt.j2); the shipped ones fill gaps.",
        ),
    ] = None,
    out: OutOption = Path("out"),
    charts_dir: ChartsOption = Path("charts"),
    outbox: Annotated[
        Path | None, typer.Option("--outbox", help="Folder for the dry run's .eml (OUT/outbox).")
    ] = None,
    journal_path: Annotated[
        Path | None, typer.Option("--journal", help="The send journal (OUT/sent.sqlite).")
    ] = None,
    really: Annotated[bool, typer.Option("--send", help="Send for real (needs --smtp).")] = False,
    smtp: Annotated[str | None, typer.Option("--smtp", help="host:port of the server.")] = None,
    tls: Annotated[bool, typer.Option("--tls", help="Implicit TLS instead of STARTTLS.")] = False,
    no_tls: Annotated[
        bool,
        typer.Option(
            "--no-tls", help="Plain SMTP, allowed only to this machine (a local relay or test)."
        ),
    ] = False,
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
    """Send a pack, or documents, to a recipients list: a dry run unless --send.

    Each recipient gets only what their clearance allows; the journal makes sure nobody gets
    the same content twice, and says "new edition" when the content and the edition changed,
    "revised" when only the content did.
    """
    from email_validator import EmailNotValidError, validate_email

    from kzrs_reports.cli.failures import reported
    from kzrs_reports.distribution.journal import Journal
    from kzrs_reports.distribution.messages import TEMPLATE_DIR, MailSettings
    from kzrs_reports.distribution.outbox import format_table, plan, table
    from kzrs_reports.distribution.recipients import read_recipients

    try:
        from_address = validate_email(sender, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise typer.BadParameter(f"{exc}", param_hint="'--from'") from None
    if really and smtp is None:
        raise typer.BadParameter("--send needs --smtp host:port")
    if tls and no_tls:
        raise typer.BadParameter("give --tls or --no-tls, not both")
    server = _host_port(smtp) if really and smtp is not None else None
    outbox = outbox or out / "outbox"
    journal_path = journal_path or out / "sent.sqlite"
    markings = _scheme(sources, scheme)
    with reported():
        recipients = read_recipients(to, markings)
    for note in recipients.notes:
        typer.echo(f"note: {note}", err=True)
    wanted = {r.language for r in recipients.recipients}
    mailing = _mailing(sources, attach, out, charts_dir, title, markings, wanted)
    settings = MailSettings(
        sender=from_address,
        sender_name=sender_name,
        title=mailing.title,
        edition=mailing.edition,
        series=mailing.series,
        date=dt.datetime.now(dt.UTC).replace(microsecond=0),
        template_dir=email_templates or TEMPLATE_DIR,
        scheme=markings,
    )
    # A dry run reads the journal if there is one (to show what was sent) but never makes one.
    with reported():
        journal = Journal(journal_path) if really or journal_path.exists() else None
    try:
        with reported("{error}; nothing written, nothing sent"):
            result = plan(
                recipients.recipients,
                mailing.attachments,
                settings,
                journal.history if journal else None,
                resend=resend,
            )
        typer.echo(format_table(table(result)), nl=False)
        _explain(result, sources, attach, mailing.edition)
        if server is None or journal is None:
            _dry_run(result, outbox)
            return
        security: Security = "none" if no_tls else "tls" if tls else "starttls"
        _send(
            result, journal, server, security, user, password_env, per_minute, max_size_mb, resend
        )
    finally:
        if journal is not None:
            journal.close()


def _explain(result: Plan, sources: list[str], attach: str, edition: str | None) -> None:
    from kzrs_reports.distribution.outbox import MAY_HAVE_ARRIVED, REVISED

    revised = sum(s == REVISED for s in result.standing.values())
    if revised and edition is not None:
        typer.echo(
            f"note: {revised} recipient(s) get content that changed under the same edition "
            f"{edition}, so it goes out as Revised; if it is a new edition, change the pack's "
            "edition first",
            err=True,
        )

    unsure = sum(s == MAY_HAVE_ARRIVED for s in result.standing.values())
    if unsure:
        typer.echo(
            f"note: {unsure} message(s) may have arrived: the connection was lost as they "
            "went out, so they are not sent again; --resend sends them",
            err=True,
        )
    empty = [d for d in result.decisions if not d.granted]
    if empty and _is_pack(sources) and attach == "pack":
        typer.echo(
            f"note: {len(empty)} recipient(s) are cleared for none of the bound pack; "
            "--attach parts sends each the documents their clearance allows",
            err=True,
        )


def _dry_run(result: Plan, outbox: Path) -> None:
    from kzrs_reports.cli.failures import report
    from kzrs_reports.core.errors import KzrsError, MailTemplateError
    from kzrs_reports.distribution.outbox import ALREADY_SENT, MAY_HAVE_ARRIVED, write_outbox

    try:
        files = write_outbox(result, outbox)
    except KzrsError as exc:  # the messages are made as they are written: templates fail here
        told = "{error}; nothing written, nothing sent"
        status = report(exc, told if isinstance(exc, MailTemplateError) else "{error}")
        raise typer.Exit(status) from None
    withheld = sum(len(d.withheld) for d in result.decisions)
    done = sum(s in (ALREADY_SENT, MAY_HAVE_ARRIVED) for s in result.standing.values())
    typer.echo(
        f"dry run: {len(files)} message(s) written to {outbox}; {done} already sent; "
        f"{withheld} document(s) withheld by clearance; nothing sent"
    )


def _send(
    result: Plan,
    journal: Journal,
    server: tuple[str, int],
    security: Security,
    user: str | None,
    password_env: str,
    per_minute: float,
    max_size_mb: float,
    resend: bool,
) -> None:
    from kzrs_reports.cli.failures import report
    from kzrs_reports.core.errors import FAILED, KzrsError, MailTemplateError, SendError
    from kzrs_reports.distribution.outbox import ALREADY_SENT, MAY_HAVE_ARRIVED
    from kzrs_reports.distribution.send import SmtpSettings, send_all

    host, port = server
    smtp_settings = SmtpSettings(
        host,
        port,
        security=security,
        username=user,
        password_env=password_env,
        per_minute=per_minute,
        size_warning=int(max_size_mb * 1024 * 1024),
    )
    try:
        sent = send_all(result.outgoing, journal, smtp_settings, resend=resend)
    except KzrsError as exc:  # a journal that cannot be written keeps what was sent before
        message = (
            "cannot send: {error}"
            if isinstance(exc, SendError)
            else "{error}; nothing written, nothing sent"
            if isinstance(exc, MailTemplateError)
            else "{error}"
        )
        raise typer.Exit(report(exc, message)) from None
    for warning in sent.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for address, reason in sent.skipped:
        typer.echo(f"skipped {address}: {reason}")
    for address, reason in sent.failed:
        typer.echo(f"failed {address}: {reason}", err=True)
    if sent.stopped is not None:
        left = len(sent.unsent)
        typer.echo(f"cannot send: {sent.stopped}", err=True)
        typer.echo(
            f"{'nothing' if not sent.sent else 'nothing more'} sent: {left} message(s) "
            "left for the next run",
            err=True,
        )
    done = sum(s in (ALREADY_SENT, MAY_HAVE_ARRIVED) for s in result.standing.values())
    withheld = sum(len(d.withheld) for d in result.decisions)
    unsent = f", not sent {len(sent.unsent)}" if sent.stopped is not None else ""
    typer.echo(
        f"sent {len(sent.sent)}, skipped {len(sent.skipped) + done}, withheld by "
        f"clearance {withheld}, failed {len(sent.failed)}{unsent}"
    )
    if sent.failed or sent.stopped is not None:
        raise typer.Exit(FAILED)
