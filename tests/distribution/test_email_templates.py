"""A house's own email templates: per-language variants, gaps filled by the shipped ones,
and hostile templates stopped with their file and line before anything is written."""

from __future__ import annotations

import email
import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from clirun import kzrs

SECRET = "kzrs-secret-marker-7f3a"


def _parse(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


@pytest.fixture
def desk(tmp_path: Path, brief_pdf: Path) -> Path:
    (tmp_path / "recipients.csv").write_text(
        "name,email,organisation,clearance,language\n"
        "Ana Vučić,ana@example.rs,MSP,OFFICIAL,sr-Latn\n"
        "Bo Li,bo@example.org,Embassy,OFFICIAL,en\n",
        encoding="utf-8",
    )
    shutil.copy(brief_pdf, tmp_path / "kz-rs-visit-2026.pdf")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "house").mkdir()
    return tmp_path


def _send(desk: Path) -> list[str | Path]:
    return [
        "send",
        "OFFICIAL:kz-rs-visit-2026.pdf",
        "--to",
        "recipients.csv",
        "--from",
        "briefs@mfa.example.rs",
        "--title",
        "Posjeta",
        "--email-templates",
        desk / "house",
    ]


def it_picks_each_readers_language_and_fills_gaps_from_the_shipped_templates(
    desk: Path,
) -> None:
    house = desk / "house"
    (house / "body.sr.txt.j2").write_text(
        "Poštovani {{ recipient.name }},\n\nu prilogu: {{ title }}.\n", encoding="utf-8"
    )
    (house / "subject.txt.j2").write_text(
        "{{ title }} — {{ marking }}\nBcc: everyone@example.org\n", encoding="utf-8"
    )
    run = kzrs(*_send(desk), cwd=desk)
    assert run.code == 0, run.err
    ana, bo = (_parse(p) for p in sorted((desk / "out" / "outbox").glob("*.eml")))
    ana_text, bo_text = (m.get_body(("plain",)) for m in (ana, bo))
    assert ana_text is not None and bo_text is not None
    assert ana_text.get_content().splitlines() == [
        "Poštovani Ana Vučić,",
        "",
        "u prilogu: Posjeta.",
    ]
    assert bo_text.get_content().splitlines()[:3] == [
        "Dear Bo Li,",
        "",
        "Please find attached Posjeta:",
    ]
    # the subject template's second line stays in the subject: it cannot add a header
    assert ana["Subject"] == "Posjeta — OFFICIAL Bcc: everyone@example.org"
    assert ana["Bcc"] is None and bo["Bcc"] is None
    # the shipped HTML body, in the reader's language from the catalogs
    html = ana.get_body(("html",))
    assert html is not None
    assert "U prilogu Vam dostavljamo materijal <strong>Posjeta</strong>:" in html.get_content()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ recipient.__class__.__mro__ }}",
            "body.txt.j2:1: SecurityError: access to attribute '__class__' of 'dict' object "
            "is unsafe.",
        ),
        (
            "Hello\n{{ title.format.__globals__ }}",
            "body.txt.j2:2: SecurityError: access to attribute '__globals__' of 'function' "
            "object is unsafe.",
        ),
        (
            "{{ '{0.__class__}'.format(recipient) }}",
            "body.txt.j2:1: SecurityError: access to attribute '__class__' of 'dict' object "
            "is unsafe.",
        ),
        ("{% include '../secret.txt' %}", "body.txt.j2:1: TemplateNotFound: ../secret.txt"),
        (
            "line one\n{% if %}",
            "body.txt.j2:2: Expected an expression, got 'end of statement block'",
        ),
        ("{{ missing.value }}", "body.txt.j2:1: UndefinedError: 'missing' is undefined"),
        (
            "{{ 'x' * 10**9 }}",
            "body.txt.j2:1: SecurityError: a repeated value of 1,000,000,000 is above 100,000",
        ),
        ("{{ lipsum(10**6) }}", "body.txt.j2:1: UndefinedError: 'lipsum' is undefined"),
    ],
)
def it_stops_a_hostile_or_broken_template_at_its_line(
    desk: Path, template: str, message: str
) -> None:
    (desk / "house" / "body.txt.j2").write_text(template, encoding="utf-8")
    run = kzrs(*_send(desk), cwd=desk)
    assert run.code == 1
    assert f"{message}" in run.err.splitlines()[-1]
    assert run.err.splitlines()[-1].endswith("; nothing written, nothing sent")
    assert run.err.splitlines()[-1].startswith(str(desk / "house"))
    assert SECRET not in run.out + run.err
    assert not (desk / "out").exists()


def it_does_not_follow_a_link_out_of_the_template_folder(desk: Path) -> None:
    (desk / "house" / "body.txt.j2").symlink_to(desk / "secret.txt")
    run = kzrs(*_send(desk), cwd=desk)
    assert run.code == 0, run.err  # the link is not a template: the shipped body is used
    for eml in (desk / "out" / "outbox").glob("*.eml"):
        assert SECRET not in eml.read_text(encoding="utf-8")
