"""The cover's contents are links: in the bound pack, a click anywhere on a line of the
contents (its title, its pack page) opens the first page of that document."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from clirun import ROOT, SAMPLE, kzrs
from kzrs_reports.core.errors import PackError
from kzrs_reports.pack.links import Run, Target, find_rows
from pages import page_words_boxed

SAMPLE_PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
TITLE = "Kazakhstan–Serbia: the 2026 visit to Astana"
KINDS = ["Brief", "Summary", "Talking points", "Chronology"]
LONG_TITLE = (
    "Memorandum of understanding on transit, logistics and the Trans-Caspian International "
    "Transport Route, with its two annexes and the exchange of letters between the ministries"
)
"""An annex's title that wraps onto several lines of the cover's table."""


def links(pdf: Path, page: int) -> list[tuple[tuple[float, ...], int, str]]:
    """The links on ``page`` (from 1) of ``pdf``: (rectangle, the page they open from 1, what
    they say to a screen reader), read with pypdf."""
    reader = PdfReader(pdf)
    found = []
    for annot in reader.pages[page - 1].get("/Annots") or []:
        annot = annot.get_object()
        assert annot["/Subtype"] == "/Link"
        target = reader.get_page_number(annot["/Dest"][0].get_object())
        assert target is not None and target >= 0, "a link to a page that is not in the pack"
        rect = tuple(float(v) for v in annot["/Rect"])
        found.append((rect, target + 1, str(annot.get("/Contents", ""))))
    return found


def words_under(pdf: Path, page: int, rect: tuple[float, ...]) -> str:
    """The words of ``page`` (from 1) whose middle is inside ``rect`` (PDF points from the
    bottom left), in reading order, as pdftotext finds them."""
    left, bottom, right, top = rect
    return " ".join(
        word.text
        for word in page_words_boxed(pdf, page)
        if left <= (word.left + word.right) / 2 <= right
        and bottom <= (word.bottom + word.top) / 2 <= top
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pack, built by the command line; returns its PDF."""
    root = tmp_path_factory.mktemp("links")
    run = kzrs("pack", SAMPLE_PACK, "-o", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err
    return root / "out" / "kz-rs-pack-2026.pdf"


def it_makes_each_line_of_the_contents_a_link_to_its_documents_first_page(sample: Path) -> None:
    found = links(sample, 1)
    suffixes = ("", "-summary", "-talking-points", "-chronology")
    sizes = [len(PdfReader(sample.parent / f"kz-rs-visit-2026{s}.pdf").pages) for s in suffixes]
    starts = [2 + sum(sizes[:i]) for i in range(len(sizes))]
    assert [(page, said) for _, page, said in found] == [
        (page, f"{kind}: {TITLE}") for kind, page in zip(KINDS, starts, strict=True)
    ]
    # each link lies over its whole line: the number, the kind, the title, the marking and
    # the pack page, and nothing else
    for number, ((rect, page, _), kind) in enumerate(zip(found, KINDS, strict=True), start=1):
        assert words_under(sample, 1, rect) == f"{number} {kind} {TITLE} OFFICIAL {page}"


def it_opens_the_page_the_bookmarks_open(sample: Path) -> None:
    reader = PdfReader(sample)
    tops = [entry for entry in reader.outline if not isinstance(entry, list)][1:]
    bookmarked = [reader.get_destination_page_number(entry) + 1 for entry in tops]
    assert [page for _, page, _ in links(sample, 1)] == bookmarked
    assert [str(entry.title) for entry in tops] == [f"{kind}: {TITLE}" for kind in KINDS]


def it_leaves_nothing_for_qpdf_to_find(sample: Path) -> None:
    check = subprocess.run(["qpdf", "--check", str(sample)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def it_links_every_line_of_a_wrapped_title(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    memo = canvas.Canvas(str(tmp_path / "memo.pdf"), invariant=True)
    for _ in range(3):
        memo.drawString(72, 700, "Memorandum")
        memo.showPage()
    memo.save()
    pack = tmp_path / "wrapped.yaml"
    pack.write_text(
        "title: Wrapped\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n"
        f"  - annex: memo.pdf\n    title: {LONG_TITLE}\n"
        f"  - visit: {SAMPLE}\n    kind: summary\n",
        encoding="utf-8",
    )
    run = kzrs("pack", pack, "-o", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    assert run.code == 0, run.err
    pdf = tmp_path / "out" / "wrapped.pdf"
    (annex, page, said), (summary, next_page, _) = links(pdf, 1)
    assert (page, said, next_page) == (2, LONG_TITLE, 5)
    assert words_under(pdf, 1, annex) == f"1 Annex {LONG_TITLE} OFFICIAL 2"
    assert words_under(pdf, 1, summary) == f"2 Summary {TITLE} OFFICIAL 5"
    assert annex[1] > summary[3], "the two links overlap"


def _line(number: str, page: str, y: float, *more: str) -> list[Run]:
    """A contents line as drawn: its number, its cells (wrapped below), its page at the right."""
    cells = [Run(text, 100.0, y - 10.0 * index, 8.5) for index, text in enumerate(more)]
    return [Run(number, 72.0, y, 8.5), *cells, Run(page, 520.0, y, 8.5)]


def it_finds_the_lines_in_order_across_the_covers_pages() -> None:
    header = [Run("Document", 100.0, 780.0, 8.5), Run("Pack page", 500.0, 780.0, 8.5)]
    first = [*header, *_line("1", "3", 760.0, "Brief", "a title", "on two lines")]
    second = [*header, *_line("2", "1", 760.0, "Annex"), *_line("3", "2", 740.0, "Annex")]
    targets = [Target("1", 3, ""), Target("2", 1, ""), Target("3", 2, "")]
    rows = find_rows([first, second], targets)
    assert [row.page for row in rows] == [0, 1, 1]
    # a row reaches from above its first line to below its last: a wrapped title is in it
    assert rows[0].top == pytest.approx(768.5) and rows[0].bottom == pytest.approx(735.75)
    assert rows[2].top < rows[1].bottom


def it_refuses_a_cover_without_a_line_it_lists() -> None:
    runs = _line("1", "2", 760.0, "Brief") + _line("2", "8", 740.0, "Summary")
    with pytest.raises(PackError, match=r"contents line 2 \(pack page 9\) is not on its pages"):
        find_rows([runs], [Target("1", 2, ""), Target("2", 9, "")])
