"""A heading, and a paragraph that introduces a figure or a table, never end a page without
what they introduce: checked in both writers, on the PDF's word boxes wherever the section
falls on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from kzrs_reports.document import nodes as n
from kzrs_reports.document.layout import ROWS_KEPT_WITH_INTRO, keeps_with_next
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from pages import body_lines, lines_after, page_of, pages_ending_with

HEADING = "Sector priorities"
INTRO = "The parties named these sectors for expansion; the chart and the table rank them."
ROWS = 30


def _t(text: str) -> tuple[n.Inline, ...]:
    return (n.Text(text),)


def filler(count: int) -> tuple[n.Block, ...]:
    """``count`` one-line paragraphs: they move what follows down the page a line at a time."""
    return tuple(n.Paragraph(_t(f"Filler line {i + 1}.")) for i in range(count))


def figure(charts: tuple[Path, Path]) -> n.Figure:
    svg, png = charts
    return n.Figure("priorities", str(svg), str(png), _t("Priorities"), "A bar chart.", 1)


def long_table() -> n.Table:
    rows = tuple(
        (n.TableCell(_t(f"Row {i + 1}")), n.TableCell(_t(f"Value {i + 1}"))) for i in range(ROWS)
    )
    header = (n.TableCell(_t("Item")), n.TableCell(_t("Value")))
    return n.Table(header, rows, (0.5, 0.5), ("left", "left"), _t("A long table"), 1)


def document(*blocks: n.Block) -> n.Document:
    return n.Document(n.Metadata(title="Keeps", author="Tests"), blocks)


def section(*after: n.Block) -> tuple[n.Block, ...]:
    return (n.Heading(1, _t(HEADING), "sector-priorities"), n.Paragraph(_t(INTRO)), *after)


# ------------------------------------------------------------------- the rule, decided once


def it_keeps_a_heading_with_whatever_follows_it() -> None:
    blocks = (n.Heading(1, _t("A"), "a"), n.Heading(2, _t("B"), "b"), n.Paragraph(_t("x")))
    assert keeps_with_next(blocks) == (True, True, False)


def it_keeps_a_paragraph_with_the_figure_or_table_it_introduces(
    charts: tuple[Path, Path],
) -> None:
    table = long_table()
    blocks = (n.Paragraph(_t("a")), figure(charts), n.Paragraph(_t("b")), table)
    assert keeps_with_next(blocks) == (True, False, True, False)


def it_keeps_nothing_else() -> None:
    blocks = (
        n.Paragraph(_t("a")),
        n.Paragraph(_t("b")),
        n.BulletList((n.ListItem(_t("c")),)),
        n.Heading(1, _t("last before a break"), "x"),
        n.PageBreak(),
        n.Heading(1, _t("last of all"), "y"),
    )
    assert keeps_with_next(blocks) == (False,) * len(blocks)


# ------------------------------------------------------------------- the PDF, as printed


@pytest.mark.parametrize("lines", range(22, 44, 2))
def it_never_leaves_a_heading_and_intro_above_a_figure_on_the_next_page(
    tmp_path: Path, theme: Theme, charts: tuple[Path, Path], lines: int
) -> None:
    doc = document(*filler(lines), *section(figure(charts)), *filler(3))
    written = write_document(doc, theme, tmp_path / "figure.pdf")
    pages = body_lines(written.path, theme)
    assert pages_ending_with(pages, {HEADING}) == []
    assert page_of(pages, HEADING) == page_of(pages, "Figure 1.", start=True)
    assert page_of(pages, INTRO[:40], start=True) == page_of(pages, HEADING)


@pytest.mark.parametrize("lines", range(22, 44, 2))
def it_keeps_an_intro_with_the_first_rows_of_a_long_table_not_the_whole_table(
    tmp_path: Path, theme: Theme, lines: int
) -> None:
    doc = document(*filler(lines), *section(long_table()))
    written = write_document(doc, theme, tmp_path / "table.pdf")
    pages = body_lines(written.path, theme)
    assert pages_ending_with(pages, {HEADING, INTRO}) == []
    [heading_page] = page_of(pages, HEADING)
    for row in range(1, ROWS_KEPT_WITH_INTRO + 1):
        assert page_of(pages, f"Row {row}") == [heading_page]
    # the table is not moved whole: when the section starts on the first page, the table
    # runs on to the second
    if heading_page == 1:
        assert page_of(pages, f"Row {ROWS}") == [2]


def it_starts_the_section_at_a_page_foot_when_its_first_rows_fit(
    tmp_path: Path, theme: Theme
) -> None:
    starts = set()
    for lines in range(22, 44, 2):
        doc = document(*filler(lines), *section(long_table()))
        written = write_document(doc, theme, tmp_path / f"table-{lines}.pdf")
        pages = body_lines(written.path, theme)
        [heading_page] = page_of(pages, HEADING)
        starts.add(heading_page)
        if heading_page == 1:
            assert len(lines_after(pages, HEADING)) >= 2 + ROWS_KEPT_WITH_INTRO
    assert starts == {1, 2}  # at the foot of page 1 while room allows, then on page 2


# ------------------------------------------------------------------- the Word copy


def keeps(paragraph: Any) -> bool:
    return bool(paragraph.paragraph_format.keep_with_next)


def it_gives_word_the_same_keeps(tmp_path: Path, theme: Theme, charts: tuple[Path, Path]) -> None:
    doc = document(
        *section(long_table()),
        n.Paragraph(_t("Introducing a figure.")),
        figure(charts),
        n.Paragraph(_t("A closing paragraph.")),
    )
    written = write_document(doc, theme, tmp_path / "keeps.docx")
    word = docx.Document(str(written.path))
    by_text = {p.text: p for p in word.paragraphs}
    assert keeps(by_text[HEADING]) and keeps(by_text[INTRO])
    assert keeps(by_text["Introducing a figure."])
    assert not keeps(by_text["A closing paragraph."])
    rows = word.tables[0].rows
    kept = [all(keeps(p) for cell in row.cells for p in cell.paragraphs) for row in rows]
    # the header and the first row keep with the next: header + 2 rows share the intro's page
    assert kept[: ROWS_KEPT_WITH_INTRO + 1] == [True] * ROWS_KEPT_WITH_INTRO + [False]
    assert kept[-1]  # the last row keeps with its caption, as before
