"""Source or assessment, never blurred: on every page of every kind, in the PDF and the DOCX.

A sourced statement is followed by its citation [n]; the desk's judgement by the marker †
and never by a citation; the source's own commentary is printed as context, under no party's
name. Read back from the built sample as a reader would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import SAMPLE, docx_text, kzrs, page_words, words
from kzrs_reports.load import load_visit

ID = "kz-rs-visit-2026"
KINDS = ("brief", "summary", "chronology", "evidence")
VISIT = load_visit(SAMPLE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("provenance")
    kinds = ",".join((*KINDS, "talking-points"))
    run = kzrs("build", SAMPLE, "-o", root / "out", "--charts-dir", root / "charts", "-k", kinds)
    assert run.code == 0, run.err
    return root / "out"


def read(built: Path, kind: str, fmt: str) -> str:
    path = built / f"{ID}{'' if kind == 'brief' else '-' + kind}.{fmt}"
    # In reading order (not pdftotext's layout mode, which runs table columns together).
    return page_words(path, 1, 99) if fmt == "pdf" else words(docx_text(path))


def plain(rich: str) -> str:
    """A rich-text value as printed: its emphasis markers dropped, white space as one."""
    return words(rich.replace("**", "").replace("*", ""))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", ["brief", "evidence"])
def it_marks_every_judgement_and_cites_none(built: Path, kind: str, fmt: str) -> None:
    text = read(built, kind, fmt)
    steps = [
        n.action + (f" ({n.owner}; {n.due})" if kind == "evidence" else "")
        for n in VISIT.next_steps
    ]
    judgements = [plain(r.detail) for r in VISIT.risks] + steps
    judgements += [plain(m.text) for m in VISIT.key_messages if m.assessed]
    assert len(judgements) >= 10
    for judgement in judgements:
        assert f"{judgement} †" in text, judgement
        assert f"{judgement} [1]" not in text, judgement


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", ["brief", "summary"])
def it_cites_every_sourced_key_message_and_marks_the_desks(
    built: Path, kind: str, fmt: str
) -> None:
    text = read(built, kind, fmt)
    for message in VISIT.key_messages:
        assert f"{plain(message.text)} {'†' if message.assessed else '[1]'}" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def it_prints_the_sources_commentary_as_context_under_no_partys_name(built: Path, fmt: str) -> None:
    text = read(built, "brief", fmt)
    context = [p for p in VISIT.positions if p.party == "context"]
    assert context
    for position in context:
        assert f"Context: {plain(position.text)} [1]" in text
        for party in ("Kazakhstan", "Serbia", "Both sides"):
            assert f"{party}: {plain(position.text)}" not in text


def it_prints_the_desks_comment_apart_from_the_sourced_fact(built: Path) -> None:
    (commented,) = [m for m in VISIT.relations.milestones if m.comment]
    comment = plain(commented.comment or "")
    text = read(built, "chronology", "docx")
    assert f"{commented.title} Desk comment: {comment} † diplomatic [1]" in text
    # In the PDF the cell's lines and the next column's share baselines: look at the ends.
    text = read(built, "chronology", "pdf")
    assert f"{commented.title} Desk comment:" in text and f"{comment[-10:]} †" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def it_lists_every_quote_beside_its_statement_in_the_evidence_table(built: Path, fmt: str) -> None:
    text = read(built, "evidence", fmt)
    for message in VISIT.key_messages:
        if message.quote:
            assert f"{plain(message.text)} [1] “{words(message.quote)}”" in text
    for risk in VISIT.risks:
        assert f"{plain(risk.detail)} † —" in text


@pytest.mark.parametrize("kind", KINDS)
def it_explains_the_marks_in_every_kind_that_uses_them(built: Path, kind: str) -> None:
    text = read(built, kind, "pdf")
    assert "[n]: a source, listed at the end. †: the desk's own judgement" in text.replace("’", "'")
