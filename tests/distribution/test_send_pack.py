"""``kzrs-reports send PACK.yaml``: a pack mailed as a desk officer would — dry run first,
then to a real SMTP server on 127.0.0.1 over STARTTLS, with a crash in the middle, a re-run,
clearances kept, and a changed pack sent as a new edition."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from smtpserver import Server

from clirun import ROOT, SAMPLE, kzrs
from kzrs_reports.distribution.send import SmtpSettings

SAMPLE_PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
TITLE = "Kazakhstan–Serbia: the 2026 visit to Astana"
SUMMARY = "kz-rs-visit-2026-summary"
TlsServer = tuple[Server, int, Path, list[tuple[bytes, bytes]]]


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _attachments(msg: EmailMessage) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def _mixed_pack(folder: Path, name: str = "mixed", edition: str = "1") -> Path:
    """A pack of the sample's summary (OFFICIAL) and a SECRET annex."""
    memo = folder / "memo.pdf"
    if not memo.exists():
        drawing = canvas.Canvas(str(memo), pagesize=A4, invariant=True)
        drawing.drawString(72, 720, "Memorandum on transit")
        drawing.save()
    pack = folder / f"{name}.yaml"
    pack.write_text(
        f"id: {name}\n"
        "title: Mixed pack\n"
        "classification: OFFICIAL\n"
        "date: 2026-03-02\n"
        f'edition: "{edition}"\n'
        "documents:\n"
        f"  - visit: {SAMPLE}\n"
        "    kind: summary\n"
        "  - annex: memo.pdf\n"
        "    title: Memorandum on transit\n"
        "    classification: SECRET\n",
        encoding="utf-8",
    )
    return pack


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the sample pack and a mixed pack built into ``out/``."""
    root = tmp_path_factory.mktemp("shop")
    for pack in (SAMPLE_PACK, _mixed_pack(root)):
        run = kzrs("pack", pack, "-o", root / "out", "--charts-dir", root / "charts", cwd=root)
        assert run.code == 0, run.err
    return root


def _table(out: str) -> list[list[str]]:
    """The rows of the who-gets-what table in ``out``, split into words, header first."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Recipient "))
    return [line.split() for line in lines[start:] if "@" in line or line.startswith("Recip")]


def _recipients(folder: Path, *rows: str) -> Path:
    path = folder / "recipients.csv"
    path.write_text("name,email,organisation,clearance,language\n" + "".join(rows), "utf-8")
    return path


def _readers(count: int, clearance: str = "OFFICIAL") -> list[str]:
    return [f"Reader {n},reader{n}@example.org,MFA,{clearance},en\n" for n in range(1, count + 1)]


def _send_args(shop: Path, pack: Path, desk: Path, *more: str) -> list[str | Path]:
    return [
        "send",
        pack,
        "--to",
        desk / "recipients.csv",
        "--from",
        "briefs@mfa.example.kz",
        "--out",
        shop / "out",
        "--charts-dir",
        shop / "charts",
        "--journal",
        desk / "sent.sqlite",
        "--outbox",
        desk / "outbox",
        *more,
    ]


def _smtp(server: TlsServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    _, port, cert, _ = server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("KZRS_SMTP_PASSWORD", "s3cret")
    return ["--send", "--smtp", f"127.0.0.1:{port}", "--user", "desk", "--per-minute", "6000"]


def it_dry_runs_the_sample_pack_into_eml_files_carrying_the_bound_pdf(
    shop: Path, tmp_path: Path
) -> None:
    _recipients(tmp_path, "Aida Nur,aida@mfa.example.kz,MFA,SECRET,en\n", *_readers(1))
    run = kzrs(*_send_args(shop, SAMPLE_PACK, tmp_path), cwd=tmp_path)
    assert run.code == 0, run.err
    assert _table(run.out)[1] == ["aida@mfa.example.kz", "new", "en-GB", "kz-rs-pack-2026.pdf"]
    assert run.out.splitlines()[-1] == (
        f"dry run: 2 message(s) written to {tmp_path / 'outbox'}; 0 already sent; "
        "0 document(s) withheld by clearance; nothing sent"
    )
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert [f.name for f in files] == ["001-aida-mfa-example-kz.eml", "002-reader1-example-org.eml"]
    built = (shop / "out" / "kz-rs-pack-2026.pdf").read_bytes()
    for file in files:
        msg = _parse(file.read_bytes())
        assert msg["Subject"] == f"[OFFICIAL] {TITLE} (edition 1.0)"
        assert _attachments(msg) == {"kz-rs-pack-2026.pdf": built}
    assert not (tmp_path / "sent.sqlite").exists()


def it_sends_each_reader_only_the_parts_their_clearance_allows(
    shop: Path, tmp_path: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = tls_server[0]
    pack = shop / "mixed.yaml"
    _recipients(tmp_path, "Aida Nur,aida@mfa.example.kz,MFA,SECRET,en\n", *_readers(1))
    whole = kzrs(*_send_args(shop, pack, tmp_path), cwd=tmp_path)
    assert whole.code == 0, whole.err
    assert "note: 1 recipient(s) are cleared for none of the bound pack" in whole.err
    assert "reader1@example.org  no message" in whole.out

    run = kzrs(
        *_send_args(shop, pack, tmp_path, "--attach", "parts"), *_smtp(tls_server, monkeypatch)
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == "sent 2, skipped 0, withheld by clearance 1, failed 0"
    by_address = {to: _parse(raw) for _, (to,), raw in handler.received}
    summary = (shop / "out" / f"{SUMMARY}.pdf").read_bytes()
    memo = (shop / "memo.pdf").read_bytes()
    assert _attachments(by_address["aida@mfa.example.kz"]) == {
        f"{SUMMARY}.pdf": summary,
        "mixed-annex-1.pdf": memo,
    }
    assert _attachments(by_address["reader1@example.org"]) == {f"{SUMMARY}.pdf": summary}
    assert by_address["reader1@example.org"]["Subject"] == "[OFFICIAL] Mixed pack (edition 1)"
    assert by_address["aida@mfa.example.kz"]["Subject"] == "[SECRET] Mixed pack (edition 1)"


def it_sends_only_the_rest_after_a_crash_and_after_a_dropped_connection(
    shop: Path, tmp_path: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = tls_server[0]
    pack = shop / "mixed.yaml"
    _recipients(tmp_path, *_readers(6))
    args = [*_send_args(shop, pack, tmp_path, "--attach", SUMMARY), *_smtp(tls_server, monkeypatch)]

    # the process is killed while the server holds the 3rd message's reply
    handler.hold_after = 3
    process = subprocess.Popen(
        [sys.executable, "-m", "kzrs_reports", *map(str, args)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )
    deadline = time.monotonic() + 60
    while len(handler.received) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(handler.received) == 3
    handler.hold_after = None

    # the re-run sends the 4th on; the 3rd may have arrived, so it is not sent again; then
    # the server hangs up, on a new connection too, and the run stops
    handler.drop_after = 4
    second = kzrs(*args, cwd=tmp_path)
    assert second.code == 1
    assert second.err.splitlines()[-2:] == [
        f"cannot send: mail server 127.0.0.1:{tls_server[1]}: the server closed the "
        "connection before a message could be sent, on a new connection too",
        "nothing more sent: 2 message(s) left for the next run",
    ]
    assert "reader3@example.org  may have arrived" in second.out
    assert "note: 1 message(s) may have arrived" in second.err
    assert second.out.splitlines()[-1] == (
        "sent 1, skipped 3, withheld by clearance 0, failed 0, not sent 2"
    )

    handler.drop_after = None
    third = kzrs(*args, cwd=tmp_path)
    assert third.code == 0, third.err
    assert third.out.splitlines()[-1] == "sent 2, skipped 4, withheld by clearance 0, failed 0"
    delivered = [to for _, (to,), _ in handler.received]
    assert delivered == [f"reader{n}@example.org" for n in range(1, 7)]


def it_sends_what_changed_as_a_new_edition_and_what_did_not_never_again(
    shop: Path, tmp_path: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = tls_server[0]
    pack = _mixed_pack(tmp_path, "edition-test")
    _recipients(tmp_path, "Aida Nur,aida@mfa.example.kz,MFA,SECRET,en\n", *_readers(1))
    dry = _send_args(shop, pack, tmp_path, "--attach", "parts")
    send = [*dry, *_smtp(tls_server, monkeypatch)]
    assert kzrs(*send, cwd=tmp_path).code == 0

    # a new pack edition whose documents are the same: nobody is sent anything
    _mixed_pack(tmp_path, "edition-test", edition="2")
    same = kzrs(*send, cwd=tmp_path)
    assert same.out.splitlines()[-1] == "sent 0, skipped 2, withheld by clearance 1, failed 0"

    # the SECRET annex changes: only the reader cleared for it gets the new edition
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(memo.read_bytes() + b"\n% revised\n")
    table = _table(kzrs(*dry, cwd=tmp_path).out)
    assert table[1][:3] == ["aida@mfa.example.kz", "new", "edition"]
    assert table[2][:3] == ["reader1@example.org", "already", "sent"]
    changed = kzrs(*send, cwd=tmp_path)
    assert changed.out.splitlines()[-1] == "sent 1, skipped 1, withheld by clearance 1, failed 0"
    received = [(to, _parse(raw)) for _, (to,), raw in handler.received]
    assert [(to, msg["Subject"]) for to, msg in received] == [
        ("aida@mfa.example.kz", "[SECRET] Mixed pack (edition 1)"),
        ("reader1@example.org", "[OFFICIAL] Mixed pack (edition 1)"),
        ("aida@mfa.example.kz", "[SECRET] New edition: Mixed pack (edition 2)"),
    ]
    assert _attachments(received[-1][1])["edition-test-annex-1.pdf"] == memo.read_bytes()


def it_sends_changed_content_under_the_same_edition_as_revised_never_as_a_new_edition(
    shop: Path, tmp_path: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = tls_server[0]
    pack = _mixed_pack(tmp_path, "revision-test", edition="1.0")
    _recipients(tmp_path, "Aida Nur,aida@mfa.example.kz,MFA,SECRET,en\n")
    dry = _send_args(shop, pack, tmp_path, "--attach", "parts")
    send = [*dry, *_smtp(tls_server, monkeypatch)]
    assert kzrs(*send, cwd=tmp_path).code == 0

    # the annex is corrected but the pack's edition stays 1.0: the dry run says so
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(memo.read_bytes() + b"\n% corrected\n")
    run = kzrs(*dry, cwd=tmp_path)
    assert run.code == 0, run.err
    assert _table(run.out)[1][:2] == ["aida@mfa.example.kz", "revised"]
    assert (
        "note: 1 recipient(s) get content that changed under the same edition 1.0, so it goes "
        "out as Revised; if it is a new edition, change the pack's edition first"
    ) in run.err
    (eml,) = (tmp_path / "outbox").glob("*.eml")
    assert _parse(eml.read_bytes())["Subject"] == "[SECRET] Revised: Mixed pack (edition 1.0)"
    assert kzrs(*send, cwd=tmp_path).code == 0

    # corrected again, and now given a new edition
    memo.write_bytes(memo.read_bytes() + b"\n% second edition\n")
    _mixed_pack(tmp_path, "revision-test", edition="2.0")
    assert _table(kzrs(*dry, cwd=tmp_path).out)[1][:3] == ["aida@mfa.example.kz", "new", "edition"]
    assert kzrs(*send, cwd=tmp_path).code == 0

    received = [_parse(raw) for _, _, raw in handler.received]
    assert [m["Subject"] for m in received] == [
        "[SECRET] Mixed pack (edition 1.0)",
        "[SECRET] Revised: Mixed pack (edition 1.0)",
        "[SECRET] New edition: Mixed pack (edition 2.0)",
    ]
    bodies = [m.get_body(("plain",)) for m in received]
    texts = [b.get_content() if b is not None else "" for b in bodies]
    assert "This is a revision of what you were sent before, under the same edition" in texts[1]
    assert "new edition" not in texts[1]
    assert "This is a new edition of what you were sent before" in texts[2]


def it_names_the_documents_a_pack_has_when_asked_for_another(shop: Path, tmp_path: Path) -> None:
    _recipients(tmp_path, *_readers(1))
    run = kzrs(*_send_args(shop, SAMPLE_PACK, tmp_path, "--attach", "annex-z"), cwd=tmp_path)
    assert run.code == 2
    assert "annex-z: not a document of the pack; give pack, parts or any of: " in run.err
    assert f"kz-rs-visit-2026, {SUMMARY}, kz-rs-visit-2026-talking-points" in run.err
    assert not (tmp_path / "outbox").exists()


def it_sends_plain_smtp_only_to_this_machine(
    shop: Path, tmp_path: Path, server: tuple[Server, SmtpSettings]
) -> None:
    handler, smtp = server
    _recipients(tmp_path, *_readers(1))
    args = _send_args(shop, SAMPLE_PACK, tmp_path, "--send", "--no-tls")
    elsewhere = kzrs(*args, "--smtp", "mail.example.org:25", cwd=tmp_path)
    assert elsewhere.code == 2
    assert "cannot send: mail.example.org: unencrypted SMTP is allowed only to this machine" in (
        elsewhere.err
    )
    local = kzrs(*args, "--smtp", f"127.0.0.1:{smtp.port}", cwd=tmp_path)
    assert local.code == 0, local.err
    assert [to for _, (to,), _ in handler.received] == ["reader1@example.org"]
