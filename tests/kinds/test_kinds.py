"""Summary, talking points and chronology: built from the sample by the command line, read
back from the PDF and the DOCX as a reader would see them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from clirun import ROOT, SAMPLE, kzrs, libreoffice_pdf, outline_titles, pdf_text, words
from kzrs_reports.load import load_visit
from kzrs_reports.templates import DEFAULT_TEMPLATES, kind_templates, load_template_set
from kzrs_reports.templates.coverage import drawable_characters, font_names

MANY = ROOT / "tests" / "data" / "many-milestones.yaml"
ID = "kz-rs-visit-2026"

HEADINGS = {
    "summary": ["The visit at a glance", "Key messages", "Sources"],
    "talking-points": ["Lines to take", "If asked", "Avoid"],
    "chronology": ["Milestones", "Timeline", "Sources"],
    "evidence": [
        "Key messages",
        "Outcomes and agreements",
        "Sector priorities",
        "Political signals",
        "Trade and the Eurasian dimension",
        "Connectivity: flights and the Middle Corridor",
        "Multilateral and green agenda",
        "Milestones",
        "Risks and sensitivities",
        "Recommended next steps",
        "Sources",
    ],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of the sample, built in one run."""
    root = tmp_path_factory.mktemp("kinds")
    kinds = "brief,summary,talking-points,chronology,evidence"
    run = kzrs("build", SAMPLE, "-o", root / "out", "--charts-dir", root / "charts", "-k", kinds)
    assert run.code == 0, run.err
    return root / "out"


def docx_headings(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def body_size(pdf: Path) -> float:
    """The size most of the PDF's text is set in (the body), read from the page streams."""
    sizes: Counter[float] = Counter()
    for page in PdfReader(pdf).pages:

        def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
            if text.strip():
                sizes[round(size * abs(tm[3]), 1)] += len(text)

        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


@pytest.mark.parametrize("kind", sorted(HEADINGS))
def it_writes_each_kind_with_its_headings_in_order(built: Path, kind: str) -> None:
    pdf, word = built / f"{ID}-{kind}.pdf", built / f"{ID}-{kind}.docx"
    assert outline_titles(pdf) == HEADINGS[kind]
    assert docx_headings(word) == HEADINGS[kind]
    text = words(pdf_text(pdf))
    positions = [text.find(h) for h in HEADINGS[kind]]
    assert -1 not in positions
    assert positions == sorted(positions)


def it_keeps_the_brief_beside_the_other_kinds(built: Path) -> None:
    assert outline_titles(built / f"{ID}.pdf")[0] == "Key messages"
    names = sorted(p.name for p in built.iterdir() if p.is_file())
    assert names == sorted(
        f"{ID}{suffix}.{fmt}"
        for suffix in ("", "-summary", "-talking-points", "-chronology", "-evidence")
        for fmt in ("pdf", "docx")
    )


def it_fits_the_summary_on_one_page(built: Path) -> None:
    assert len(PdfReader(built / f"{ID}-summary.pdf").pages) == 1


def it_fits_the_summary_on_one_page_in_word_too(built: Path, tmp_path: Path) -> None:
    """Word lays out its own pages: LibreOffice opening the DOCX must find one page too."""
    converted = libreoffice_pdf(built / f"{ID}-summary.docx", tmp_path)
    assert len(PdfReader(converted).pages) == 1


def it_puts_the_sensitivities_in_one_line_of_the_summary(built: Path) -> None:
    text = words(pdf_text(built / f"{ID}-summary.pdf"))
    assert (
        "Sensitivities: Ambition without figures †; Kosovo and Metohija †; The Middle Corridor "
        "is an interest, not a commitment †; New links have still to be used †."
    ) in text


def it_asks_only_where_the_data_has_asks(built: Path, tmp_path: Path) -> None:
    assert "asks" not in words(pdf_text(built / f"{ID}-summary.pdf")).lower()
    data = tmp_path / "asks.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    asks = "  asks:\n    - Name a contact point for the Middle Corridor work.\n"
    data.write_text(text.replace("  avoid:\n", asks + "  avoid:\n"), encoding="utf-8")
    run = kzrs(
        "build", data, "-o", tmp_path / "out", "--charts-dir", tmp_path / "c", "-k", "summary"
    )
    assert run.code == 0, run.err
    summary = tmp_path / "out" / f"{ID}-summary.pdf"
    assert outline_titles(summary) == [
        "The visit at a glance",
        "Key messages",
        "Our asks †",
        "Sources",
    ]
    assert "Name a contact point for the Middle Corridor work." in words(pdf_text(summary))


def it_sets_talking_points_larger_than_the_brief(built: Path) -> None:
    brief, points = body_size(built / f"{ID}.pdf"), body_size(built / f"{ID}-talking-points.pdf")
    assert points >= brief + 3, (brief, points)
    own = load_template_set(kind_templates("talking-points")).theme.sizes
    default = load_template_set(DEFAULT_TEMPLATES).theme.sizes
    assert own.body > default.body and own.heading1 > default.heading1


def it_fits_the_card_on_one_page_in_large_type_without_citations(built: Path) -> None:
    pdf = built / f"{ID}-talking-points.pdf"
    assert len(PdfReader(pdf).pages) == 1
    assert body_size(pdf) >= 14
    text = words(pdf_text(pdf))
    assert "[1]" not in text and "Sources" not in text
    theme = load_template_set().theme
    card = load_visit(SAMPLE, drawable_characters(theme), font_names(theme)).talking_points
    assert card is not None
    for line in [*card.lines, *card.avoid]:
        assert line in text
    for qa in card.if_asked:
        assert f"{qa.question} {qa.answer}" in text
    assert text.index("Lines to take") < text.index("If asked") < text.index("Avoid")
    # The occasion and the date at the top, before the first line to take.
    assert text.index("26 – 27 Feb 2026") < text.index(card.lines[0])


def it_refuses_a_card_for_a_visit_without_talking_points(tmp_path: Path) -> None:
    data = tmp_path / "no-card.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("talking_points:"), text.index("sources:")
    data.write_text(text[:start] + text[end:], encoding="utf-8")
    out = tmp_path / "out"
    run = kzrs("build", data, "-o", out, "--charts-dir", tmp_path / "c", "-k", "talking-points")
    assert run.code == 1
    assert (
        f"{data}:1:1: talking_points: the talking-points card is the desk's own drafting"
        in words(run.err)
    )
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.docx"))


def it_lists_every_milestone_in_date_order(tmp_path: Path) -> None:
    run = kzrs("build", MANY, "-o", tmp_path, "--charts-dir", tmp_path / "c", "-k", "chronology")
    assert run.code == 0, run.err
    theme = load_template_set().theme
    visit = load_visit(MANY, drawable_characters(theme), font_names(theme))
    expected = [m.title for m in sorted(visit.relations.milestones, key=lambda m: m.date)]
    assert len(expected) == 45
    assert any(re.search("[\u0400-\u04ff]", t) for t in expected)

    (table,) = docx.Document(str(tmp_path / "test-many-milestones-chronology.docx")).tables
    header, *rows = [[c.text for c in row.cells] for row in table.rows]
    assert header == ["Date", "Event", "Category", "Basis"]
    assert [r[1].removesuffix(" (planned)") for r in rows] == expected
    categories = {m.title: m.category for m in visit.relations.milestones}
    assert [r[2] for r in rows] == [categories[t] for t in expected]

    pdf = tmp_path / "test-many-milestones-chronology.pdf"
    reader = PdfReader(pdf)
    text = words(" ".join(page.extract_text() for page in reader.pages))
    cyrillic = [t for t in expected if re.search("[\u0400-\u04ff]", t)]
    for title in cyrillic:
        assert words(title) in text
    assert "Timeline" in outline_titles(pdf)


def it_refuses_an_unknown_kind_listing_the_kinds(tmp_path: Path) -> None:
    run = kzrs("build", SAMPLE, "-o", tmp_path, "--kind", "summary,memo")
    assert run.code == 2
    message = words(run.err)
    assert "memo" in message
    assert "brief,chronology,evidence,summary,talking-points" in message
    assert not any(tmp_path.iterdir())


def it_builds_two_kinds_once_then_finds_both_up_to_date(tmp_path: Path) -> None:
    args = ("build", SAMPLE, "-o", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    first = kzrs(*args, "--kind", "brief,summary")
    assert first.code == 0, first.err
    assert (tmp_path / "out" / f"{ID}.pdf").is_file()
    assert (tmp_path / "out" / f"{ID}-summary.pdf").is_file()
    assert first.out.count("→") == 2

    again = kzrs(*args, "--kind", "summary,brief")
    assert again.code == 0, again.err
    assert again.out.count("up to date (") == 2, again.out
    assert "→" not in again.out

    brief_only = kzrs(*args)
    assert brief_only.out.count("up to date (") == 1, brief_only.out
    assert "-summary" not in brief_only.out


def it_counts_files_and_documents_apart(tmp_path: Path) -> None:
    args = ("build", SAMPLE, MANY, "-o", tmp_path, "--charts-dir", tmp_path / "c", "-j", "1")
    run = kzrs(*args, "--kind", "summary,chronology", "--format", "pdf")
    assert run.code == 0, run.err
    assert "2 files, 4 documents: 4 built, 0 up to date, 0 failed" in run.out
