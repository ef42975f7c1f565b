"""One message per recipient: what they may receive, and the email that carries it.

A document whose marking is above the recipient's clearance is withheld, with the reason;
both are levels of the mail-out's marking scheme (:attr:`MailSettings.scheme`). Subject and
bodies show each marking as its document prints it.
Subject and bodies come from Jinja2 templates (``templates/email``, or a folder of a house's
own, falling back to the shipped ones) in a sandbox: the plain text as typed, the HTML with
every value escaped. A template may have a variant per language (``body.sr.txt.j2``), chosen
by the recipient's language tag. Header values are collapsed to one line, so
no value can add a header. Attachment names come from document ids only. Message-ID, Date and
MIME boundaries derive from the given time and the content, so the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from functools import cached_property
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from kzrs_reports.core.errors import InputFileError, MailTemplateError, UsageError
from kzrs_reports.core.markings import DEFAULT_SCHEME, MarkingScheme
from kzrs_reports.distribution.recipients import Recipient
from kzrs_reports.model.scheme import shipped_scheme
from kzrs_reports.model.text import is_id
from kzrs_reports.templates.catalog import translations
from kzrs_reports.templates.environment import (
    BoundedSandbox,
    SetLoader,
    render_bounded,
    template_place,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "email"
_SUFFIXES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".zip": ("application", "zip"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
TEMPLATES = ("subject.txt.j2", "body.txt.j2", "body.html.j2")


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
class Outgoing:
    """A built message and the key that identifies what it carried."""

    decision: Decision
    message: EmailMessage
    subject: str
    key: str
    """SHA-256 of the address, series and attachment hashes: the journal's identity."""
    series: str = ""
    """The series it belongs to (:attr:`MailSettings.series`)."""
    new_edition: bool = False
    """The recipient was sent other content of the same series, under another edition."""
    revised: bool = False
    """The recipient was sent other content of the same series under this same edition (or
    one not known): what they get now is a revision, not a new edition."""
    edition: str | None = None
    """The edition it carries (:attr:`MailSettings.edition`), for the journal."""

    @property
    def size(self) -> int:
        """Total bytes of the attachments."""
        return sum(len(a.data) for a in self.decision.granted)


class _MailPolicy(EmailPolicy):
    """SMTP's policy, folding a subject that is not ASCII so its spaces survive.

    The standard folder breaks such a subject into encoded words at a space and lets the
    space be the fold, which readers must drop between encoded words: "редакция:
    Анықтамалық" arrives as "редакция:Анықтамалық". The older encoder keeps every space
    inside an encoded word.
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        """The header as it goes on the wire: a non-ASCII subject by the older encoder."""
        text = str(value)
        if name.lower() != "subject" or text.isascii():
            return super().fold_binary(name, value)
        width = self.max_line_length or 78
        folded = Header(text, "utf-8", header_name=name).encode(
            maxlinelen=width, linesep=self.linesep
        )
        return f"{name}: {folded}{self.linesep}".encode("ascii")


MAIL_POLICY = _MailPolicy(linesep="\r\n")
"""The policy every message is written with: :data:`email.policy.SMTP`'s, but for subjects."""


def one_line(text: str) -> str:
    """``text`` as one header line: control characters and whitespace runs become a space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def make_environment(template_dir: Path) -> SandboxedEnvironment:
    """A sandboxed, strict environment; ``*.html.j2`` templates escape every value.

    Templates are looked up in ``template_dir`` first, then among the shipped ones; none can
    reach a file outside those folders or build a huge value (:class:`BoundedSandbox`).
    """
    env = BoundedSandbox(
        loader=ChoiceLoader([SetLoader(template_dir), SetLoader(TEMPLATE_DIR)]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    return env


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
    env: SandboxedEnvironment | None = None,
    *,
    new_edition: bool = False,
    revised: bool = False,
) -> Outgoing:
    """The email for one decision: text and HTML bodies, one attachment per granted document.

    With ``new_edition`` the subject and bodies say that this is a new edition of what was
    sent before; with ``revised``, a revision of it under the same edition (the templates get
    both facts). Raises ValueError if nothing is granted: a recipient cleared for nothing gets
    no message.
    """
    if not decision.granted:
        raise ValueError(f"{decision.recipient.email}: nothing to send")
    env = env or make_environment(settings.template_dir)
    r = decision.recipient
    language = decision.language or r.language or "en"
    context: dict[str, object] = {
        "recipient": {"name": r.name, "organisation": r.organisation, "language": language},
        "title": settings.title,
        "edition": settings.edition,
        "new_edition": new_edition,
        "revised": revised,
        "sender_name": settings.sender_name,
        "marking": _highest(decision.granted, settings.scheme),
        "documents": [
            {"filename": a.filename, "marking": printed_marking(a, settings.scheme)}
            for a in decision.granted
        ],
    }
    subject, text, html = (render(env, name, language, context) for name in TEMPLATES)
    subject = one_line(subject)
    key = content_key(r.email, settings.series, decision.granted)

    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = Address(display_name=one_line(settings.sender_name), addr_spec=settings.sender)
    msg["To"] = Address(display_name=r.name, addr_spec=r.email)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(settings.date)
    domain = settings.sender.rpartition("@")[2]
    stamp = hashlib.sha256(f"{settings.seed}\0{key}\0{settings.date.isoformat()}".encode())
    msg["Message-ID"] = f"<{stamp.hexdigest()[:32]}@{domain}>"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for a in decision.granted:
        maintype, subtype = _SUFFIXES[a.path.suffix.lower()]
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    msg["Content-Language"] = language  # last: setting the content moves Content-* headers
    # Fixed boundaries, so the same message is the same bytes; "=_" cannot begin a line of
    # base64 and 16 hex digits of the content's hash will not occur in a body by chance.
    for n, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_{stamp.hexdigest()[32:48]}_{n}")
    return Outgoing(
        decision, msg, subject, key, settings.series, new_edition, revised, settings.edition
    )


def render(env: SandboxedEnvironment, name: str, language: str, context: dict[str, object]) -> str:
    """Render the template ``name`` in its variant for ``language`` if there is one
    (``body.sr-Latn.txt.j2``, then ``body.sr.txt.j2``, then ``body.txt.j2``).

    Raises :class:`MailTemplateError` naming the template's file and line if it is wrong.
    """
    stem, _, ext = name.partition(".")
    tags = dict.fromkeys([language, language.split("-")[0]])
    names = [f"{stem}.{tag}.{ext}" for tag in tags if tag] + [name]
    template: Template | None = None
    # Jinja's own gettext: in an HTML template it escapes the values put into a message.
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    try:
        template = env.select_template(names)
        return render_bounded(template.generate(context))
    except TemplateSyntaxError as exc:
        raise MailTemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    # Whatever a template does wrong is the template's mistake: say where it is.
    except Exception as exc:
        where = template_place(exc) or (
            template.filename if template and template.filename else name
        )
        raise MailTemplateError(f"{where}: {type(exc).__name__}: {exc}") from None
