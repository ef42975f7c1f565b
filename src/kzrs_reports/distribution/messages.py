"""One message per recipient: what they may receive, and the email that carries it.

A document whose marking is above the recipient's clearance is withheld, with the reason;
both are levels of the mail-out's marking scheme (:attr:`MailSettings.scheme`). Subject and
bodies show each marking as its document prints it, and come from the email templates
(:mod:`.emailtemplates`). Header values are collapsed to one line, so no value can add a
header. Attachment names come from document ids only. Message-ID, Date and MIME boundaries
derive from the given time and the content, so the same input gives the same bytes.

A mail-out to thousands holds one message at a time: an :class:`Outgoing` says who gets
what, and its bytes are made when it is written or sent (:meth:`Outgoing.compose`). Each
attachment is read, hashed and encoded as a MIME part once (:attr:`Attachment.part`), and
every message carries those same bytes between the parts made for it.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kzrs_reports.core.errors import InputFileError, UsageError
from kzrs_reports.core.markings import DEFAULT_SCHEME, MarkingScheme
from kzrs_reports.distribution.emailtemplates import (
    TEMPLATE_DIR,
    TEMPLATES,
    Templates,
    make_environment,
    render,
)
from kzrs_reports.distribution.recipients import Recipient
from kzrs_reports.model.scheme import shipped_scheme
from kzrs_reports.model.text import is_id

__all__ = [
    "LOOSE_DOCUMENTS_TITLE",
    "MAIL_POLICY",
    "TEMPLATES",
    "TEMPLATE_DIR",
    "Attachment",
    "Composed",
    "Decision",
    "MailSettings",
    "Outgoing",
    "Templates",
    "Withheld",
    "build_message",
    "content_key",
    "decide",
    "make_environment",
    "one_line",
    "printed_marking",
    "render",
]

_SUFFIXES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".zip": ("application", "zip"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_PLACE = "kzrs-attachment-" + secrets.token_hex(16)
"""Where a message's attachment goes while its other parts are made: a name nothing in a
message can hold by chance, new in every process, never in a message that is written."""


LOOSE_DOCUMENTS_TITLE = "Briefing documents"
"""The journal's series for documents sent outside a pack without a title; the email calls
them by its templates' own words (a message of the catalogs)."""


@dataclass(frozen=True)
class Attachment:
    """A document to send: its file, its marking, and the id its attachment is named after."""

    path: Path
    marking: str
    """A level of the mail-out's scheme (:attr:`MailSettings.scheme`): its id, or any name
    of it."""
    doc_id: str
    printed: str | None = None
    """The marking as the document prints it (in its own language); None: as the scheme
    prints it in the scheme's own language."""

    def __post_init__(self) -> None:
        if not is_id(self.doc_id):
            raise ValueError(
                f"attachment id {self.doc_id!r} must be lower-case letters, digits and hyphens"
            )
        if self.path.suffix.lower() not in _SUFFIXES:
            raise ValueError(f"{self.path}: only {', '.join(sorted(_SUFFIXES))} files are sent")

    @classmethod
    def of_file(cls, path: Path, marking: str, scheme: MarkingScheme) -> Attachment:
        """A document file sent on its own, named after its file's stem, which must be an id,
        marked ``marking``: a level of ``scheme``, kept as its id.

        Raises :class:`~kzrs_reports.core.errors.InputFileError` when ``path`` is not a file
        and :class:`~kzrs_reports.core.errors.UsageError` when it cannot be sent as given.
        """
        level = scheme.level(marking)
        if level is None:
            raise UsageError(
                f"{marking.strip()!r} is not a level of the {scheme.id} marking scheme: "
                f"{scheme.describe()}"
            )
        if not path.is_file():
            raise InputFileError(f"{path}: no such file")
        if not is_id(path.stem):
            raise UsageError(
                f"{path}: the file's name must be an id (lower-case letters, digits, hyphens)"
            )
        try:
            return cls(path, level.id, path.stem)
        except ValueError as exc:
            raise UsageError(str(exc)) from None

    @property
    def filename(self) -> str:
        """The attachment's name: the id and the file's type, never the file's own name."""
        return self.doc_id + self.path.suffix.lower()

    @cached_property
    def data(self) -> bytes:
        """The file's bytes, read once."""
        return self.path.read_bytes()

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of the file's bytes."""
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def part(self) -> bytes:
        """The attachment's MIME part as every message carries it: its headers and its
        base64 body in lines of 76, CRLF line ends. Made once, by the standard library,
        exactly as :meth:`EmailMessage.add_attachment` makes it."""
        maintype, subtype = _SUFFIXES[self.path.suffix.lower()]
        part = EmailMessage(policy=MAIL_POLICY)
        part.set_content(self.data, maintype=maintype, subtype=subtype, filename=self.filename)
        return part.as_bytes()


@dataclass(frozen=True)
class Withheld:
    """A document kept from a recipient, and why."""

    attachment: Attachment
    reason: str


@dataclass(frozen=True)
class Decision:
    """What one recipient receives and what is kept from them."""

    recipient: Recipient
    granted: tuple[Attachment, ...]
    withheld: tuple[Withheld, ...]
    language: str = ""
    """The language of the edition they are sent, and of the email that carries it; empty
    for the recipient's own."""


def decide(
    recipient: Recipient,
    attachments: list[Attachment],
    scheme: MarkingScheme,
    language: str = "",
) -> Decision:
    """Split ``attachments`` (of the edition in ``language``) into those the recipient's
    clearance allows and those withheld, both read in ``scheme``.

    A document with a marking the scheme does not know is withheld from everyone.
    """
    granted: list[Attachment] = []
    withheld: list[Withheld] = []
    for a in attachments:
        level = scheme.level(a.marking)
        if scheme.may_read(recipient.clearance, a.marking):
            granted.append(a)
        elif level is None:
            withheld.append(
                Withheld(a, f"marking {a.marking!r} is not a level of the {scheme.id} scheme")
            )
        else:
            withheld.append(
                Withheld(
                    a,
                    f"marked {level.id}, above the recipient's clearance {recipient.clearance}",
                )
            )
    return Decision(recipient, tuple(granted), tuple(withheld), language)


@dataclass(frozen=True)
class MailSettings:
    """What every message of a mail-out shares."""

    sender: str
    """The From address."""
    sender_name: str
    title: str
    """The title of what is sent (the pack's), used in subject and body; empty for the email
    templates' own words for briefing documents."""
    date: dt.datetime
    """The Date header; must carry a time zone."""
    edition: str | None = None
    """The edition of what is sent (the pack's), None for documents sent outside a pack."""
    series: str = ""
    """What the journal files these messages under (the pack's name): a later mail-out of the
    same series with other content is a new edition for whoever had an earlier edition, and
    a revision for whoever had this edition."""
    seed: str = ""
    """Mixed into Message-IDs, so two mail-outs of the same content differ if wanted."""
    template_dir: Path = TEMPLATE_DIR
    scheme: MarkingScheme = field(default_factory=lambda: shipped_scheme(DEFAULT_SCHEME))
    """The scheme the documents' markings and the recipients' clearances are read in."""


@dataclass(frozen=True)
class Composed:
    """One message as bytes, with what the journal records of it."""

    subject: str
    message_id: str
    pieces: tuple[bytes, ...]
    """The message's bytes in order: the parts made for it, and between them (the odd
    pieces) each attachment's :attr:`Attachment.part`, the same bytes in every message."""

    @property
    def raw(self) -> bytes:
        """The whole message, CRLF line ends."""
        return b"".join(self.pieces)


@dataclass(frozen=True)
class Outgoing:
    """A message to send: who gets what, with the key that identifies its content.

    Its bytes are made when asked (:meth:`compose`) and not kept, so a mail-out holds one
    message at a time, whatever the length of its list.
    """

    decision: Decision
    key: str
    """SHA-256 of the address, series and attachment hashes: the journal's identity."""
    settings: MailSettings
    """The mail-out's settings, with the title of the recipient's edition."""
    templates: Templates = field(repr=False, compare=False)
    new_edition: bool = False
    """The recipient was sent other content of the same series, under another edition."""
    revised: bool = False
    """The recipient was sent other content of the same series under this same edition (or
    one not known): what they get now is a revision, not a new edition."""

    @property
    def series(self) -> str:
        """The series it belongs to (:attr:`MailSettings.series`)."""
        return self.settings.series

    @property
    def edition(self) -> str | None:
        """The edition it carries (:attr:`MailSettings.edition`), for the journal."""
        return self.settings.edition

    @property
    def size(self) -> int:
        """Total bytes of the attachments."""
        return sum(len(a.data) for a in self.decision.granted)

    @property
    def subject(self) -> str:
        """The subject line (the templates are rendered for it)."""
        return self.texts()[0]

    @property
    def message(self) -> EmailMessage:
        """The message, parsed from its bytes (:meth:`compose` makes the bytes themselves)."""
        parsed = email.message_from_bytes(self.compose().raw, policy=MAIL_POLICY)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def texts(self) -> tuple[str, str, str]:
        """Subject, plain-text body and HTML body, from the templates in the email's
        language. Raises :class:`MailTemplateError` naming a template that is wrong."""
        d, settings = self.decision, self.settings
        r = d.recipient
        language = d.language or r.language or "en"
        context: dict[str, object] = {
            "recipient": {"name": r.name, "organisation": r.organisation, "language": language},
            "title": settings.title,
            "edition": settings.edition,
            "new_edition": self.new_edition,
            "revised": self.revised,
            "sender_name": settings.sender_name,
            "marking": _highest(d.granted, settings.scheme),
            "documents": [
                {"filename": a.filename, "marking": printed_marking(a, settings.scheme)}
                for a in d.granted
            ],
        }
        subject, text, html = (self.templates.render(n, language, context) for n in TEMPLATES)
        return one_line(subject), text, html

    def compose(self) -> Composed:
        """The message's bytes: text and HTML bodies, one attachment per granted document.

        Raises :class:`MailTemplateError` naming a template that is wrong.
        """
        subject, text, html = self.texts()
        d, settings = self.decision, self.settings
        r = d.recipient
        msg = EmailMessage(policy=MAIL_POLICY)
        msg["From"] = _sender(settings.sender_name, settings.sender)
        msg["To"] = Address(display_name=r.name, addr_spec=r.email)
        msg["Subject"] = subject
        msg["Date"] = format_datetime(settings.date)
        domain = settings.sender.rpartition("@")[2]
        stamp = hashlib.sha256(f"{settings.seed}\0{self.key}\0{settings.date.isoformat()}".encode())
        message_id = f"<{stamp.hexdigest()[:32]}@{domain}>"
        msg["Message-ID"] = message_id
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        msg.make_mixed()  # what add_attachment does first
        for n in range(len(d.granted)):
            place = EmailMessage(policy=MAIL_POLICY)
            place.set_payload(f"{_PLACE}-{n}")
            msg.attach(place)
        msg["Content-Language"] = d.language or r.language or "en"  # after the content
        # Fixed boundaries, so the same message is the same bytes; "=_" cannot begin a line of
        # base64 and 16 hex digits of the content's hash will not occur in a body by chance.
        for n, part in enumerate(msg.walk()):
            if part.is_multipart():
                part.set_boundary(f"=_{stamp.hexdigest()[32:48]}_{n}")
        # A part without headers is written as an empty line and its payload: put the
        # attachment's own part in its place.
        rest = msg.as_bytes()
        pieces: list[bytes] = []
        for n, a in enumerate(d.granted):
            before, found, rest = rest.partition(f"\r\n{_PLACE}-{n}".encode())
            assert found, "each attachment has its place"
            pieces += [before, a.part]
        return Composed(subject, message_id, (*pieces, rest))


class _MailPolicy(EmailPolicy):
    """SMTP's policy, folding a subject that is not ASCII so its spaces survive.

    The standard folder breaks such a subject into encoded words at a space and lets the
    space be the fold, which readers must drop between encoded words: "редакция:
    Анықтамалық" arrives as "редакция:Анықтамалық". The older encoder keeps every space
    inside an encoded word.
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        """The header as it goes on the wire: a non-ASCII subject by the older encoder; a
        header folded for an earlier message (most of a part's) as it was folded then."""
        text = str(value)
        if name.lower() != "subject" or text.isascii():
            key = (name, text, type(value), self)  # a policy is never changed; a clone differs
            folded = _FOLDED.get(key)
            if folded is None:
                if len(_FOLDED) >= _KEEP_FOLDED:  # a message's own values: keep no more
                    _FOLDED.clear()
                folded = _FOLDED[key] = super().fold_binary(name, value)
            return folded
        return _folded(name, text, self.max_line_length or 78, self.linesep)


_FOLDED: dict[tuple[str, str, type, EmailPolicy], bytes] = {}
"""Headers as folded, by name, value, the value's kind (parsed or raw) and policy (a clone
of the mail policy may write other line ends or lengths)."""
_KEEP_FOLDED = 256


@lru_cache(maxsize=16)
def _sender(name: str, address: str) -> str:
    """The From header's value, as text: parsed once for every message that repeats it (an
    :class:`Address` is parsed again for each)."""
    return str(Address(display_name=one_line(name), addr_spec=address))


@lru_cache(maxsize=64)
def _folded(name: str, text: str, width: int, linesep: str) -> bytes:
    """A non-ASCII header folded by the older encoder; readers of one language share a
    subject, so it is encoded once for them."""
    folded = Header(text, "utf-8", header_name=name).encode(maxlinelen=width, linesep=linesep)
    return f"{name}: {folded}{linesep}".encode("ascii")


class _HeaderClasses(HeaderRegistry):
    """The standard headers, each class made once and each header value parsed once while
    messages repeat it (From, Date, a subject, a part's type): the standard registry makes a
    new class and parses the value again every time a header is set, most of the time a
    message took to make. Headers are immutable, so messages can share them."""

    _KEEP = 256

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if type(value) is not str:
            return super().__call__(name, value)
        key = (name, value)
        parsed = self._parsed.get(key)
        if parsed is None:
            if len(self._parsed) >= self._KEEP:  # a message's own values: keep no more
                self._parsed.clear()
            parsed = self._parsed[key] = super().__call__(name, value)
        return parsed


MAIL_POLICY = _MailPolicy(linesep="\r\n", header_factory=_HeaderClasses())
"""The policy every message is written with: :data:`email.policy.SMTP`'s, but for subjects."""


def one_line(text: str) -> str:
    """``text`` as one header line: control characters and whitespace runs become a space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def content_key(address: str, series: str, attachments: tuple[Attachment, ...]) -> str:
    """The identity of a message's content: the same for the same person, series and files.

    The subject is left out, so rewording the email templates does not make a pack that was
    sent look unsent.
    """
    h = hashlib.sha256()
    for part in (address.casefold(), series, *(f"{a.filename}:{a.sha256}" for a in attachments)):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def printed_marking(attachment: Attachment, scheme: MarkingScheme) -> str:
    """The attachment's marking as its document prints it (else as ``scheme`` prints it in
    the scheme's own language)."""
    return attachment.printed or scheme.printed(attachment.marking, scheme.language)


def _highest(attachments: tuple[Attachment, ...], scheme: MarkingScheme) -> str:
    """The highest marking of ``attachments`` (all of them levels of ``scheme``), printed."""
    top = max(attachments, key=lambda a: scheme.rank(a.marking) or 0)
    return printed_marking(top, scheme)


def build_message(
    decision: Decision,
    settings: MailSettings,
    templates: Templates | None = None,
    *,
    new_edition: bool = False,
    revised: bool = False,
) -> Outgoing:
    """The email for one decision (its bytes made by :meth:`Outgoing.compose`).

    With ``new_edition`` the subject and bodies say that this is a new edition of what was
    sent before; with ``revised``, a revision of it under the same edition (the templates get
    both facts). Raises ValueError if nothing is granted: a recipient cleared for nothing gets
    no message.
    """
    if not decision.granted:
        raise ValueError(f"{decision.recipient.email}: nothing to send")
    key = content_key(decision.recipient.email, settings.series, decision.granted)
    return Outgoing(
        decision,
        key,
        settings,
        templates or Templates(settings.template_dir),
        new_edition=new_edition,
        revised=revised,
    )
