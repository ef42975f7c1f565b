"""Quoted evidence, checked against the source's own text: by `check`, by a build, located."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from clirun import ROOT, SAMPLE, kzrs, words
from kzrs_reports.load import read_visit
from kzrs_reports.load.quotes import normalise

REPORT = ROOT.parent / "shared" / "sources" / "astana-belgrade-visit-2026.txt"
"""The news report the sample is drawn from, beside the project (not shipped with it)."""


def sample_quotes() -> list[str]:
    visit = read_visit(SAMPLE).visit
    items = [
        *visit.relations.milestones,
        *visit.key_messages,
        *visit.agreements,
        *visit.sectors,
        *visit.positions,
    ]
    return [item.quote for item in items if item.quote]


SHORT_REPORT = "\n".join(sample_quotes()) + "\n"
"""A stand-in for the report: every quote of the sample, one a line."""


def visit_citing(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    """A copy of the sample whose one source names ``text`` (written as ``name``) as its
    local copy."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    data = tmp_path / "visit.yaml"
    data.write_text(SAMPLE.read_text(encoding="utf-8") + f"    file: {name}\n", encoding="utf-8")
    return data


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.skipif(not REPORT.is_file(), reason="the report is not beside the project")
def it_finds_every_quote_of_the_sample_in_the_report(tmp_path: Path) -> None:
    data = visit_citing(tmp_path, REPORT.read_text(encoding="utf-8"))
    run = kzrs("check", "--require-quotes", data)
    assert run.code == 0, run.err
    assert run.out.strip() == f"{data}: ok"
    assert run.err == ""


def it_lists_the_samples_quotes_as_unchecked_without_the_reports_text() -> None:
    run = kzrs("check", SAMPLE)
    assert run.code == 0, run.err
    notes = run.err.splitlines()
    quotes = SAMPLE.read_text(encoding="utf-8").count("\n    quote:") + SAMPLE.read_text(
        encoding="utf-8"
    ).count("\n      quote:")
    assert len(notes) == quotes >= 30
    assert all(
        " note: quote unchecked: source dknews-2026-02 names no local copy" in n for n in notes
    )
    assert run.out.strip() == f"{SAMPLE}: ok ({quotes} quote(s) unchecked)"


def it_reports_a_quote_the_source_does_not_hold_at_its_line_with_the_closest_passage(
    tmp_path: Path,
) -> None:
    data = visit_citing(tmp_path, SHORT_REPORT)
    text = data.read_text(encoding="utf-8").replace(
        "quote: the leaders agreed to maintain regular high-level dialogue\n",
        "quote: the leaders agreed to hold regular high-level dialogue\n",
        1,
    )
    data.write_text(text, encoding="utf-8")
    run = kzrs("check", data)
    assert run.code == 1
    line = line_of(data, "agreed to hold regular")
    (problem,) = run.err.splitlines()[:-1]
    located = f"{data}:{line}:12: key_messages[0].quote: not in the text of source dknews-2026-02"
    assert problem.startswith(f"{located}; closest passage: “")
    assert "the leaders agreed to maintain regular high-level dialogue" in problem
    out = tmp_path / "out"
    built = kzrs("build", data, "-o", out, "--charts-dir", tmp_path / "charts")
    assert built.code == 1
    assert f"{data}:{line}:12: key_messages[0].quote: not in the text" in built.err
    assert not out.exists() or not list(out.glob("*.pdf"))


@pytest.mark.parametrize(
    ("source", "quote", "found"),
    [
        ("a sign — that “relations” are", 'a sign - that "relations" are', True),
        ("a sign – that ‘relations’\n  are", "a sign -  that 'relations' are", True),
        ("a sign that relations are", "a sign that Relations are", False),
        ("a sign that relations are", "a sign that relations were", False),
        ("a sign that relations are", "a sign that, relations are", False),
    ],
)
def it_forgives_white_space_typographic_quotes_and_dashes_and_nothing_else(
    source: str, quote: str, found: bool
) -> None:
    assert (normalise(quote) in normalise(source)) is found


def it_finds_a_quote_in_a_source_pasted_with_combining_marks_and_soft_hyphens(
    tmp_path: Path,
) -> None:
    pasted = unicodedata.normalize("NFD", SHORT_REPORT)
    assert "Vuc\u030cic\u0301" in pasted  # "Aleksandar Vučić", decomposed
    pasted = pasted.replace("diplomatic", "diplo\u00admatic").replace(
        "Kazakhstan", "Kazakh\u200bstan"
    )
    assert "diplo\u00admatic" in pasted and "Kazakh\u200bstan" in pasted
    loaded = read_visit(visit_citing(tmp_path, pasted), require_quotes=True)
    assert loaded.notes == ()


def it_reads_a_markdown_source_without_its_markup(tmp_path: Path) -> None:
    markdown = "# The report\n\n" + SHORT_REPORT.replace("\n", "\n\n")
    markdown = markdown.replace(
        "the leaders agreed to maintain regular high-level dialogue",
        "*the leaders* agreed to maintain **regular high-level\ndialogue**",
    ).replace(
        "Serbia expressed readiness to explore",
        "Serbia expressed [readiness](https://x.org) to explore",
    )
    assert "**regular high-level\ndialogue**" in markdown and "[readiness](" in markdown
    loaded = read_visit(visit_citing(tmp_path, markdown, "report.md"), require_quotes=True)
    assert loaded.notes == ()
    assert loaded.read == (tmp_path / "report.md",)


def it_refuses_a_source_file_that_does_not_exist_at_its_field(tmp_path: Path) -> None:
    data = tmp_path / "visit.yaml"
    data.write_text(SAMPLE.read_text(encoding="utf-8") + "    file: gone.txt\n", encoding="utf-8")
    run = kzrs("check", data)
    assert run.code == 1
    line = line_of(data, "file: gone.txt")
    assert f"{data}:{line}:11: sources[0].file: {tmp_path / 'gone.txt'}: no such file" in run.err


def it_requires_a_checked_quote_on_every_sourced_statement_when_asked(tmp_path: Path) -> None:
    data = tmp_path / "visit.yaml"
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "      quote: Serbia’s Free Trade Agreement with the Eurasian Economic Union, signed in "
        "2019\n",
        "",
    )
    data.write_text(text, encoding="utf-8")
    assert kzrs("check", data).code == 0
    run = kzrs("check", "--require-quotes", data)
    assert run.code == 1
    line = line_of(data, "title: Serbia–EAEU free trade agreement signed") - 1
    problems = run.err.splitlines()
    assert (
        f"{data}:{line}:7: relations.milestones[1]: give the quote this statement rests on "
        "(the source's own words)"
    ) in problems
    assert all("note:" not in p for p in problems)
    assert sum("quote unchecked" in p for p in problems) >= 30


def it_rebuilds_when_the_sources_text_changes(tmp_path: Path) -> None:
    data = visit_citing(tmp_path, SHORT_REPORT)
    out, charts = tmp_path / "out", tmp_path / "charts"
    args = ("build", data, "-o", out, "--charts-dir", charts, "-f", "pdf")
    first = kzrs(*args)
    assert first.code == 0, first.err
    assert "up to date" in kzrs(*args).out
    (tmp_path / "report.txt").write_text(SHORT_REPORT + "And more.\n", encoding="utf-8")
    again = kzrs(*args)
    assert again.code == 0 and "up to date" not in again.out
    assert words(again.out).startswith(f"{data} →")
