"""Messages: clearance decides what is attached; the dry run's .eml files read back intact."""

from __future__ import annotations

import email
from dataclasses import replace
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from people import person

from kzrs_reports.distribution.messages import (
    MAIL_POLICY,
    Attachment,
    MailSettings,
    Outgoing,
    build_message,
    decide,
)
from kzrs_reports.distribution.outbox import format_table, plan, table, write_outbox


def _read(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _attachments(msg: EmailMessage) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in msg.iter_attachments():
        assert isinstance(part, EmailMessage)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def it_withholds_documents_above_the_clearance(
    documents: list[Attachment], settings: MailSettings
) -> None:
    low = decide(person(1, "OFFICIAL"), documents, settings.scheme)
    assert [a.filename for a in low.granted] == ["kz-rs-visit-2026.pdf"]
    assert [(w.attachment.filename, w.reason) for w in low.withheld] == [
        ("annex-a.pdf", "marked SECRET, above the recipient's clearance OFFICIAL")
    ]
    high = decide(person(2, "TOP SECRET"), documents, settings.scheme)
    assert [a.filename for a in high.granted] == ["kz-rs-visit-2026.pdf", "annex-a.pdf"]
    odd = Attachment(documents[0].path, "EYES ONLY", "odd")
    assert decide(person(3, "TOP SECRET"), [odd], settings.scheme).withheld[0].reason == (
        "marking 'EYES ONLY' is not a level of the uk scheme"
    )


def it_writes_eml_files_a_mail_reader_opens(
    documents: list[Attachment], settings: MailSettings, tmp_path: Path
) -> None:
    people = [
        person(1, "OFFICIAL"),
        person(2, "SECRET", name="Ana <b>Bold</b> & Co"),
        person(3, "OFFICIAL-SENSITIVE"),
    ]
    result = plan(people, documents, settings)
    outbox = tmp_path / "outbox"
    (outbox).mkdir()
    (outbox / "009-old-example-org.eml").write_text("old")
    (outbox / "mine.eml").write_text("a file of the user's")
    files = write_outbox(result, outbox)
    assert sorted(p.name for p in outbox.iterdir()) == [
        "001-reader1-example-org.eml",
        "002-reader2-example-org.eml",
        "003-reader3-example-org.eml",
        "mine.eml",
    ]
    first, second, _ = (_read(p) for p in files)

    assert first["From"] == "Briefing Unit <briefs@mfa.example.kz>"
    assert first["To"] == "Reader 1 <reader1@example.org>"
    assert first["Subject"] == "[OFFICIAL] State visit of the President of Serbia"
    assert first["Date"] == "Sun, 01 Mar 2026 09:30:00 +0000"
    assert _attachments(first) == {"kz-rs-visit-2026.pdf": documents[0].path.read_bytes()}

    assert second["Subject"] == "[SECRET] State visit of the President of Serbia"
    assert second["To"].addresses[0].display_name == "Ana <b>Bold</b> & Co"
    assert _attachments(second) == {
        "kz-rs-visit-2026.pdf": documents[0].path.read_bytes(),
        "annex-a.pdf": documents[1].path.read_bytes(),
    }
    text = second.get_body(("plain",))
    html = second.get_body(("html",))
    assert text is not None and html is not None
    assert "Dear Ana <b>Bold</b> & Co," in text.get_content()
    assert "  - annex-a.pdf (SECRET)" in text.get_content()
    assert "<p>Dear Ana &lt;b&gt;Bold&lt;/b&gt; &amp; Co,</p>" in html.get_content()
    assert "<b>" not in html.get_content()

    assert format_table(table(result)) == (
        "Recipient            Status  Language  Receives                           Withheld\n"
        "reader1@example.org  new     en        kz-rs-visit-2026.pdf               annex-a.pdf: "
        "marked SECRET, above the recipient's clearance OFFICIAL\n"
        "reader2@example.org  new     en        kz-rs-visit-2026.pdf, annex-a.pdf\n"
        "reader3@example.org  new     en        kz-rs-visit-2026.pdf               annex-a.pdf: "
        "marked SECRET, above the recipient's clearance OFFICIAL-SENSITIVE\n"
    )


def it_gives_the_same_bytes_for_the_same_input(
    documents: list[Attachment], settings: MailSettings
) -> None:
    d = decide(person(1, "SECRET"), documents, settings.scheme)
    a, b = build_message(d, settings), build_message(d, settings)
    assert a.compose().raw == b.compose().raw
    assert a.message["Message-ID"].endswith("@mfa.example.kz>")


def it_keeps_data_out_of_the_headers(documents: list[Attachment], settings: MailSettings) -> None:
    hostile = MailSettings(
        sender=settings.sender,
        sender_name="Unit\r\nBcc: all@example.org",
        title="Visit\r\nBcc: everyone@example.org",
        date=settings.date,
    )
    out = build_message(decide(person(1), documents, settings.scheme), hostile)
    head = out.compose().raw.split(b"\r\n\r\n")[0]
    assert b"\nBcc:" not in head
    assert out.message["Subject"] == "[OFFICIAL] Visit Bcc: everyone@example.org"
    assert out.message.get_all("Bcc") is None


def it_keeps_every_space_of_a_long_subject_in_another_script() -> None:
    # the standard folder would let a space be the fold between two encoded words, and a
    # reader drops it there
    subject = "[SECRET] Нақтыланған нұсқа: Анықтамалық материалдар, Астана мен Белград"
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message.set_content("x")
    raw = message.as_bytes()
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == subject


def _whole(out: Outgoing) -> bytes:
    """The message as the standard library makes it with every attachment encoded in it:
    what each message was before attachments were encoded once for a whole mail-out."""
    subject, text, html = out.texts()
    reference = email.message_from_bytes(out.compose().raw, policy=MAIL_POLICY)
    reader, settings = out.decision.recipient, out.settings
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = Address(display_name=settings.sender_name, addr_spec=settings.sender)
    msg["To"] = Address(display_name=reader.name, addr_spec=reader.email)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(settings.date)
    msg["Message-ID"] = str(reference["Message-ID"])
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for a in out.decision.granted:
        msg.add_attachment(a.path.read_bytes(), "application", "pdf", filename=a.filename)
    msg["Content-Language"] = reference["Content-Language"]
    boundaries = [p.get_boundary() for p in reference.walk() if p.is_multipart()]
    for part, boundary in zip((p for p in msg.walk() if p.is_multipart()), boundaries, strict=True):
        part.set_boundary(str(boundary))
    return msg.as_bytes()


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Reader", "en"),
        ("Ана Вучић-Петровић, Министарство спољних послова Републике Србије", "sr"),
        ("Әлия Нұрланқызы", "kk"),
    ],
)
def it_makes_each_message_as_if_its_attachments_were_encoded_in_it(
    documents: list[Attachment], settings: MailSettings, name: str, language: str
) -> None:
    reader = replace(person(1, "SECRET", name=name), language=language)
    (out,) = plan([reader], documents, settings).outgoing
    assert out.compose().raw == _whole(out)
    assert _attachments(out.message) == {
        "kz-rs-visit-2026.pdf": documents[0].path.read_bytes(),
        "annex-a.pdf": documents[1].path.read_bytes(),
    }


def it_encodes_each_attachment_once_for_every_message(
    documents: list[Attachment], settings: MailSettings
) -> None:
    people = [person(n, "SECRET") for n in range(1, 40)]
    made = [out.compose() for out in plan(people, documents, settings).outgoing]
    # the very same bytes in every message, not equal copies made again
    for n, attachment in enumerate(documents):
        assert all(m.pieces[2 * n + 1] is attachment.part for m in made)
    assert len({m.message_id for m in made}) == len(people)


@pytest.mark.parametrize(
    "sender_name",
    ["Briefing Unit", 'Desk "A", MFA', "Одељење за анализу и планирање", "Әлия Нұрланқызы"],
)
def it_makes_the_later_messages_of_a_mail_out_as_the_standard_library_does(
    documents: list[Attachment], settings: MailSettings, sender_name: str
) -> None:
    """Headers repeated from message to message (the sender, a part's type) are parsed and
    folded once: each message is still the one the standard library makes alone."""
    readers = [
        person(1, "SECRET"),
        replace(person(2, "OFFICIAL", name="Ђорђе Јовановић"), language="sr"),
        person(3, "SECRET", name='Reader "Three", Esq.'),
        person(4, "SECRET"),
    ]
    mail_out = replace(settings, sender_name=sender_name)
    for out in plan(readers, documents, mail_out).outgoing:
        assert out.compose().raw == _whole(out)


def it_folds_headers_for_the_policy_asked_for() -> None:
    """A header folded for a message on the wire (CRLF, 78 characters) is not given to a
    writer that asks for other line ends or lengths."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["To"] = "Ана Вучић-Петровић, Министарство спољних послова <reader1@example.org>"
    msg.set_content("Vučić, Тоқаев")
    wire = msg.as_bytes()
    unix = msg.as_bytes(policy=MAIL_POLICY.clone(linesep="\n"))
    wide = msg.as_bytes(policy=MAIL_POLICY.clone(max_line_length=200))
    assert wire.split(b"\r\n")[1].startswith(b" ")  # the To header, folded
    assert b"\r" not in unix and unix.replace(b"\n", b"\r\n") == wire
    assert wide.split(b"\r\n")[0].endswith(b"<reader1@example.org>")  # on one line
