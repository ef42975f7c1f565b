"""A paragraph's parsed markup and line breaks are lent to its like in the next document
laid out in the same thread (``watch`` after a save), a document laid out again starts from
its last pages, and the PDF comes out the same bytes as without either."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from documents import sample_document
from reportlab.lib.styles import ParagraphStyle

from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.pdf import flowables
from kzrs_reports.writers.pdf import writer as pdf_writer
from kzrs_reports.writers.pdf.flowables import BriefParagraph

TEXT = "Strategic partnership, connectivity and the Middle Corridor. " * 6
STYLE = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)


def _laid_out(*paragraphs: BriefParagraph) -> None:
    """Wrap each of ``paragraphs`` at 300 pt, as a layout of one document."""
    flowables.next_document("the document")
    for paragraph in paragraphs:
        paragraph.wrap(300, 1000)


def it_lends_a_paragraphs_lines_to_its_like_in_the_next_document() -> None:
    first = BriefParagraph(TEXT, STYLE)
    _laid_out(first)
    again, twin = BriefParagraph(TEXT, STYLE), BriefParagraph(TEXT, STYLE)
    _laid_out(again, twin)
    assert again.blPara is first.blPara  # taken, not broken again
    assert twin.blPara is not again.blPara  # lent to one paragraph of a document only
    larger = BriefParagraph(TEXT, ParagraphStyle("p", parent=STYLE, fontSize=11))
    other = BriefParagraph(TEXT + " More.", STYLE)
    _laid_out(larger, other)
    assert larger.blPara not in (again.blPara, twin.blPara)  # another style
    assert other.blPara not in (again.blPara, twin.blPara)  # another text
    assert larger.blPara.fontSize == 11  # broken for its own size
    _laid_out(BriefParagraph(TEXT, STYLE))
    later = BriefParagraph(TEXT, STYLE)
    _laid_out(later)
    assert later.blPara is not first.blPara  # only the document just before lends


def it_lends_a_paragraphs_parsed_markup_to_its_like_in_the_next_document() -> None:
    marked = f"<b>{TEXT}</b> and <i>more</i>"
    flowables.next_document("the document")
    first = BriefParagraph(marked, STYLE)
    parsed = first.frags  # a wrap puts the words of its lines in their place
    first.wrap(300, 1000)
    flowables.next_document("the document")
    again, twin = BriefParagraph(marked, STYLE), BriefParagraph(marked, STYLE)
    other = BriefParagraph(marked, ParagraphStyle("p", parent=STYLE, fontSize=11))
    assert again.frags is parsed  # taken, not parsed again
    assert twin.frags is not parsed  # lent to one paragraph of a document only
    assert [f.text for f in twin.frags] == [f.text for f in parsed]
    assert other.frags is not parsed and other.frags[0].fontSize == 11  # another style
    assert again.style is STYLE
    long = BriefParagraph(marked * 4, STYLE)
    cut = long.frags
    assert len(long.split(300, 60)) == 2
    flowables.next_document("the document")
    assert BriefParagraph(marked * 4, STYLE).frags is not cut  # a cut one is parsed afresh
    assert BriefParagraph(marked, STYLE).frags is twin.frags  # the last like one is lent


def it_keeps_the_lines_of_each_document_apart() -> None:
    brief, summary = BriefParagraph(TEXT, STYLE), BriefParagraph(TEXT, STYLE)
    flowables.next_document("brief")
    brief.wrap(300, 1000)
    flowables.next_document("summary")
    summary.wrap(300, 1000)
    assert summary.blPara is not brief.blPara  # another document's lines are not lent
    again = BriefParagraph(TEXT, STYLE)
    flowables.next_document("brief")
    again.wrap(300, 1000)
    assert again.blPara is brief.blPara  # the brief's own, the summary laid out between


def it_breaks_a_paragraph_that_was_cut_afresh_in_the_next_document() -> None:
    long = BriefParagraph(TEXT * 4, STYLE)
    _laid_out(long)
    parts = long.split(300, 60)
    assert len(parts) == 2
    again = BriefParagraph(TEXT * 4, STYLE)
    _laid_out(again)
    assert again.blPara is not long.blPara


def _documents(charts: tuple[Path, Path]) -> list[nodes.Document]:
    """The sample, then the sample edited (a paragraph rewritten, one long enough to be cut
    at a page's foot added), twice, then the sample again."""
    sample = sample_document(*charts)
    blocks = list(sample.blocks)
    index = next(i for i, b in enumerate(blocks) if isinstance(b, nodes.Paragraph))
    blocks[index] = nodes.Paragraph((nodes.Text("A paragraph rewritten since the last save."),))
    long = " ".join(f"Sentence {n} of a paragraph too long for one page." for n in range(400))
    blocks.insert(index + 1, nodes.Paragraph((nodes.Text(long), nodes.LineBreak())))
    edited = replace(sample, blocks=tuple(blocks))
    return [sample, edited, edited, sample]


def it_writes_the_same_bytes_as_without_the_last_documents_lines(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = _documents(charts)
    lent = []
    for number, document in enumerate(documents):
        lent.append(write_document(document, theme, tmp_path / f"lent-{number}.pdf").path)
    for number, document in enumerate(documents):
        monkeypatch.setattr(flowables, "_kept_lines", flowables._KeptLines())  # nothing kept
        _first_layout(monkeypatch)
        alone = write_document(document, theme, tmp_path / f"alone-{number}.pdf").path
        assert alone.read_bytes() == lent[number].read_bytes(), number
    assert documents[1] != documents[0]


@pytest.fixture(autouse=True)
def _nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flowables, "_kept_lines", flowables._KeptLines())


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets a 1 for every layout pass of every PDF written from now on."""
    from reportlab.platypus.doctemplate import BaseDocTemplate

    passes: list[int] = []
    build = BaseDocTemplate.build

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        passes.append(1)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    return passes


def _first_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the pages of every document laid out before."""
    monkeypatch.setattr(pdf_writer, "_last_layouts", pdf_writer._LastLayouts())


def it_lays_a_document_out_again_in_one_pass_from_its_last_pages(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample, edited, _, _ = _documents(charts)
    _first_layout(monkeypatch)
    passes = _passes(monkeypatch)
    first = write_document(sample, theme, tmp_path / "first.pdf")
    assert len(passes) == 2  # a draft for the pages, then the pass saved
    passes.clear()
    again = write_document(sample, theme, tmp_path / "again.pdf")
    assert len(passes) == 1
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.heading_pages == first.heading_pages and again.pages == first.pages
    passes.clear()
    moved = write_document(edited, theme, tmp_path / "moved.pdf")  # its headings moved on
    assert len(passes) > 1
    assert moved.heading_pages != first.heading_pages
    _first_layout(monkeypatch)
    alone = write_document(edited, theme, tmp_path / "alone.pdf")
    assert moved.path.read_bytes() == alone.path.read_bytes()
    passes.clear()
    other = replace(sample, meta=replace(sample.meta, title="Another brief"))
    write_document(other, theme, tmp_path / "other.pdf")
    assert len(passes) == 2  # another document starts from nothing
