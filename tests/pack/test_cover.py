"""The pack's cover as a reader gets it: the first page of the bound PDF, and the first Word
file of the zip, saying the same words in the same order, each document with the pack page it
starts on; in the house style's fonts; its dates in the pack's language."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table
from pypdf import PdfReader

from clirun import ROOT, SAMPLE, kzrs, libreoffice_pdf, page_words, words
from kzrs_reports.document import nodes as n
from kzrs_reports.pack.cover import ContentsLine, Cover, cover_document
from kzrs_reports.templates import PACK_TEMPLATES, cached_template_set
from pages import embedded_fonts

SAMPLE_PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
TITLE = "Kazakhstan–Serbia: the 2026 visit to Astana"
PARTS = (
    ("Brief", "kz-rs-visit-2026.pdf"),
    ("Summary", "kz-rs-visit-2026-summary.pdf"),
    ("Talking points", "kz-rs-visit-2026-talking-points.pdf"),
    ("Chronology", "kz-rs-visit-2026-chronology.pdf"),
)
"""The sample pack's documents in order: their kind, their own PDF."""


def part_pages(out: Path) -> list[int]:
    """The page count of each of the sample pack's documents, in pack order."""
    return [len(PdfReader(out / name).pages) for _, name in PARTS]


def starts(out: Path) -> list[int]:
    """The pack page each document starts on, after the one-page cover."""
    sizes = part_pages(out)
    return [2 + sum(sizes[:i]) for i in range(len(sizes))]


def contents(out: Path) -> list[list[str]]:
    """The sample pack's contents table, header first."""
    rows = [["", "Document", "Title", "Marking", "Pack page"]]
    for number, ((kind, _), start) in enumerate(zip(PARTS, starts(out), strict=True), 1):
        rows.append([str(number), kind, TITLE, "OFFICIAL", str(start)])
    return rows


NUMBERING = [
    "Page numbers",
    "The page numbers in this table are pack pages, printed at the top right of every page of "
    "the bound pack.",
    "Each document also numbers its own pages, at the foot of each page. Its contents list, and "
    "any page it refers to, use those numbers, not the pack's.",
]
"""The note under the contents: which page numbers the cover uses, and which each document's
contents list uses."""
FOOTER = "Cover, page 1 of 1"
"""The cover's own page number, at its foot as each document's is."""
HOUSE_FONTS = {"Noto Sans", "Noto Serif"}


def contents_rows(pdf: Path, first: int, last: int) -> list[tuple[int, str, int]]:
    """The cover's contents lines on pages ``first`` to ``last``: (number, kind, pack page)."""
    args = ["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rows = re.findall(r"^\s*(\d+)\s+(\S.*?)\s{2,}.*?\s{2,}\S+\s+(\d+)\s*$", text, re.M)
    return [(int(n), kind, int(page)) for n, kind, page in rows]


def body(path: Path) -> list[Any]:
    """A Word file's body in order: each paragraph's text, each table as rows of cell texts;
    empty paragraphs left out."""
    found: list[Any] = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            found.append([[cell.text for cell in row.cells] for row in block.rows])
        elif block.text:
            found.append(block.text)
    return found


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pack, built by the command line; returns the output folder."""
    root = tmp_path_factory.mktemp("cover")
    run = kzrs("pack", SAMPLE_PACK, "-o", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err
    return root / "out"


@pytest.fixture(scope="module")
def cover_docx(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cover's Word file, as the first entry of the pack's zip."""
    folder = tmp_path_factory.mktemp("cover-docx")
    with zipfile.ZipFile(sample / "kz-rs-pack-2026-docx.zip") as archive:
        first = archive.infolist()[0]
        assert first.filename == "00-kz-rs-pack-2026-cover.docx"
        return Path(archive.extract(first, folder))


def it_opens_the_pack_with_its_words_in_reading_order(sample: Path) -> None:
    rows = words(" ".join(" ".join(row) for row in contents(sample)))
    total = 1 + sum(part_pages(sample))
    # the marking and the pack's stamp; the title block; the contents and the note on page
    # numbers; then the footer: the title, the cover's own page number and the marking
    assert page_words(sample / "kz-rs-pack-2026.pdf", 1) == (
        f"OFFICIAL Pack page 1 of {total} BRIEFING PACK {TITLE} 2 March 2026 · Edition 1.0 "
        f"Contents of this pack {rows} {words(' '.join(NUMBERING))} {TITLE} {FOOTER} OFFICIAL"
    )


def it_says_which_page_numbers_the_contents_lists_use(sample: Path) -> None:
    pdf = sample / "kz-rs-pack-2026.pdf"
    cover = page_words(pdf, 1)
    # the cover's column is named as the stamp at the top right of every page is
    assert "Marking Pack page 1 Brief" in cover
    assert f"{words(NUMBERING[1])} {words(NUMBERING[2])}" in cover
    # as the note says, the brief's own contents list (on pack page 3) gives the brief's own
    # pages: its sources on its last page n, the pack's page n + 1, whose foot says "Page n of n"
    n, total = part_pages(sample)[0], 1 + sum(part_pages(sample))
    assert re.search(rf" Sources[ .]+{n} ", page_words(pdf, 3))
    last = page_words(pdf, n + 1)
    assert last.startswith(f"OFFICIAL Pack page {n + 1} of {total}") and " Sources " in last
    assert last.endswith(f"Page {n} of {n} OFFICIAL")


def it_numbers_the_cover_at_its_foot_as_every_document_is(sample: Path) -> None:
    pdf = sample / "kz-rs-pack-2026.pdf"
    assert page_words(pdf, 1).endswith(f"{TITLE} {FOOTER} OFFICIAL")
    n = part_pages(sample)[0]
    assert page_words(pdf, 2).endswith(f"{TITLE} Page 1 of {n} OFFICIAL")


def it_lists_each_document_on_the_pack_page_where_its_first_page_is(sample: Path) -> None:
    pdf = sample / "kz-rs-pack-2026.pdf"
    reader = PdfReader(pdf)
    documents = [entry for entry in reader.outline if not isinstance(entry, list)][1:]
    for (number, kind, page), entry in zip(contents_rows(pdf, 1, 1), documents, strict=True):
        assert entry.title == f"{kind}: {TITLE}", number
        assert reader.get_destination_page_number(entry) + 1 == page


def it_has_a_word_version_first_in_the_zip_that_says_the_same(
    sample: Path, cover_docx: Path
) -> None:
    assert body(cover_docx) == [
        "Briefing pack",
        TITLE,
        "2 March 2026 · Edition 1.0",
        "Contents of this pack",
        contents(sample),
        [["\n".join(NUMBERING)]],
    ]


def it_has_the_marking_top_and_bottom_in_word_and_its_page_number(cover_docx: Path) -> None:
    section = docx.Document(str(cover_docx)).sections[0]
    assert [p.text for p in section.header.paragraphs if p.text] == ["OFFICIAL"]
    assert [p.text for p in section.footer.paragraphs if p.text] == [FOOTER, "OFFICIAL"]
    with zipfile.ZipFile(cover_docx) as package:
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
        assert footers
        # Word counts the pages itself, as in every document's footer
        fields = b"".join(package.read(name) for name in footers)
        assert b" PAGE " in fields and b" NUMPAGES " in fields


def it_opens_in_libreoffice_as_one_page_saying_the_same(
    sample: Path, cover_docx: Path, tmp_path: Path
) -> None:
    pdf = libreoffice_pdf(cover_docx, tmp_path)
    assert len(PdfReader(pdf).pages) == 1
    rows = words(" ".join(" ".join(row) for row in contents(sample)))
    # The kicker in capitals, as the PDF prints it; the footer in Noto (the copy carries it),
    # narrower than the fallback face, reads top to bottom: the page label, then the marking.
    assert page_words(pdf, 1) == (
        f"OFFICIAL BRIEFING PACK {TITLE} 2 March 2026 · Edition 1.0 "
        f"Contents of this pack {rows} {words(' '.join(NUMBERING))} {FOOTER} OFFICIAL"
    )


def it_names_only_the_house_fonts_in_word(cover_docx: Path) -> None:
    word = docx.Document(str(cover_docx))
    used = {p.style.name for p in word.paragraphs}
    used |= {
        p.style.name for t in word.tables for r in t.rows for c in r.cells for p in c.paragraphs
    }
    fonts = set()
    for name in used:
        style = word.styles[name]
        while style is not None:
            fonts.add(style.font.name)
            style = style.base_style
    fonts |= {run.font.name for p in word.paragraphs for run in p.runs}
    with zipfile.ZipFile(cover_docx) as package:
        styles = package.read("word/styles.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults is not None
    fonts |= set(re.findall(r'w:ascii="([^"]+)"', defaults[0]))
    assert fonts - {None} <= HOUSE_FONTS, fonts


def it_uses_only_the_house_fonts_embedded_in_the_pdf(sample: Path) -> None:
    names = embedded_fonts(sample / "kz-rs-pack-2026.pdf", 1, 1)
    assert names
    for name in names:
        assert re.fullmatch(r"[A-Z]{6}\+Noto(Sans|Serif)-\w+", name), name


@pytest.fixture(scope="module")
def long_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack of 40 one-page summaries, in Serbian: its contents need a second cover page."""
    root = tmp_path_factory.mktemp("long")
    entries = f"  - visit: {SAMPLE}\n    kind: summary\n" * 40
    pack = root / "long.yaml"
    pack.write_text(
        "title: A long pack\nclassification: OFFICIAL\ndate: 2026-03-02\nedition: '2'\n"
        f"language: sr-Latn\ndocuments:\n{entries}",
        encoding="utf-8",
    )
    run = kzrs("pack", pack, "-o", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err
    assert "(42 pages: cover 2 + 1 + 1" in run.out
    return root / "out"


def it_gives_each_document_its_pack_page_from_a_cover_of_two_pages(long_pack: Path) -> None:
    pdf = long_pack / "long.pdf"
    assert len(PdfReader(pdf).pages) == 2 + 40
    rows = contents_rows(pdf, 1, 2)
    # the pack's own words are in its language (sr-Latn); its documents keep their own
    assert rows == [(n, "Sažetak", n + 2) for n in range(1, 41)]
    summary = page_words(long_pack / "kz-rs-visit-2026-summary.pdf", 1)
    for _, _, page in rows:
        assert page_words(pdf, page) == f"OFFICIAL Strana paketa {page} od 42 {summary[9:]}"
    # the contents' header row repeats on the cover's second page (its last cell, two lines
    # high, is read first)
    assert page_words(pdf, 2).startswith(
        "OFFICIAL Strana paketa 2 od 42 Strana paketa Dokument Naslov Oznaka tajnosti 32"
    )
    assert page_words(pdf, 2).endswith("A long pack Naslovna strana 2 od 2 OFFICIAL")


def it_links_the_lines_on_both_pages_of_the_cover_to_their_documents(long_pack: Path) -> None:
    reader = PdfReader(long_pack / "long.pdf")
    targets = []
    for page in reader.pages[:2]:
        for annot in page["/Annots"]:
            targets.append(reader.get_page_number(annot.get_object()["/Dest"][0].get_object()))
    rows = contents_rows(long_pack / "long.pdf", 1, 2)
    assert len(rows) == 40
    assert [t + 1 for t in targets] == [page for _, _, page in rows]
    assert reader.pages[1]["/Annots"], "the lines on the cover's second page are links too"


def it_writes_dates_and_words_in_the_packs_language(long_pack: Path, tmp_path: Path) -> None:
    assert "A long pack 2. mart 2026. · Izdanje 2" in page_words(long_pack / "long.pdf", 1)
    assert PdfReader(long_pack / "long.pdf").trailer["/Root"]["/Lang"] == "sr-Latn"
    with zipfile.ZipFile(long_pack / "long-docx.zip") as archive:
        cover = Path(archive.extract("00-long-cover.docx", tmp_path))
    assert body(cover)[2] == "2. mart 2026. · Izdanje 2"
    assert docx.Document(str(cover)).core_properties.language == "sr-Latn"


HOSTILE = "# A | B **bold** {{ 7*7 }} <b>AT&T</b> &amp; \\ [x](javascript:y)"
"""A title with Markdown, a table's cell separator, template syntax and HTML in it."""


def it_prints_markup_in_titles_as_typed() -> None:
    cover = Cover(
        title=HOSTILE,
        marking="OFFICIAL",
        date=dt.date(2026, 3, 2),
        edition=HOSTILE,
        language="en-GB",
        contents=(ContentsLine(1, "Annex", HOSTILE, "OFFICIAL", 2),),
    )
    document = cover_document(cover, cached_template_set(PACK_TEMPLATES), "")
    title_block, heading, table, _note = document.blocks
    assert isinstance(title_block, n.TitleBlock) and isinstance(table, n.Table)
    assert n.plain_text(title_block.title) == HOSTILE
    assert [n.plain_text(line) for line in title_block.details] == [
        f"2 March 2026 · Edition {HOSTILE}"
    ]
    assert isinstance(heading, n.Heading)
    assert [[n.plain_text(cell.children) for cell in row] for row in table.rows] == [
        ["1", "Annex", HOSTILE, "OFFICIAL", "2"]
    ]
    assert table.align[-1] == "right"
