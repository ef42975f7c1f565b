"""Every registered writer, over every node type and every rule: the formats agree.

What a link may be, what a table must look like, what a caption and a page label say are
decided once (core/links.py, document/validate.py, document/layout.py); these tests run each
case through every format the registry knows, and read the result back as a reader would.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.document import nodes as n
from kzrs_reports.document.layout import callout_look, heading_colour
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import FORMATS, write_document, write_documents

META = n.Metadata(title="Agreement", author="Desk", classification="OFFICIAL", date="2026-03-02")


def t(text: str) -> tuple[n.Inline, ...]:
    return (n.Text(text),)


def document(*blocks: n.Block) -> n.Document:
    return n.Document(META, blocks)


def words(path: Path) -> str:
    """All the text a reader finds in the file, headers and footers included."""
    if path.suffix == ".pdf":
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        return " ".join(result.stdout.split())
    with zipfile.ZipFile(path) as package:
        parts = [name for name in package.namelist() if name.startswith("word/")]
        xml = [package.read(name) for name in sorted(parts) if name.endswith(".xml")]
    from lxml import etree

    texts = []
    for data in xml:
        root = etree.fromstring(data)
        for paragraph in root.iter(qn("w:p")):
            texts.append("".join(node.text or "" for node in paragraph.iter(qn("w:t"))))
    return " ".join(" ".join(texts).split())


def links(path: Path) -> list[str]:
    """Every link target in the file: URIs and ``#anchor`` jumps."""
    if path.suffix == ".pdf":
        found = []
        for page in PdfReader(path).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action["/URI"]))
                elif (action is not None and "/D" in action) or "/Dest" in annot.get_object():
                    found.append("#")
        return found
    word: Any = docx.Document(str(path))
    found = []
    for link in word.element.body.iter(qn("w:hyperlink")):
        r_id = link.get(qn("r:id"))
        found.append(word.part.rels[r_id].target_ref if r_id else "#")
    return found


# --------------------------------------------------------------------------- node types


def example_with_every_inline() -> tuple[n.Inline, ...]:
    return (
        n.Text("plain "),
        n.Emphasis(t("slanted")),
        n.Text(" "),
        n.Strong(t("heavy")),
        n.LineBreak(),
        n.Link(t("the source"), "#source-1"),
    )


BLOCK_EXAMPLES: dict[type, tuple[n.Block, str]] = {
    n.TitleBlock: (n.TitleBlock(title=t("Заголовок Vučić"), kicker=t("Desk")), "Заголовок Vučić"),
    n.Heading: (n.Heading(1, t("Ključne poruke"), anchor="h"), "Ključne poruke"),
    n.Paragraph: (n.Paragraph(t("Қазақстан & Србија <b>")), "Қазақстан & Србија <b>"),
    n.BulletList: (n.BulletList((n.ListItem(t("first item")),)), "first item"),
    n.Table: (
        n.Table(
            header=(n.TableCell(t("Sector")), n.TableCell(t("Priority"))),
            rows=((n.TableCell(t("Energy")), n.TableCell(t("5"))),),
            widths=(0.6, 0.4),
            align=("left", "right"),
            caption=t("Priorities"),
            number=1,
        ),
        "Table 1. Priorities",
    ),
    n.Callout: (n.Callout("warning", (n.Paragraph(t("inside the box")),), t("Beware")), "Beware"),
    n.Contents: (n.Contents(t("Contents list")), "Contents list"),
    n.PageBreak: (n.PageBreak(), "OFFICIAL"),
}
"""For each block type but the figure (tested with a real chart below): an example and a
text a reader finds once it is written."""


def sources() -> n.BulletList:
    return n.BulletList((n.ListItem(t("The report"), anchor="source-1"),), ordered=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("node_type", n.BLOCK_TYPES, ids=lambda c: c.__name__)
def it_writes_every_block_type(
    fmt: str, node_type: type, theme: Theme, charts: tuple[Path, Path], tmp_path: Path
) -> None:
    if node_type is n.Figure:
        svg, png = charts
        block: n.Block = n.Figure("priorities", str(svg), str(png), t("Sectors"), "Bars", 1)
        expected = "Figure 1. Sectors"
    else:
        block, expected = BLOCK_EXAMPLES[node_type]
    written = write_document(document(block, n.Paragraph(t("end"))), theme, tmp_path / f"x.{fmt}")
    assert expected in words(written.path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("node_type", n.INLINE_TYPES, ids=lambda c: c.__name__)
def it_writes_every_inline_type(fmt: str, node_type: type, theme: Theme, tmp_path: Path) -> None:
    inlines = [i for i in example_with_every_inline() if isinstance(i, node_type)]
    assert inlines
    body = document(n.Paragraph(tuple(inlines)), sources())
    text = words(write_document(body, theme, tmp_path / f"x.{fmt}").path)
    expected = {
        n.Text: "plain",
        n.Emphasis: "slanted",
        n.Strong: "heavy",
        n.Link: "the source",
        n.LineBreak: "The report",
    }
    assert expected[node_type] in text


@pytest.mark.parametrize("fmt", FORMATS)
def it_refuses_a_node_type_it_does_not_know(fmt: str, theme: Theme, tmp_path: Path) -> None:
    class Mystery:
        pass

    target = tmp_path / f"x.{fmt}"
    with pytest.raises(TypeError, match="visit_mystery"):
        write_document(document(Mystery()), theme, target)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("fmt", FORMATS)
def it_links_a_web_address_whatever_the_case_of_its_scheme(
    fmt: str, theme: Theme, tmp_path: Path
) -> None:
    body = document(n.Paragraph((n.Link(t("the report"), "HTTPS://Example.org/Report"),)))
    written = write_document(body, theme, tmp_path / f"x.{fmt}")
    assert links(written.path) == ["HTTPS://Example.org/Report"]


@pytest.mark.parametrize("fmt", FORMATS)
def it_links_a_source_inside_the_document(fmt: str, theme: Theme, tmp_path: Path) -> None:
    body = document(n.Paragraph((n.Link(t("[1]"), "#source-1"),)), sources())
    written = write_document(body, theme, tmp_path / f"x.{fmt}")
    assert links(written.path) == ["#"]


BROKEN_PROMISES = [
    (
        n.Paragraph((n.Link(t("x"), "#nowhere"),)),
        "the document: a link to '#nowhere', which names no heading or source of the document",
    ),
    (
        n.Paragraph((n.Link(t("x"), "javascript:alert(1)"),)),
        "the document: a link to 'javascript:alert(1)': a link goes to an http(s):// or "
        "mailto: address, or to #anchor",
    ),
    (
        n.Paragraph((n.Link((n.Link(t("x"), "https://a.example"),), "https://b.example"),)),
        "the document: a link to 'https://b.example' holds another link",
    ),
    (
        n.Table(
            header=(n.TableCell(t("a")), n.TableCell(t("b"))),
            rows=((n.TableCell(t("only one")),),),
            widths=(0.5, 0.5),
            align=("left", "left"),
        ),
        "the document: table row 1 has 1 cells; the table has 2 columns",
    ),
    (
        n.Table(header=(), rows=((n.TableCell(t("a")),),), widths=(0.7,), align=("left",)),
        "the document: table widths must add up to 1, not 0.7",
    ),
    (
        n.BulletList((n.ListItem(t("a"), anchor="x"), n.ListItem(t("b"), anchor="x"))),
        "the document: two link targets are named 'x'",
    ),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("block", "message"),
    BROKEN_PROMISES,
    ids=["anchor", "scheme", "nested", "ragged", "widths", "twice"],
)
def it_refuses_a_broken_document_before_writing_anything(
    fmt: str, block: n.Block, message: str, theme: Theme, tmp_path: Path
) -> None:
    target = tmp_path / f"brief.{fmt}"
    target.write_bytes(b"the good old brief")
    with pytest.raises(TemplateError) as caught:
        write_document(document(block), theme, target)
    assert str(caught.value) == message
    assert target.read_bytes() == b"the good old brief"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def it_changes_no_format_when_one_of_them_fails(theme: Theme, tmp_path: Path) -> None:
    svg = tmp_path / "chart.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>')
    missing_png = tmp_path / "gone.png"
    figure = n.Figure("c", str(svg), str(missing_png), t("Chart"), "alt", 1)
    targets = {fmt: tmp_path / f"brief.{fmt}" for fmt in FORMATS}
    for target in targets.values():
        target.write_bytes(b"the good old brief")
    with pytest.raises(FileNotFoundError):
        write_documents(document(figure), theme, targets)
    assert all(t.read_bytes() == b"the good old brief" for t in targets.values())
    # The chart's converted drawing is kept beside it (it is the SVG's, whatever the document
    # did); no output, whole or partial, is left.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".kzrs", "chart.svg", *(t.name for t in targets.values())]
    )
    assert [p.name for p in (tmp_path / ".kzrs" / "drawings").iterdir()] == ["chart.drawing"]


# --------------------------------------------------------------------------- looks


@pytest.mark.parametrize("fmt", FORMATS)
def it_prints_the_page_label_and_the_marking(fmt: str, theme: Theme, tmp_path: Path) -> None:
    text = words(write_document(document(n.Paragraph(t("x"))), theme, tmp_path / f"x.{fmt}").path)
    assert "OFFICIAL" in text
    if fmt == "pdf":
        assert "Page 1 of 1" in text
    else:  # Word fills in the numbers: the stored result of each field is 1
        assert "Page 1 of 1" in text


@pytest.mark.parametrize("fmt", FORMATS)
def it_prints_no_page_label_when_the_label_is_empty(fmt: str, theme: Theme, tmp_path: Path) -> None:
    # a pack's cover: its page number is stamped by the pack, so its own footer has none
    meta = n.Metadata(
        title="Cover", author="", classification="OFFICIAL", labels=n.PageLabels(page="")
    )
    cover = n.Document(meta, (n.Paragraph(t("x")),))
    path = write_document(cover, theme, tmp_path / f"x.{fmt}").path
    text = words(path)
    assert text.count("OFFICIAL") == 2
    assert "Page" not in text and "1" not in text.replace("x", "")
    if fmt == "docx":
        with zipfile.ZipFile(path) as package:
            footers = [name for name in package.namelist() if name.startswith("word/footer")]
            assert not any(b"PAGE" in package.read(name) for name in footers)


def it_colours_headings_and_fills_callouts_alike(theme: Theme, tmp_path: Path) -> None:
    from kzrs_reports.writers.pdf.fonts import register_fonts
    from kzrs_reports.writers.pdf.styles import make_styles

    styles = make_styles(theme, register_fonts(theme))
    for level in (1, 2, 3):
        expected = heading_colour(theme, level).lstrip("#").lower()
        assert styles.headings[level - 1].textColor.hexval()[2:].lower() == expected
    body = document(
        n.Heading(3, t("Third level"), anchor="h3"),
        n.Callout("warning", (n.Paragraph(t("x")),)),
    )
    word: Any = docx.Document(str(write_document(body, theme, tmp_path / "x.docx").path))
    style = word.styles["Heading 3"]
    assert str(style.font.color.rgb).lower() == heading_colour(theme, 3).lstrip("#").lower()
    fills = [s.get(qn("w:fill")) for s in word.element.body.iter(qn("w:shd"))]
    assert callout_look(theme, "warning").fill.lstrip("#").upper() in [f.upper() for f in fills]
