"""A pack built by the command line and opened as a desk officer would: the cover, the
bookmarks, the pages of each document in order, and the Word versions beside it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from clirun import ROOT, SAMPLE, kzrs, words
from pages import embedded_fonts, page_words_boxed

SAMPLE_PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
ID = "kz-rs-visit-2026"
PARTS = [f"{ID}.pdf", f"{ID}-summary.pdf", f"{ID}-talking-points.pdf", f"{ID}-chronology.pdf"]
KINDS = ["Brief", "Summary", "Talking points", "Chronology"]
TITLE = "Kazakhstan–Serbia: the 2026 visit to Astana"


def tree(reader: PdfReader) -> list[tuple[str, int, list[Any]]]:
    """The outline as (title, 1-based page, children)."""

    def walk(entries: list[Any]) -> list[tuple[str, int, list[Any]]]:
        items: list[tuple[str, int, list[Any]]] = []
        for entry in entries:
            if isinstance(entry, list):
                title, page, _ = items[-1]
                items[-1] = (title, page, walk(entry))
            else:
                items.append((str(entry.title), reader.get_destination_page_number(entry) + 1, []))
        return items

    return walk(reader.outline)


def cover_rows(pdf: Path) -> list[tuple[int, str, str, str, int]]:
    """The cover's contents as (number, kind, title, marking, start page)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = re.findall(r"^\s*(\d+)\s+(\S.*?)\s{2,}(\S.*?)\s{2,}(\S+)\s+(\d+)\s*$", text, re.M)
    return [(int(n), kind, title, marking, int(page)) for n, kind, title, marking, page in rows]


def page_text(pdf: Path, page: int) -> str:
    return words(
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def stamp_box(pdf: Path, page: int) -> tuple[float, float]:
    """The right edge and the top of the pack number on ``page``, in points from bottom left."""
    found = page_words_boxed(pdf, page)
    index = next(i for i, word in enumerate(found) if word.text == "Pack")
    total = found[index + 4]  # "Pack page n of N": the total is the 5th word
    return total.right, total.top


def total_pages(out: Path) -> int:
    """The pack's page count: the one-page cover and every page of its documents."""
    return 1 + sum(len(PdfReader(out / name).pages) for name in PARTS)


def stamped(text: str, number: int, pages: int) -> str:
    """A page's text with the pack's page number after the marking that opens it."""
    first, rest = text.split(" ", 1)
    return f"{first} Pack page {number} of {pages} {rest}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pack, built by the command line; returns the output folder."""
    root = tmp_path_factory.mktemp("pack")
    run = kzrs("pack", SAMPLE_PACK, "-o", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err
    out = root / "out"
    sizes = [len(PdfReader(out / name).pages) for name in PARTS]
    parts = " + ".join(map(str, sizes))
    summary = f"({1 + sum(sizes)} pages: cover 1 + {parts}; marked OFFICIAL)"
    assert f"kz-rs-pack-2026.pdf {summary}" in run.out
    return out


def test_the_pack_holds_the_cover_then_every_page_of_each_document(sample: Path) -> None:
    pack = sample / "kz-rs-pack-2026.pdf"
    sizes = [len(PdfReader(sample / name).pages) for name in PARTS]
    total = len(PdfReader(pack).pages)
    assert total == 1 + sum(sizes) >= 10
    number = 2
    for name, size in zip(PARTS, sizes, strict=True):
        for own in range(1, size + 1):
            # each page as the document printed it, with the pack's number on its first line
            text = page_text(sample / name, own)
            assert page_text(pack, number) == stamped(text, number, total)
            number += 1


def test_every_page_carries_its_pack_number_once(sample: Path) -> None:
    pack = sample / "kz-rs-pack-2026.pdf"
    total = total_pages(sample)
    for number in range(1, total + 1):
        stamps = re.findall(r"Pack page \d+ of \d+", page_text(pack, number))
        assert stamps == [f"Pack page {number} of {total}"]


def test_qpdf_finds_nothing_wrong_with_the_pack(sample: Path) -> None:
    check = subprocess.run(
        ["qpdf", "--check", str(sample / "kz-rs-pack-2026.pdf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_each_document_has_a_bookmark_with_its_own_headings_beneath(sample: Path) -> None:
    outline = tree(PdfReader(sample / "kz-rs-pack-2026.pdf"))
    assert [title for title, _, _ in outline] == [
        "Cover",
        *(f"{kind}: {TITLE}" for kind in KINDS),
    ]
    start = 2
    for name, (_, page, children) in zip(PARTS, outline[1:], strict=True):
        part = PdfReader(sample / name)
        own = tree(part)
        assert page == start
        # the same headings, nested the same way, on the same pages moved by the part's start
        shift = start - 1

        def moved(items: list[Any], by: int = shift) -> list[Any]:
            return [(t, p + by, moved(c)) for t, p, c in items]

        assert children == moved(own)
        assert children, name
        start += len(part.pages)


def test_the_cover_lists_each_document_on_the_page_where_it_starts(sample: Path) -> None:
    pdf = sample / "kz-rs-pack-2026.pdf"
    rows = cover_rows(pdf)
    assert [(n, kind, title, marking) for n, kind, title, marking, _ in rows] == [
        (n, kind, TITLE, "OFFICIAL") for n, kind in enumerate(KINDS, start=1)
    ]
    total = total_pages(sample)
    for (*_, page), name in zip(rows, PARTS, strict=True):
        assert page_text(pdf, page) == stamped(page_text(sample / name, 1), page, total)
    cover = page_text(pdf, 1)
    assert cover.startswith(f"OFFICIAL Pack page 1 of {total} BRIEFING PACK {TITLE}")
    assert "2 March 2026 · Edition 1.0" in cover


def test_the_word_versions_are_zipped_in_pack_order_with_fixed_times(sample: Path) -> None:
    with zipfile.ZipFile(sample / "kz-rs-pack-2026-docx.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "00-kz-rs-pack-2026-cover.docx",
            *(f"{n:02d}-{Path(name).with_suffix('.docx').name}" for n, name in enumerate(PARTS, 1)),
        ]
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        for info in infos[1:]:
            built = (sample / info.filename[3:]).read_bytes()
            assert archive.read(info) == built


def test_a_second_run_finds_the_documents_and_the_pack_up_to_date(sample: Path) -> None:
    before = (sample / "kz-rs-pack-2026-docx.zip").read_bytes()
    pdf = (sample / "kz-rs-pack-2026.pdf").read_bytes()
    run = kzrs("pack", SAMPLE_PACK, "-o", sample, "--charts-dir", sample.parent / "charts")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert [line.split(": up to date (")[0] for line in lines] == [str(SAMPLE)] * 4 + [
        str(SAMPLE_PACK)
    ]
    assert lines[-1].endswith("kz-rs-pack-2026-docx.zip)")
    assert (sample / "kz-rs-pack-2026-docx.zip").read_bytes() == before
    assert (sample / "kz-rs-pack-2026.pdf").read_bytes() == pdf


def _annex(path: Path, pages: int) -> None:
    drawing = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=True)
    for number in range(1, pages + 1):
        drawing.drawString(72, 500, f"Annex memorandum page {number}")
        drawing.showPage()
    drawing.save()


def test_an_annex_is_bound_in_and_the_cover_shows_the_highest_marking(tmp_path: Path) -> None:
    _annex(tmp_path / "memo.pdf", 2)
    pack = tmp_path / "mixed.yaml"
    pack.write_text(
        "title: Mixed pack\n"
        "classification: OFFICIAL\n"
        "date: 2026-03-02\n"
        "documents:\n"
        f"  - visit: {SAMPLE}\n"
        "    kind: summary\n"
        "  - annex: memo.pdf\n"
        "    title: Memorandum on transit\n"
        "    classification: OFFICIAL-SENSITIVE\n",
        encoding="utf-8",
    )
    run = kzrs("pack", pack, "-o", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    assert run.code == 0, run.err
    pdf = tmp_path / "out" / "mixed.pdf"
    assert len(PdfReader(pdf).pages) == 1 + 1 + 2
    assert cover_rows(pdf) == [
        (1, "Summary", TITLE, "OFFICIAL", 2),
        (2, "Annex", "Memorandum on transit", "OFFICIAL-SENSITIVE", 3),
    ]
    cover = page_text(pdf, 1)
    assert cover.startswith("OFFICIAL-SENSITIVE Pack page 1 of 4 BRIEFING PACK Mixed pack")
    assert cover.endswith("OFFICIAL-SENSITIVE")
    assert PdfReader(pdf).metadata.subject == "OFFICIAL-SENSITIVE"
    assert page_text(pdf, 4) == "Pack page 4 of 4 Annex memorandum page 2"
    # the annex is US letter, landscape: numbered in its own top right corner
    width, height = letter[1], letter[0]
    right, top = stamp_box(pdf, 4)
    assert abs(right - (width - 22 * mm)) < 1
    assert 0 < height - top < 15 * mm
    outline = tree(PdfReader(pdf))
    assert outline[2] == ("Memorandum on transit", 3, [])
    with zipfile.ZipFile(tmp_path / "out" / "mixed-docx.zip") as archive:
        assert archive.namelist() == ["00-mixed-cover.docx", f"01-{ID}-summary.docx"]


def _links(reader: PdfReader, index: int) -> list[int]:
    """The page indexes the internal links on page ``index`` go to."""
    targets = []
    for annot in reader.pages[index].get("/Annots") or []:
        dest = annot.get_object().get("/Dest")
        if dest is not None:
            targets.append(reader.get_page_number(dest[0].get_object()))
    return targets


def test_links_inside_each_document_still_go_to_their_pages(sample: Path) -> None:
    merged = PdfReader(sample / "kz-rs-pack-2026.pdf")
    start, checked = 1, 0
    for name in PARTS:
        part = PdfReader(sample / name)
        for index in range(len(part.pages)):
            own = _links(part, index)
            assert _links(merged, start + index) == [t + start for t in own]
            checked += len(own)
        start += len(part.pages)
    assert checked > 10


def test_the_pack_keeps_one_copy_of_what_its_parts_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fonts and furniture repeat in every part; merged naively the pack was 1.4 x the sum of
    # its parts and its cover, whose own PDF is measured as it is written
    import kzrs_reports.pack.build as pack_build
    from kzrs_reports.pack import load_pack

    covers: list[int] = []
    write_cover = pack_build.write_cover

    def measured(*args: Any, **kwargs: Any) -> Any:
        files = write_cover(*args, **kwargs)
        covers.append(files.pdf.stat().st_size)
        return files

    monkeypatch.setattr(pack_build, "write_cover", measured)
    out = tmp_path / "out"
    result = pack_build.build_pack(SAMPLE_PACK, load_pack(SAMPLE_PACK), out, tmp_path / "c")
    parts = sum((out / name).stat().st_size for name in PARTS)
    assert result.pdf.stat().st_size < parts + covers[-1]


def test_every_font_of_the_pack_is_embedded(sample: Path) -> None:
    # the page-number stamps are drawn by the pack, not by the documents' writer
    names = embedded_fonts(sample / "kz-rs-pack-2026.pdf")
    assert names
    for name in names:
        assert re.fullmatch(r"[A-Z]{6}\+Noto(Sans|Serif)-\w+", name), name
