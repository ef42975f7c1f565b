"""The PDF writer, checked the way a reader sees the file: text, outline, fonts, metadata."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from documents import (
    CHART_LABEL,
    CHART_TITLE,
    CLASSIFICATION,
    HEADINGS,
    LONG_TABLE_HEADER,
    sample_document,
)
from pypdf import PdfReader
from pypdf.generic import NameObject

from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document


@pytest.fixture(scope="module")
def document(charts: tuple[Path, Path]) -> nodes.Document:
    return sample_document(*charts)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, document: nodes.Document, theme: Theme
) -> tuple[Path, int]:
    target = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    written = write_document(document, theme, target)
    assert written.path == target
    assert written.pages is not None
    return target, written.pages


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext extracts it."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split("\f")[:-1]


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    """(depth, title) of every outline entry, depth first."""
    found: list[tuple[int, str]] = []

    def walk(items: Sequence[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title)))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def test_it_passes_qpdf_check(built: tuple[Path, int]) -> None:
    result = subprocess.run(["qpdf", "--check", str(built[0])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_reports_the_page_count(built: tuple[Path, int]) -> None:
    pdf, pages = built
    assert len(PdfReader(pdf).pages) == pages
    assert pages >= 3


@pytest.mark.parametrize(
    "text",
    [
        "Vučić",
        "Қасым-Жомарт Тоқаев",
        "Србија",
        "ђ ј љ њ ћ џ",
        "č ć š ž đ",
        "AT&T",
        "<b>x</b>",
        "{{ 7*7 }}",
        "Warning <i>not italic</i>",
        "Risk: sanctions exposure of the oil supply (&).",
    ],
)
def test_it_prints_data_exactly_as_typed(built: tuple[Path, int], text: str) -> None:
    assert text in "\n".join(page_texts(built[0]))


def test_it_numbers_every_page_with_the_right_total(built: tuple[Path, int]) -> None:
    pdf, pages = built
    texts = page_texts(pdf)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text


def test_it_marks_every_page_top_and_bottom(built: tuple[Path, int]) -> None:
    pdf, pages = built
    texts = page_texts(pdf)
    assert "\n".join(texts).count(CLASSIFICATION) == 2 * pages
    for text in texts:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        assert lines[0] == CLASSIFICATION
        assert lines[-1] == CLASSIFICATION


def test_its_outline_lists_every_heading_nested_by_level(built: tuple[Path, int]) -> None:
    entries = outline(PdfReader(built[0]))
    assert [title for _, title in entries] == [title for _, title in HEADINGS]
    # A level-3 heading straight after a level-1 heading nests one level down, not two.
    assert [depth for depth, _ in entries] == [0, 1, 2, 0, 1, 0, 1, 0]


def test_its_contents_list_every_heading_with_its_page(built: tuple[Path, int]) -> None:
    texts = page_texts(built[0])
    contents = texts[0]
    for _, title in HEADINGS:
        match = re.search(re.escape(title) + r"[ .]*(\d+)\s*$", contents, re.MULTILINE)
        assert match, f"{title!r} missing from contents"
        page = int(match.group(1))
        assert title in texts[page - 1].replace(contents, "") or title in texts[page - 1]


def test_it_sets_file_metadata(built: tuple[Path, int], document: nodes.Document) -> None:
    reader = PdfReader(built[0])
    info: Any = reader.metadata
    assert info is not None
    meta = document.meta
    assert info["/Title"] == meta.title
    assert info["/Author"] == meta.author
    assert info["/Subject"] == meta.subject
    assert info["/Keywords"] == ", ".join(meta.keywords)
    assert info["/Creator"] == "kzrs-reports"
    assert str(info["/CreationDate"]).startswith("D:20260220")
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == meta.language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (BooleanObject)


def test_it_embeds_only_subset_fonts(built: tuple[Path, int]) -> None:
    reader = PdfReader(built[0])
    names: set[str] = set()

    def collect(resources: Any) -> None:
        fonts = resources.get("/Font")
        for ref in (fonts.get_object() if fonts else {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
            descriptor = descriptor.get_object()
            assert any(NameObject(k) in descriptor for k in ("/FontFile", "/FontFile2"))
            names.add(str(font["/BaseFont"]))
        xobjects = resources.get("/XObject")
        for ref in (xobjects.get_object() if xobjects else {}).values():
            inner = ref.get_object().get("/Resources")
            if inner is not None:
                collect(inner.get_object())

    for page in reader.pages:
        collect(page["/Resources"].get_object())
    assert names
    assert all(re.fullmatch(r"/[A-Z]{6}\+\S+", name) for name in names), names
    assert not any("Helvetica" in name for name in names)
    assert any("NotoSerif" in name for name in names)
    assert any("NotoSans" in name for name in names)


def test_the_long_table_repeats_its_header_on_every_page_it_spans(
    built: tuple[Path, int],
) -> None:
    texts = page_texts(built[0])
    spanned = [i for i, text in enumerate(texts) if re.search(r"Milestone \d+:", text)]
    assert len(spanned) >= 2
    assert spanned == list(range(spanned[0], spanned[-1] + 1))
    for index in spanned:
        for header in LONG_TABLE_HEADER:
            assert header in texts[index]
    body = "\n".join(texts[i] for i in spanned)
    assert all(f"Milestone {n}:" in body for n in range(1, 61))


def test_chart_text_is_real_text_in_the_embedded_font(built: tuple[Path, int]) -> None:
    text = "\n".join(page_texts(built[0]))
    assert CHART_LABEL in text
    assert CHART_TITLE in text
    assert "Figure 1. Sector priorities (assessed), Vučić & Тоқаев" in text
    assert "Table 2. Milestones of the relationship (60 rows)" in text


def test_internal_links_jump_to_their_anchors_page(built: tuple[Path, int]) -> None:
    reader = PdfReader(built[0])
    texts = page_texts(built[0])
    page_of = {
        page.indirect_reference.idnum: i  # type: ignore[union-attr]
        for i, page in enumerate(reader.pages)
    }
    internal: set[int] = set()
    external: set[str] = set()
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                external.add(str(action["/URI"]))
            elif "/Dest" in annot and index > 0:  # page 1 holds the contents list
                internal.add(page_of[annot["/Dest"][0].idnum])
    timeline = next(i for i, t in enumerate(texts) if i > 0 and "2 Relations timeline" in t)
    source_2 = next(i for i, t in enumerate(texts) if "Akorda press service" in t)
    assert internal == {timeline, source_2}
    assert external == {
        "https://www.mfa.gov.rs/en?a=1&b=2",
        "https://www.mfa.gov.rs/",
        "mailto:desk@example.org",
    }


def test_outline_entries_point_at_their_headings_pages(built: tuple[Path, int]) -> None:
    reader = PdfReader(built[0])
    texts = page_texts(built[0])

    def flat(items: Sequence[object]) -> list[Any]:
        return [x for item in items for x in (flat(item) if isinstance(item, list) else [item])]

    for item in flat(reader.outline):
        page = reader.get_destination_page_number(item)
        assert page is not None and page > 0
        assert str(item.title) in texts[page]


def test_two_builds_are_byte_identical(
    tmp_path: Path, document: nodes.Document, theme: Theme
) -> None:
    first, second = tmp_path / "a" / "brief.pdf", tmp_path / "b" / "other.pdf"
    write_document(document, theme, first)
    write_document(document, theme, second)
    digest = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (first, second)]
    assert digest[0] == digest[1]


def test_a_chart_redrawn_at_the_same_path_shows_in_the_next_build(
    tmp_path: Path, document: nodes.Document, theme: Theme, charts: tuple[Path, Path]
) -> None:
    svg = tmp_path / "chart.svg"
    svg.write_bytes(charts[0].read_bytes())
    with_chart = replace(
        document,
        blocks=tuple(
            replace(b, vector=str(svg)) if isinstance(b, nodes.Figure) else b
            for b in document.blocks
        ),
    )
    write_document(with_chart, theme, tmp_path / "before.pdf")
    svg.write_text(svg.read_text(encoding="utf-8").replace(CHART_TITLE, "Redrawn chart"))
    write_document(with_chart, theme, tmp_path / "after.pdf")
    before = "\n".join(page_texts(tmp_path / "before.pdf"))
    after = "\n".join(page_texts(tmp_path / "after.pdf"))
    assert "Redrawn chart" not in before
    assert "Redrawn chart" in after
    # The caption still says "Sector priorities"; the chart's own title no longer does.
    assert after.count(CHART_TITLE) == before.count(CHART_TITLE) - 1


def test_a_missing_svg_leaves_the_old_file_and_no_temp_files(
    tmp_path: Path, document: nodes.Document, theme: Theme
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous good file")
    figure = next(b for b in document.blocks if isinstance(b, nodes.Figure))
    missing = tmp_path / "gone.svg"
    broken = replace(
        document,
        blocks=tuple(
            replace(b, vector=str(missing)) if b is figure else b for b in document.blocks
        ),
    )
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        write_document(broken, theme, target)
    assert target.read_bytes() == b"previous good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_a_callout_longer_than_a_page_splits(tmp_path: Path, theme: Theme) -> None:
    words = "A long callout paragraph that keeps going. " * 6
    paragraphs = tuple(nodes.Paragraph((nodes.Text(f"P{i}. {words}"),)) for i in range(45))
    doc = nodes.Document(
        nodes.Metadata(title="t", author="a", classification="MARK"),
        (
            nodes.Callout(
                kind="warning",
                title=(nodes.Text("Outer"),),
                children=(*paragraphs[:5], nodes.Callout("note", paragraphs[5:30])),
            ),
            *paragraphs[30:],
        ),
    )
    written = write_document(doc, theme, tmp_path / "long.pdf")
    assert written.pages is not None and written.pages >= 3
    text = "\n".join(page_texts(written.path))
    assert all(f"P{i}." in text for i in range(45))


def test_without_a_date_it_uses_source_date_epoch(
    tmp_path: Path, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    doc = nodes.Document(
        nodes.Metadata(title="t", author="a"), (nodes.Paragraph((nodes.Text("x"),)),)
    )
    written = write_document(doc, theme, tmp_path / "x.pdf")
    info: Any = PdfReader(written.path).metadata
    assert str(info["/CreationDate"]).startswith("D:20260101000000")
    assert written.pages == 1


def test_a_paragraph_breaks_its_lines_for_each_width_it_is_given() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from kzrs_reports.writers.pdf.flowables import BriefParagraph

    text = "Strategic partnership, connectivity and the Middle Corridor. " * 6
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    ours, plain = BriefParagraph(text, style), Paragraph(text, style)
    for width in (400.0, 120.0, 400.0, 120.0, 250.0):
        assert ours.wrap(width, 1000) == plain.wrap(width, 1000)
        assert [line[1] for line in ours.blPara.lines] == [line[1] for line in plain.blPara.lines]
