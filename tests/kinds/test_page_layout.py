"""Pages a print shop would pass: the sample's kinds, bench/generate.py's variants and briefs
with more and denser milestones, built by the command line and read back from the PDF's word
boxes. No page ends with a heading, and a figure stands on the page of its section's
heading and introduction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from clirun import (
    SAMPLE,
    fontconfig_without,
    kzrs,
    libreoffice_pdf,
    libreoffice_pdfs,
    outline_titles,
    pdf_text,
)
from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.templates.theme import Theme, load_theme
from pages import Line, body_lines, page_of, pages_ending_with
from visits import DENSER, bench_variants, write

KINDS = "brief,summary,talking-points,chronology,evidence"
SAMPLE_KINDS = ("", "-summary", "-talking-points", "-chronology", "-evidence")
"""How each kind's file name ends (the brief's has no ending)."""
CONTENTS_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.M)


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme(DEFAULT_TEMPLATES / "theme.yaml")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the documents are: the sample in every kind, two bench variants and the denser
    visits as a brief and a chronology."""
    root = tmp_path_factory.mktemp("layout")
    files = root / "visits"
    files.mkdir()
    denser = [write(make(), files / f"{name}.yaml") for name, make in DENSER.items()]
    bench = bench_variants(root / "bench", 2)
    out, charts = root / "out", root / "charts"
    for paths, kinds in (([SAMPLE], KINDS), ([*bench, *denser], "brief,chronology")):
        run = kzrs("build", *paths, "-o", out, "--charts-dir", charts, "-k", kinds)
        assert run.code == 0, run.err
    assert len(list(out.glob("*.pdf"))) == 5 + 2 * (len(bench) + len(denser))
    return out


@pytest.fixture(scope="module")
def built(out: Path) -> dict[str, Path]:
    """Every PDF, by file name."""
    return {p.name: p for p in sorted(out.glob("*.pdf"))}


def reading_order(pages: list[list[Line]]) -> list[Line]:
    return [line for lines in pages for line in lines]


def it_never_ends_a_page_with_a_heading(built: dict[str, Path], theme: Theme) -> None:
    for name, pdf in built.items():
        headings = set(outline_titles(pdf))
        pages = body_lines(pdf, theme)
        lines = {line.text for line in reading_order(pages)}
        assert headings <= lines, (name, headings - lines)  # every heading found on a page
        assert pages_ending_with(pages, headings) == [], name


def it_prints_every_figure_on_the_page_of_its_heading(built: dict[str, Path], theme: Theme) -> None:
    figures = 0
    for name, pdf in built.items():
        headings = set(outline_titles(pdf))
        heading: Line | None = None
        for line in reading_order(body_lines(pdf, theme)):
            if line.text in headings:
                heading = line
            elif line.text.startswith("Figure ") and heading is not None:
                assert line.page == heading.page, (name, heading.text, line.text)
                figures += 1
    chronologies = [name for name in built if name.endswith("-chronology.pdf")]
    briefs = [
        name
        for name in built
        if not name.endswith(("-summary.pdf", "-points.pdf", "-evidence.pdf"))
    ]
    # two figures in each brief, one in each chronology, none in the evidence table: all found
    assert figures == 2 * (len(briefs) - len(chronologies)) + len(chronologies)


def it_keeps_the_samples_sector_priorities_with_figure_1(
    built: dict[str, Path], theme: Theme
) -> None:
    pages = body_lines(built["kz-rs-visit-2026.pdf"], theme)
    assert page_of(pages, "Sector priorities") == page_of(pages, "Figure 1.", start=True)


def it_keeps_sector_priorities_with_figure_1_in_the_word_copy_too(
    out: Path, theme: Theme, tmp_path: Path
) -> None:
    pdf = libreoffice_pdf(out / "kz-rs-visit-2026.docx", tmp_path)
    pages = body_lines(pdf, theme)
    assert page_of(pages, "Sector priorities") == page_of(pages, "Figure 1.", start=True)


@pytest.fixture(scope="module")
def word_copies(out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's Word copy in every kind, laid out by LibreOffice on a machine without
    Noto (the copies carry it), by the PDF's name."""
    folder = tmp_path_factory.mktemp("word")
    names = [f"kz-rs-visit-2026{kind}" for kind in SAMPLE_KINDS]
    documents = [out / f"{name}.docx" for name in names]
    pdfs = libreoffice_pdfs(documents, folder, fontconfig=fontconfig_without("noto", folder))
    return {f"{name}.pdf": pdf for name, pdf in zip(names, pdfs, strict=True)}


def it_lays_the_word_copy_of_every_kind_out_on_the_pdfs_pages(
    built: dict[str, Path], word_copies: dict[str, Path]
) -> None:
    """The issue's promise is one page either way at most; the sample keeps them all."""
    counts = {
        name: (len(PdfReader(built[name]).pages), len(PdfReader(converted).pages))
        for name, converted in word_copies.items()
    }
    assert all(abs(printed - shown) <= 1 for printed, shown in counts.values()), counts
    assert all(printed == shown for printed, shown in counts.values()), counts


def it_starts_each_heading_of_the_word_copy_on_the_pdfs_page(
    built: dict[str, Path], word_copies: dict[str, Path], theme: Theme
) -> None:
    name = "kz-rs-visit-2026.pdf"
    printed, shown = body_lines(built[name], theme), body_lines(word_copies[name], theme)
    headings = outline_titles(built[name])
    assert [page_of(shown, h)[:1] for h in headings] == [page_of(printed, h)[:1] for h in headings]


def it_lists_in_the_word_copys_contents_the_pages_its_headings_are_on(
    built: dict[str, Path], word_copies: dict[str, Path], theme: Theme
) -> None:
    """LibreOffice works the contents' page numbers out from its own layout (Word shows the
    stored ones, the PDF's, until its reader updates the field: README)."""
    converted = word_copies["kz-rs-visit-2026.pdf"]
    pages = body_lines(converted, theme)
    [contents] = page_of(pages, "Contents")
    listed = CONTENTS_LINE.findall(pdf_text(converted).split("\f")[contents - 1])
    assert [title for title, _ in listed] == outline_titles(built["kz-rs-visit-2026.pdf"])
    assert [int(page) for _, page in listed] == [page_of(pages, title)[0] for title, _ in listed]
