"""An annex made by another author carries scripts, launch and submit actions, links to other
files, attachments, media and XFA: the pack binds it, and mails it, without any of them,
keeps its internal, web and mail links, its bookmarks and its form, and says what it removed
from which annex."""

from __future__ import annotations

import email
import subprocess
from email import policy
from pathlib import Path

import pytest
from active_annex import ACTIVE_WORDS, KEPT_BOOKMARK, KEPT_URIS, REMOVED, make
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clirun import SAMPLE, kzrs, outline_titles


def _objects(pdf: Path) -> bytes:
    """Every object of ``pdf``, uncompressed (qpdf's QDF form), as bytes."""
    return subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout


def _active(pdf: Path) -> list[bytes]:
    objects = _objects(pdf)
    return [word for word in ACTIVE_WORDS if word in objects]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack of the sample's summary, the active annex and a plain one, packed once."""
    folder = tmp_path_factory.mktemp("desk")
    make(folder / "active.pdf")
    plain = canvas.Canvas(str(folder / "plain.pdf"), pagesize=A4, invariant=True)
    plain.drawString(72, 720, "A plain memorandum")
    plain.save()
    (folder / "pack.yaml").write_text(
        "id: annexes\n"
        "title: A pack with another author's annex\n"
        "classification: OFFICIAL\n"
        "date: 2026-03-02\n"
        'edition: "1"\n'
        "documents:\n"
        f"  - visit: {SAMPLE}\n"
        "    kind: summary\n"
        "  - annex: active.pdf\n"
        "    title: Memorandum with scripts\n"
        "  - annex: plain.pdf\n"
        "    title: Plain memorandum\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def packed(desk: Path) -> str:
    run = kzrs("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts", cwd=desk)
    assert run.code == 0, run.err
    return run.out


def it_is_given_an_annex_that_carries_every_kind(desk: Path) -> None:
    assert _active(desk / "active.pdf") == list(ACTIVE_WORDS)


def it_says_what_it_removed_from_which_annex(packed: str) -> None:
    removed = [line for line in packed.splitlines() if ": removed " in line]
    assert removed == [f"active.pdf: removed {what}" for what in REMOVED]


def it_binds_the_annex_without_any_of_it(desk: Path, packed: str) -> None:
    pack = desk / "out" / "annexes.pdf"
    check = subprocess.run(["qpdf", "--check", str(pack)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _active(pack) == []


def it_keeps_the_annexs_internal_web_and_mail_links_its_bookmark_and_its_form(
    desk: Path, packed: str
) -> None:
    reader = PdfReader(desk / "out" / "annexes.pdf")
    first = 2  # the cover, the summary, then the annex (0-based)
    uris, internal = [], []
    for ref in reader.pages[first].get("/Annots", []):
        annot = ref.get_object()
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") == "/URI":
            uris.append(str(action.get_object()["/URI"]))
        elif annot.get("/Subtype") == "/Link":
            internal.append(annot)
    assert sorted(uris) == sorted(KEPT_URIS)
    assert internal, "the annex's link to its own page 2 is gone"
    assert KEPT_BOOKMARK in outline_titles(desk / "out" / "annexes.pdf")
    (field,) = [a.get_object() for a in reader.pages[first + 2]["/Annots"]]
    assert field["/Subtype"] == "/Widget" and "/AA" not in field


def it_binds_a_plain_annex_as_it_is(desk: Path, packed: str) -> None:
    assert not any(line.startswith("plain.pdf") for line in packed.splitlines())
    assert not (desk / "out" / "annexes-annex-2.pdf").exists()


def it_mails_the_annex_on_its_own_without_any_of_it(desk: Path, packed: str) -> None:
    (desk / "recipients.csv").write_text(
        "name,email,organisation,clearance,language\nBo Li,bo@example.org,MFA,OFFICIAL,en\n",
        encoding="utf-8",
    )
    run = kzrs(
        "send",
        "pack.yaml",
        "--attach",
        "annexes-annex-1",
        "--to",
        "recipients.csv",
        "--from",
        "briefs@mfa.example.kz",
        cwd=desk,
    )
    assert run.code == 0, run.err
    assert f"active.pdf: removed {REMOVED[0]}" in run.out
    (eml,) = (desk / "out" / "outbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    (part,) = message.iter_attachments()
    mailed = desk / "mailed.pdf"
    mailed.write_bytes(part.get_payload(decode=True))
    assert _active(mailed) == []
    assert mailed.read_bytes() == (desk / "out" / "annexes-annex-1.pdf").read_bytes()
