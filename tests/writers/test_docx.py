"""The DOCX writer: what Word (and LibreOffice) readers of the brief get."""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from documents import CLASSIFICATION, HEADINGS, sample_document
from docx.oxml.ns import qn

from clirun import libreoffice_pdf
from kzrs_reports.document.nodes import (
    BulletList,
    Document,
    Figure,
    ListItem,
    Metadata,
    Paragraph,
    Text,
)
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.docx.inline import bookmark_name
from kzrs_reports.writers.docx.writer import build, package_entries
from kzrs_reports.writers.protocol import Written

ROOT = Path(__file__).resolve().parents[2]
THEME_FILE = ROOT / "src/kzrs_reports/templates/default/theme.yaml"
EMU_PER_INCH = 914400


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def sample(charts: tuple[Path, Path]) -> Document:
    return sample_document(*charts)


@pytest.fixture(scope="module")
def built(sample: Document, theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "brief.docx"
    written = write_document(sample, theme, target)
    assert written == Written(target, pages=None)
    return target


@pytest.fixture(scope="module")
def word(built: Path) -> Any:
    return docx.Document(str(built))


@pytest.fixture(scope="module")
def pdf(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return libreoffice_pdf(built, tmp_path_factory.mktemp("pdf"))


# --------------------------------------------------------------------------- helpers


def body(word: Any) -> Any:
    return word.element.body


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def paragraph_texts(word: Any) -> list[str]:
    return [text_of(p) for p in body(word).iter(qn("w:p"))]


def style_names(word: Any) -> dict[str, str]:
    return {style.style_id: style.name for style in word.styles}


def paragraph_style(paragraph: Any, names: dict[str, str]) -> str:
    style = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return names[style.get(qn("w:val"))] if style is not None else "Normal"


def bookmarks(word: Any) -> set[str]:
    return {b.get(qn("w:name")) for b in body(word).iter(qn("w:bookmarkStart"))}


def pdftotext(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def png_width(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", header[16:20])[0])


# --------------------------------------------------------------------------- text


def test_it_reopens_with_every_string_exactly_as_typed(word: Any) -> None:
    text = "\n".join(paragraph_texts(word))
    for expected in (
        "Vučić",
        "Қасым-Жомарт Тоқаев",
        "AT&T",
        "<b>x</b>",
        "{{ 7*7 }}",
        "Warning <i>not italic</i>",
        "Analyst Đorđe Šćepanović",
    ):
        assert expected in text


def test_it_drops_control_characters_instead_of_failing(theme: Theme, tmp_path: Path) -> None:
    document = Document(
        Metadata(title="T\x0bitle", author="A"),
        (Paragraph((Text("a\x0bb\x00c\x1fd"),)),),
    )
    target = tmp_path / "control.docx"
    write_document(document, theme, target)
    assert "a bcd" in paragraph_texts(docx.Document(str(target)))


def test_emphasis_and_strong_become_italic_and_bold_runs(word: Any) -> None:
    runs = [r for p in word.paragraphs for r in p.runs]
    assert any(r.text == "Aleksandar Vučić" and r.italic for r in runs)
    assert any(r.text == "Қасым-Жомарт Тоқаев" and r.bold for r in runs)
    assert any(r.text == "bold italic" and r.bold and r.italic for r in runs)


# --------------------------------------------------------------------------- structure


def test_headings_use_heading_styles_in_document_order(word: Any) -> None:
    names = style_names(word)
    found = []
    for p in body(word).iter(qn("w:p")):
        style = paragraph_style(p, names)
        if style.startswith("Heading "):
            found.append((int(style.removeprefix("Heading ")), text_of(p)))
    assert tuple(found) == HEADINGS


def test_heading_styles_carry_outline_levels_and_keep_with_next(word: Any) -> None:
    for level in (1, 2, 3):
        style = word.styles[f"Heading {level}"]
        outline = style.element.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
        assert outline.get(qn("w:val")) == str(level - 1)
        assert style.paragraph_format.keep_with_next


def test_the_styles_a_word_template_has_exist_with_theme_fonts(word: Any) -> None:
    names = {s.name for s in word.styles}
    for name in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Number",
        "Caption",
        "toc 1",
        "toc 2",
        "toc 3",
        "TOC Heading",
        "Hyperlink",
        "Brief Table",
        "Lead",
        "Note",
    ):
        assert name in names
    fonts = word.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Noto Serif"
    }
    heading_fonts = word.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:eastAsia")) == "Noto Sans"
    assert heading_fonts.get(qn("w:asciiTheme")) is None
    assert word.styles["toc 1"].style_id == "TOC1"


def test_document_language_is_set_in_the_defaults(word: Any) -> None:
    lang = word.styles.element.find(
        "/".join(qn(t) for t in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"))
    )
    assert lang.get(qn("w:val")) == "en-GB"


def test_pages_are_a4_with_the_theme_margins(word: Any, theme: Theme) -> None:
    for section in word.sections:
        assert round(section.page_width.mm) == 210
        assert round(section.page_height.mm) == 297
        assert round(section.left_margin.mm) == round(theme.page.margin_left_mm)
        assert round(section.top_margin.mm) == round(theme.page.margin_top_mm)


def test_headings_and_anchored_list_items_are_bookmarked(word: Any) -> None:
    anchors = ("key-messages", "scripts", "markup", "timeline", "source-1", "source-2")
    assert {bookmark_name(a) for a in anchors} <= bookmarks(word)


def test_bookmark_names_are_valid_for_word() -> None:
    names = {bookmark_name(a) for a in ("a-b", "a_b", "Ünïcode anchor", "x" * 80)}
    assert len(names) == 4
    assert all(len(n) <= 40 and re.fullmatch(r"_[A-Za-z0-9_]+", n) for n in names)


# --------------------------------------------------------------------------- contents, links


def test_contents_is_a_toc_field_whose_stored_result_links_every_heading(word: Any) -> None:
    names = style_names(word)
    instructions = [i.text for i in body(word).iter(qn("w:instrText"))]
    assert any(i.strip() == 'TOC \\o "1-3" \\h \\z \\u' for i in instructions)
    entries = [p for p in body(word).iter(qn("w:p")) if paragraph_style(p, names).startswith("toc")]
    marks = bookmarks(word)
    linked = []
    for entry in entries:
        (link,) = entry.findall(qn("w:hyperlink"))
        assert link.get(qn("w:anchor")) in marks
        linked.append(text_of(link).rsplit("\t", 1)[0])
    # The entry text is the heading, then a tab and a PAGEREF field's stored page number.
    assert [t.rstrip("0123456789") for t in linked] == [text for _, text in HEADINGS]
    assert sum("PAGEREF" in i for i in instructions) == len(HEADINGS)
    (title,) = [p for p in body(word).iter(qn("w:p")) if paragraph_style(p, names) == "TOC Heading"]
    assert text_of(title) == "Contents"


def test_internal_links_point_at_existing_bookmarks(word: Any) -> None:
    anchors = {
        link.get(qn("w:anchor"))
        for link in body(word).iter(qn("w:hyperlink"))
        if link.get(qn("w:anchor"))
    }
    assert anchors <= bookmarks(word)
    assert len(anchors) == len(HEADINGS) + 1  # every heading (TOC) plus #source-2


def test_external_links_are_hyperlink_relationships(word: Any) -> None:
    rels = word.part.rels
    targets = {
        rels[link.get(qn("r:id"))].target_ref
        for link in body(word).iter(qn("w:hyperlink"))
        if link.get(qn("r:id"))
    }
    assert targets == {
        "https://www.mfa.gov.rs/en?a=1&b=2",
        "https://www.mfa.gov.rs/",
        "mailto:desk@example.org",
    }


# --------------------------------------------------------------------------- furniture


def test_header_and_footer_carry_the_marking_and_page_fields(word: Any) -> None:
    for section in word.sections:
        assert CLASSIFICATION in text_of(section.header._element)
        footer = section.footer._element
        assert CLASSIFICATION in text_of(footer)
        codes = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"]
        assert "Page 1 of 1" in text_of(footer)


def test_core_properties_come_from_the_metadata(word: Any, sample: Document) -> None:
    props = word.core_properties
    meta = sample.meta
    assert props.title == meta.title
    assert props.author == props.last_modified_by == meta.author
    assert props.subject == meta.subject
    assert props.keywords == "Kazakhstan, Serbia, test"
    assert props.language == "en-GB"
    assert props.created.isoformat() == props.modified.isoformat() == "2026-02-20T00:00:00+00:00"
    assert props.revision == 1
    assert props.comments == "" and props.category == ""


def test_no_python_docx_leftovers_in_the_package(built: Path) -> None:
    with zipfile.ZipFile(built) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert "docProps/thumbnail.jpeg" not in names
    assert "python-docx" not in core
    assert "<Application>kzrs-reports</Application>" in app


# --------------------------------------------------------------------------- tables, figures


def brief_tables(word: Any) -> list[Any]:
    return [t for t in word.tables if t.style is not None and t.style.name == "Brief Table"]


def test_table_rows_never_split_and_the_header_row_repeats(word: Any) -> None:
    keyvalue, data = brief_tables(word)
    for table in (keyvalue, data):
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout.get(qn("w:type")) == "fixed"
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in data.rows[0].cells] == ["Milestone date", "Event", "Category"]
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in data.rows[1:])
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in keyvalue.rows)


def test_column_widths_follow_the_table_widths(word: Any) -> None:
    _, data = brief_tables(word)
    grid = [int(col.get(qn("w:w"))) for col in data._tbl.tblGrid.iter(qn("w:gridCol"))]
    total = sum(grid)
    assert [round(w / total, 2) for w in grid] == [0.2, 0.6, 0.2]
    for row in data.rows[:3]:
        assert [c.width for c in row.cells] == [c.width for c in data.columns]
    assert data.rows[1].cells[2].paragraphs[0].alignment == 2  # right


def test_key_value_tables_print_their_labels_in_bold(word: Any) -> None:
    keyvalue, _ = brief_tables(word)
    for row in keyvalue.rows:
        assert all(r.bold for r in row.cells[0].paragraphs[0].runs)
        assert not any(r.bold for r in row.cells[1].paragraphs[0].runs)


def test_captions_use_the_caption_style_and_the_label_patterns(word: Any) -> None:
    names = style_names(word)
    captions = [
        text_of(p) for p in body(word).iter(qn("w:p")) if paragraph_style(p, names) == "Caption"
    ]
    assert captions == [
        "Table 2. Milestones of the relationship (60 rows)",
        "Figure 1. Sector priorities (assessed), Vučić & Тоқаев",
    ]


def test_pictures_have_alt_text_and_print_at_200_dpi_or_more(
    word: Any, charts: tuple[Path, Path]
) -> None:
    doc_prs = list(body(word).iter(qn("wp:docPr")))
    assert doc_prs
    for doc_pr in doc_prs:
        assert doc_pr.get("descr")
    (shape,) = word.inline_shapes
    printed_inches = shape.width / EMU_PER_INCH
    assert png_width(charts[1]) / printed_inches >= 200


# --------------------------------------------------------------------------- the file


def test_the_same_document_gives_byte_identical_files(
    sample: Document, theme: Theme, built: Path, charts: tuple[Path, Path], tmp_path: Path
) -> None:
    again = tmp_path / "again.docx"
    write_document(sample, theme, again)
    # A fresh interpreter with another hash seed: no set ordering or id leaks into the bytes.
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from documents import sample_document;"
        "from kzrs_reports.templates.theme import load_theme;"
        "from kzrs_reports.writers import write_document;"
        "write_document(sample_document(Path(sys.argv[2]), Path(sys.argv[3])),"
        " load_theme(Path(sys.argv[4])), Path(sys.argv[5]))"
    )
    other = tmp_path / "other.docx"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT / "src")}
    args = [str(Path(__file__).parent), *map(str, charts), str(THEME_FILE), str(other)]
    subprocess.run(
        [sys.executable, "-c", script, *args],
        check=True,
        env=env,
    )
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (built, again, other)}
    assert len(digests) == 1


def test_the_zip_holds_exactly_the_parts_python_docx_would_save(
    sample: Document, theme: Theme
) -> None:
    word = build(sample, theme)
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        expected = {name: saved.read(name) for name in saved.namelist()}
    assert package_entries(word) == expected


def test_each_theme_gets_its_own_styles_in_one_process(
    sample: Document, theme: Theme, built: Path, tmp_path: Path
) -> None:
    red = theme.model_copy(
        update={"colours": theme.colours.model_copy(update={"primary": "#C00000"})}
    )
    write_document(sample, red, tmp_path / "red.docx")
    write_document(sample, theme, tmp_path / "again.docx")

    def heading_colour(path: Path) -> str:
        return str(docx.Document(str(path)).styles["Heading 1"].font.color.rgb)

    assert heading_colour(tmp_path / "red.docx") == "C00000"
    assert heading_colour(tmp_path / "again.docx") == theme.colours.primary.lstrip("#").upper()
    assert (tmp_path / "again.docx").read_bytes() == built.read_bytes()


def test_a_failed_write_leaves_the_existing_file_untouched(
    sample: Document, theme: Theme, tmp_path: Path
) -> None:
    target = tmp_path / "brief.docx"
    target.write_bytes(b"the good old brief")
    broken = replace(
        sample,
        blocks=(
            *sample.blocks,
            Figure(
                chart="missing",
                vector="missing.svg",
                raster=str(tmp_path / "missing.png"),
                caption=(Text("Missing"),),
                alt_text="Missing chart",
                number=2,
            ),
        ),
    )
    with pytest.raises(FileNotFoundError):
        write_document(broken, theme, target)
    assert target.read_bytes() == b"the good old brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx"]


def test_each_numbered_list_starts_again_at_one(theme: Theme, tmp_path: Path) -> None:
    items = (ListItem((Text("one"),)), ListItem((Text("two"),)))
    document = Document(
        Metadata(title="T", author="A"),
        (BulletList(items, ordered=True), BulletList(items, ordered=True)),
    )
    target = tmp_path / "lists.docx"
    write_document(document, theme, target)
    word = docx.Document(str(target))
    first, _, third, _ = (p._p for p in word.paragraphs)
    names = style_names(word)
    assert paragraph_style(first, names) == paragraph_style(third, names) == "List Number"
    num_id = third.find(".//" + qn("w:numId")).get(qn("w:val"))
    nums = word.part.numbering_part.element.findall(qn("w:num"))
    (restart,) = [n for n in nums if n.get(qn("w:numId")) == str(num_id)]
    assert restart.find(".//" + qn("w:startOverride")).get(qn("w:val")) == "1"


# --------------------------------------------------------------------------- as rendered


def test_libreoffice_renders_text_furniture_and_the_stored_contents(pdf: Path) -> None:
    text = pdftotext(pdf)
    for expected in ("Vučić", "Қасым-Жомарт Тоқаев", CLASSIFICATION, "AT&T <b>x</b> {{ 7*7 }}"):
        assert expected in text
    first_page = pdftotext(pdf, 1)
    assert "Page 1 of" in first_page
    assert first_page.count(CLASSIFICATION) == 2
    contents = first_page[first_page.index("Contents") :]
    for _, heading in HEADINGS:
        assert heading in contents


def test_libreoffice_repeats_the_table_header_on_every_page_it_spans(pdf: Path) -> None:
    pages = pdftotext(pdf).split("\f")
    spanned = [page for page in pages if re.search(r"Milestone \d+:", page)]
    assert len(spanned) >= 2
    assert all("Milestone date" in page for page in spanned)
