"""Bad pack files: every problem located as file:line:col: field: message, exit 1, and
nothing written."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clirun import SAMPLE, kzrs
from kzrs_reports.pack import load_pack


def _run(tmp_path: Path, text: str) -> tuple[int, list[str], Path]:
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run = kzrs("pack", "pack.yaml", "-o", out, "--charts-dir", tmp_path / "charts", cwd=tmp_path)
    return run.code, run.err.splitlines(), out


HEAD = "title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\n"


def test_an_unknown_key_is_named_with_the_field_it_was_meant_to_be(tmp_path: Path) -> None:
    code, err, out = _run(tmp_path, HEAD + f"documents:\n  - visit: {SAMPLE}\n    knd: summary\n")
    assert code == 1
    assert err == [
        "pack.yaml:6:5: documents[0].knd: unknown field 'knd'; did you mean 'kind'?",
        "pack.yaml: 1 problem(s); nothing written",
    ]
    assert not out.exists()


def test_a_missing_file_and_a_bad_kind_are_located_at_their_values(tmp_path: Path) -> None:
    code, err, out = _run(
        tmp_path,
        HEAD + "documents:\n"
        f"  - visit: {SAMPLE}\n"
        "    kind: sumary\n"
        "  - visit: nowhere.yaml\n"
        "  - annex: missing.pdf\n"
        "    title: An annex\n",
    )
    assert code == 1
    assert err == [
        "pack.yaml:6:11: documents[0].kind: must be one of: brief, chronology, evidence, "
        "summary, talking-points (got 'sumary'); did you mean 'summary'?",
        "pack.yaml:7:12: documents[1].visit: no such file: nowhere.yaml",
        "pack.yaml:8:12: documents[2].annex: no such file: missing.pdf",
        "pack.yaml: 3 problem(s); nothing written",
    ]
    assert not out.exists()


def test_entries_must_say_what_they_are_and_the_pack_its_marking(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text("not a PDF at all", encoding="utf-8")
    code, err, out = _run(
        tmp_path,
        "title: A pack\nclassification: RESTRICTED\ndate: 2026-02-30\n"
        "documents:\n"
        "  - kind: brief\n"
        "  - annex: notes.pdf\n"
        "    kind: brief\n"
        f"  - visit: {SAMPLE}\n"
        "    annex: notes.pdf\n",
    )
    assert code == 1
    assert err == [
        "pack.yaml:2:17: classification: must be a level of the uk marking scheme: PUBLIC < "
        "OFFICIAL < OFFICIAL-SENSITIVE < SECRET < TOP SECRET (got 'RESTRICTED')",
        "pack.yaml:3:7: date: 2026-02-30 is not a real date",
        "pack.yaml:5:5: documents[0]: give either visit: (a visit data file) or annex: (a PDF)",
        "pack.yaml:6:5: documents[1]: an annex needs a title",
        "pack.yaml:6:12: documents[1].annex: not a PDF file: notes.pdf",
        "pack.yaml:7:11: documents[1].kind: kind is for a visit document, not an annex",
        "pack.yaml:9:12: documents[2].annex: give visit: or annex:, not both",
        "pack.yaml: 7 problem(s); nothing written",
    ]
    assert not out.exists()


def test_an_empty_document_list_and_a_bad_id_are_refused(tmp_path: Path) -> None:
    code, err, out = _run(tmp_path, "id: Pack 1\n" + HEAD + "documents: []\n")
    assert code == 1
    assert err[:2] == [
        "pack.yaml:1:5: id: must be an id: lower-case letters, digits and hyphens, "
        "e.g. dknews-2026-02 (got 'Pack 1')",
        "pack.yaml:5:12: documents: must list at least one entry",
    ]
    assert not out.exists()


def test_paths_in_the_sample_pack_are_read_relative_to_it() -> None:
    pack = load_pack(SAMPLE.parent / "kz-rs-pack-2026.yaml")
    assert pack.id == "kz-rs-pack-2026"
    assert [e.document_kind for e in pack.documents] == [
        "brief",
        "summary",
        "talking-points",
        "chronology",
    ]


def test_a_visit_file_with_problems_stops_the_pack_with_its_lines(tmp_path: Path) -> None:
    (tmp_path / "visit.yaml").write_text(
        SAMPLE.read_text(encoding="utf-8").replace("classification: OFFICIAL", "classification:"),
        encoding="utf-8",
    )
    code, err, out = _run(tmp_path, HEAD + "documents:\n  - visit: visit.yaml\n")
    assert code == 1
    assert any(
        line.startswith("visit.yaml:")
        and line.endswith(
            "brief.classification: expected text (got nothing); write it after "
            "the colon, in quotes if it starts with #"
        )
        for line in err
    ), err
    assert err[-1] == "pack.yaml: pack not written: visit.yaml: not built: 1 problem(s)"
    assert not (out / "pack.pdf").exists()


def test_a_language_must_be_a_tag_whose_dates_are_known(tmp_path: Path) -> None:
    documents = f"documents:\n  - visit: {SAMPLE}\n"
    code, err, out = _run(tmp_path, HEAD + "language: EN\n" + documents)
    assert code == 1
    assert err[0] == (
        "pack.yaml:4:11: language: must be a language tag such as en or en-GB (got 'EN')"
    )
    code, err, out = _run(tmp_path, HEAD + "language: xx\n" + documents)
    assert code == 1
    assert err == [
        "pack.yaml:4:11: language: no dates are known in the language 'xx'",
        "pack.yaml: 1 problem(s); nothing written",
    ]
    assert not out.exists()


def test_a_pack_without_a_language_is_in_british_english(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(HEAD + f"documents:\n  - visit: {SAMPLE}\n", "utf-8")
    assert load_pack(tmp_path / "pack.yaml").language == "en-GB"


def test_markings_are_levels_of_the_packs_scheme_at_their_lines(tmp_path: Path) -> None:
    memo = canvas.Canvas(str(tmp_path / "memo.pdf"), pagesize=A4)
    memo.drawString(72, 720, "Memo")
    memo.save()
    code, err, out = _run(
        tmp_path,
        "title: A pack\nmarking_scheme: rs\nclassification: OFFICIAL\ndate: 2026-03-02\n"
        "documents:\n"
        "  - annex: memo.pdf\n"
        "    title: Memo\n"
        "    classification: ИНТЕРНО\n"
        "  - annex: memo.pdf\n"
        "    title: Memo\n"
        "    classification: tajno\n",
    )
    assert code == 1
    levels = "JAVNO < INTERNO < POVERLJIVO < STROGO POVERLJIVO < DRZAVNA TAJNA"
    assert err == [
        f"pack.yaml:3:17: classification: must be a level of the rs marking scheme: {levels} "
        "(got 'OFFICIAL')",
        f"pack.yaml:11:21: documents[1].classification: must be a level of the rs marking "
        f"scheme: {levels} (got 'tajno')",
        "pack.yaml: 2 problem(s); nothing written",
    ]
    assert not out.exists()
    code, err, _ = _run(
        tmp_path,
        "title: A pack\nmarking_scheme: eu\nclassification: X\ndate: 2026-03-02\n"
        "documents:\n  - annex: memo.pdf\n    title: Memo\n",
    )
    assert err == [
        "pack.yaml:2:17: marking_scheme: unknown marking scheme 'eu': give one of kz, nato, rs, "
        "uk, or the path of a house scheme file (.yaml)",
        "pack.yaml: 1 problem(s); nothing written",
    ]
