"""``kzrs-reports send`` under the Serbian scheme: clearances read in the pack's scheme, a
reader cleared below a brief's marking does not get it, a reader with no clearance gets a
public brief, and each subject shows the marking as its brief prints it."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clirun import kzrs, page_words
from visits import variant

RECIPIENTS = (
    "name,email,organisation,clearance,language\n"
    "Ana Jovanović,ana@mfa.example.rs,MSP,ИНТЕРНО,sr-Cyrl\n"
    "Press office,press@mfa.example.rs,MSP,,sr-Cyrl\n"
    "Dragan Petrović,dragan@mfa.example.rs,MSP,strogo poverljivo,sr-Latn\n"
)


def _pack(folder: Path, scheme: str, *visits: Path) -> Path:
    entries = "".join(f"  - visit: {v.name}\n    kind: summary\n" for v in visits)
    pack = folder / "pack.yaml"
    pack.write_text(
        "id: rs-pack\ntitle: Посета Астани\n"
        f"marking_scheme: {scheme}\nclassification: ЈАВНО\n"
        "date: 2026-03-02\nlanguage: sr-Cyrl\ndocuments:\n" + entries,
        encoding="utf-8",
    )
    return pack


@pytest.fixture(scope="module")
def mailed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A pack of two Serbian summaries, one ПОВЕРЉИВО and one ЈАВНО, sent as parts (a dry
    run); the output folder (the pack, the outbox) and what the command printed."""
    desk = tmp_path_factory.mktemp("desk")
    confidential = variant(
        desk, "rs-confidential", "ПОВЕРЉИВО", marking_scheme="rs", language="sr-Cyrl"
    )
    public = variant(desk, "rs-public", "javno", marking_scheme="rs", language="sr-Cyrl")
    pack = _pack(desk, "rs", confidential, public)
    (desk / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    run = kzrs(
        "send",
        pack,
        "--to",
        "recipients.csv",
        "--from",
        "briefs@mfa.example.rs",
        "--attach",
        "parts",
        "--out",
        "out",
        "--charts-dir",
        "charts",
        cwd=desk,
    )
    assert run.code == 0, run.err
    return desk / "out", run.out


def _messages(outbox: Path) -> dict[str, email.message.EmailMessage]:
    found = {}
    for path in sorted(outbox.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(msg, email.message.EmailMessage)
        found[str(msg["To"].addresses[0].addr_spec)] = msg
    return found


def it_withholds_a_confidential_brief_from_a_reader_cleared_below_it(
    mailed: tuple[Path, str],
) -> None:
    messages = _messages(mailed[0] / "outbox")
    attached = {
        address: [part.get_filename() for part in msg.iter_attachments()]
        for address, msg in messages.items()
    }
    assert attached == {
        "ana@mfa.example.rs": ["rs-public-summary.pdf"],
        "press@mfa.example.rs": ["rs-public-summary.pdf"],
        # Dragan reads Serbian Latin: he is sent that edition.
        "dragan@mfa.example.rs": [
            "rs-confidential-summary-sr-latn.pdf",
            "rs-public-summary-sr-latn.pdf",
        ],
    }
    assert mailed[1].splitlines()[-1].endswith("2 document(s) withheld by clearance; nothing sent")


def it_gives_the_reader_with_no_clearance_the_public_brief_marked_as_it_prints(
    mailed: tuple[Path, str],
) -> None:
    messages = _messages(mailed[0] / "outbox")
    assert messages["press@mfa.example.rs"]["Subject"] == "[ЈАВНО] Посета Астани"
    assert messages["ana@mfa.example.rs"]["Subject"] == "[ЈАВНО] Посета Астани"
    # The Serbian Latin edition prints its marking and its title in Latin letters, and so
    # does its email.
    assert messages["dragan@mfa.example.rs"]["Subject"] == "[POVERLJIVO] Poseta Astani"


def it_marks_the_packs_cover_with_its_highest_marking_and_each_documents(
    mailed: tuple[Path, str],
) -> None:
    cover = page_words(mailed[0] / "rs-pack.pdf", 1)
    assert cover.startswith("ПОВЕРЉИВО Страна пакета 1 од 3")
    assert cover.endswith("Насловна страна 1 од 1 ПОВЕРЉИВО")
    assert "године ПОВЕРЉИВО 2 2 Сажетак" in cover and "године ЈАВНО 3" in cover
    # The Serbian Latin edition built for Dragan says them in its own letters.
    latin = page_words(mailed[0] / "rs-pack.sr-Latn.pdf", 1)
    assert latin.startswith("POVERLJIVO Strana paketa 1 od 3")
    assert "godine POVERLJIVO 2 2 Sažetak" in latin and "godine JAVNO 3" in latin
    assert "ПОВЕРЉИВО" not in latin


def it_refuses_a_clearance_outside_the_packs_scheme_at_its_line(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "rs", variant(tmp_path, "rs-brief", "INTERNO", marking_scheme="rs"))
    (tmp_path / "recipients.csv").write_text(RECIPIENTS.replace("ИНТЕРНО", "OFFICIAL"), "utf-8")
    run = kzrs("send", pack.name, "--to", "recipients.csv", "--from", "a@b.example", cwd=tmp_path)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "recipients.csv:2:38: clearance: unknown clearance 'OFFICIAL'; the levels of the rs "
        "scheme are JAVNO < INTERNO < POVERLJIVO < STROGO POVERLJIVO < DRZAVNA TAJNA "
        "(empty for none)"
    )
    assert not (tmp_path / "out").exists()


def it_refuses_a_brief_of_another_scheme_in_the_pack_naming_it(tmp_path: Path) -> None:
    uk = variant(tmp_path, "uk-brief", "OFFICIAL")
    pack = _pack(tmp_path, "rs", uk)
    run = kzrs("pack", pack.name, "--out", "out", "--charts-dir", "charts", cwd=tmp_path)
    assert run.code == 1
    assert run.err.splitlines()[-1] == (
        f"{pack.name}: pack not written: {uk.name}: marked under the uk scheme (OFFICIAL); the "
        "pack's scheme is rs: give the brief marking_scheme: rs, or the pack the brief's"
    )
    assert not (tmp_path / "out" / "rs-pack.pdf").exists()


def it_reads_documents_sent_without_a_pack_in_the_scheme_given(tmp_path: Path) -> None:
    memo = tmp_path / "memo.pdf"
    drawing = canvas.Canvas(str(memo), pagesize=A4, invariant=True)
    drawing.drawString(72, 720, "Меморандум")
    drawing.save()
    (tmp_path / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    args = ("send", "--to", "recipients.csv", "--from", "a@b.example", "--scheme", "rs")
    run = kzrs(*args, "interno:memo.pdf", cwd=tmp_path)
    assert run.code == 0, run.err
    messages = _messages(tmp_path / "out" / "outbox")
    assert sorted(messages) == ["ana@mfa.example.rs", "dragan@mfa.example.rs"]
    # Printed as the scheme prints it in its own language: nothing says the memo's.
    assert messages["ana@mfa.example.rs"]["Subject"] == "[ИНТЕРНО] Информативни материјали"
    refused = kzrs(*args, "OFFICIAL:memo.pdf", cwd=tmp_path)
    assert refused.code == 2
    assert "'OFFICIAL' is not a level of the rs marking scheme: JAVNO < INTERNO" in refused.err
