"""``send`` with readers in several languages: each gets the pack's edition in the language
of their row (or the pack's own), in an email written in it, and the dry run says which."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_send_pack import SAMPLE_PACK, _attachments, _parse, _recipients, _send_args, _table

from clirun import kzrs

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample pack dry-run to readers asking for ru, sr-Latn, de and nothing."""
    desk = tmp_path_factory.mktemp("desk")
    _recipients(
        desk,
        "Ирина Петрова,irina@mid.example.ru,MID,OFFICIAL,ru\n",
        "Milan Jović,milan@mfa.example.rs,MSP,OFFICIAL,sr-Latn\n",
        "Hans Berg,hans@example.de,AA,OFFICIAL,de\n",
        "Pat Doe,pat@example.org,FCDO,OFFICIAL,\n",
    )
    run = kzrs(*_send_args(desk, SAMPLE_PACK, desk), cwd=desk)
    assert run.code == 0, run.err
    return desk, run.out


def it_builds_the_editions_its_readers_ask_for_and_says_who_gets_which(
    sent: tuple[Path, str],
) -> None:
    desk, out = sent
    assert [row[:4] for row in _table(out)[1:]] == [
        ["irina@mid.example.ru", "new", "ru", "kz-rs-pack-2026-ru.pdf"],
        ["milan@mfa.example.rs", "new", "sr-Latn", "kz-rs-pack-2026-sr-latn.pdf"],
        ["hans@example.de", "new", "en-GB", "kz-rs-pack-2026.pdf"],
        ["pat@example.org", "new", "en-GB", "kz-rs-pack-2026.pdf"],
    ]
    assert sorted(p.name for p in (desk / "out").glob("kz-rs-pack-2026*.pdf")) == [
        "kz-rs-pack-2026.pdf",
        "kz-rs-pack-2026.ru.pdf",
        "kz-rs-pack-2026.sr-Latn.pdf",
    ]


def it_sends_each_reader_their_edition_in_an_email_in_their_language(
    sent: tuple[Path, str],
) -> None:
    desk, _ = sent
    irina, milan, hans, pat = (_parse(p.read_bytes()) for p in sorted(desk.glob("outbox/*.eml")))
    out = desk / "out"
    assert _attachments(irina) == {
        "kz-rs-pack-2026-ru.pdf": (out / "kz-rs-pack-2026.ru.pdf").read_bytes()
    }
    assert _attachments(milan) == {
        "kz-rs-pack-2026-sr-latn.pdf": (out / "kz-rs-pack-2026.sr-Latn.pdf").read_bytes()
    }
    english = (out / "kz-rs-pack-2026.pdf").read_bytes()
    assert _attachments(hans) == _attachments(pat) == {"kz-rs-pack-2026.pdf": english}

    def text(msg: object) -> str:
        body = msg.get_body(("plain",))  # type: ignore[attr-defined]
        return f"{msg['Subject']}\n{body.get_content()}"  # type: ignore[index]

    assert text(pat).startswith("[OFFICIAL] ")
    assert "Dear Pat Doe," in text(pat)
    assert "Dear Hans Berg," in text(hans)  # no German catalog: the pack's own language
    russian, serbian = text(irina), text(milan)
    assert "Dear" not in russian and "Ирина Петрова" in russian
    assert len(CYRILLIC.findall(russian)) > 60
    assert "Dear" not in serbian and "Milan Jović" in serbian
    assert CYRILLIC.findall(serbian) == []
    assert re.search("[čćšžđ]", serbian.replace("Jović", ""))
    assert (irina["Content-Language"], milan["Content-Language"]) == ("ru", "sr-Latn")
    # the pack's title as the pack file gives it in each language (Latin made from Cyrillic)
    assert irina["Subject"].startswith("[OFFICIAL] Казахстан–Сербия: визит в Астану в 2026 году")
    assert milan["Subject"].startswith("[OFFICIAL] Kazahstan–Srbija: poseta Astani 2026. godine")
    html = irina.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert '<html lang="ru">' in html
