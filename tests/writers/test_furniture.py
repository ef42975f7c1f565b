"""Page furniture never overlaps: the markings, the footer's title and page label, whatever
their length, in every kind of document, read back from the word boxes of the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from clirun import SAMPLE, kzrs, libreoffice_pdf
from kzrs_reports.core.errors import LayoutError
from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.templates import DEFAULT_TEMPLATES, document_kinds, kind_templates
from kzrs_reports.templates.theme import Theme, load_theme
from kzrs_reports.writers.pdf.fonts import register_fonts
from kzrs_reports.writers.pdf.furniture import footer_texts, place_furniture
from pages import Word, page_words_boxed

WORDS = (
    "Kazakhstan–Serbia: the 2026 visit to Astana, and what it means for the relations of "
    "both countries over the next decade, in trade, transport, energy and culture alike, "
)
TITLES = {length: (WORDS * 4)[:length].rstrip() for length in (60, 120, 300)}
LONG_LABEL = "Страница {page} из {pages} — " + "очень длинная подпись " * 3


def visit(folder: Path, brief_id: str, title: str, marking: str = "OFFICIAL-SENSITIVE") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("id: kz-rs-visit-2026", f"id: {brief_id}", 1)
    # the title the brief prints: its version in the brief's own language
    old = 'en-GB: "Kazakhstan–Serbia: the 2026 visit to Astana"'
    assert old in text
    text = text.replace(old, f'en-GB: "{title}"')
    text = text.replace("classification: OFFICIAL", f"classification: {marking}", 1)
    path = folder / f"{brief_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, Theme]]:
    """PDF → (its file, its title, its house style): titles of 60, 120 and 300 characters in
    every kind; the longest in a set with a long page label and large footer type, and as
    LibreOffice prints the Word copies of its brief and summary (``word/…``)."""
    root = tmp_path_factory.mktemp("furniture")
    out = root / "out"
    files = [visit(root, f"title-{n}", title) for n, title in TITLES.items()]
    kinds = ",".join(document_kinds())
    run = kzrs(
        "build", *files, "-o", out, "--charts-dir", root / "charts", "-f", "pdf", "-k", kinds
    )
    assert run.code == 0, run.err
    house = root / "house"
    shutil.copytree(DEFAULT_TEMPLATES, house)
    labels = (house / "labels.yaml").read_text(encoding="utf-8")
    (house / "labels.yaml").write_text(
        labels.replace('page: "Page {page} of {pages}"', f'page: "{LONG_LABEL}"'), "utf-8"
    )
    theme = (house / "theme.yaml").read_text(encoding="utf-8")
    theme = theme.replace("  small: 8\n", "  small: 13\n").replace("marking: 8.5", "marking: 14")
    (house / "theme.yaml").write_text(theme, encoding="utf-8")
    long = visit(root, "house-style", TITLES[300])
    run = kzrs("build", long, "-o", out, "-f", "pdf", "--templates", house, "--charts-dir", root)
    assert run.code == 0, run.err
    word = root / "docx"
    run = kzrs("build", files[-1], "-o", word, "-f", "docx", "-k", "brief,summary")
    assert run.code == 0, run.err
    for docx in sorted(word.glob("*.docx")):
        libreoffice_pdf(docx, root / "word")
    found: dict[str, tuple[Path, str, Theme]] = {}
    for pdf in sorted([*out.glob("*.pdf"), *(root / "word").glob("*.pdf")]):
        brief_id, kind = pdf.stem, "brief"
        for other in document_kinds()[1:]:
            if pdf.stem.endswith(f"-{other}"):
                brief_id, kind = pdf.stem.removesuffix(f"-{other}"), other
        size = int(brief_id.split("-")[1]) if brief_id.startswith("title-") else 300
        sets = house if brief_id == "house-style" else kind_templates(kind)
        name = f"word/{pdf.name}" if pdf.parent.name == "word" else pdf.name
        found[name] = (pdf, TITLES[size], load_theme(_theme_file(sets)))
    assert len(found) == 3 * len(document_kinds()) + 3
    return found


def _theme_file(folder: Path) -> Path:
    own = folder / "theme.yaml"
    return own if own.is_file() else DEFAULT_TEMPLATES / "theme.yaml"


def _overlap(a: Word, b: Word) -> bool:
    return a.left < b.right and b.left < a.right and a.bottom < b.top and b.bottom < a.top


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def it_keeps_every_piece_of_furniture_clear_of_every_word(
    built: dict[str, tuple[Path, str, Theme]],
) -> None:
    checked = 0
    for name, (pdf, _, theme) in built.items():
        page = PageGeometry.of(theme)
        width, height = page.width_mm * mm, page.height_mm * mm
        for number in range(1, _pages(pdf) + 1):
            words = page_words_boxed(pdf, number)
            furniture = [
                w
                for w in words
                if w.top > height - page.top_mm * mm or w.bottom < page.bottom_mm * mm
            ]
            assert len(furniture) >= 4, (name, number)  # two markings, a title or a label
            for piece in furniture:
                assert piece.left >= 0 and piece.right <= width, (name, number, piece)
                assert piece.bottom >= 0 and piece.top <= height, (name, number, piece)
                for other in words:
                    assert other is piece or not _overlap(piece, other), (
                        name,
                        number,
                        piece,
                        other,
                    )
                checked += 1
    assert checked > 1000


def it_cuts_the_footer_title_at_a_word_and_keeps_the_label_whole(
    built: dict[str, tuple[Path, str, Theme]],
) -> None:
    for name, (pdf, title, theme) in built.items():
        words = page_words_boxed(pdf, 1)
        footer = sorted(
            (
                w
                for w in words
                if w.top < theme.page.margin_bottom_mm * mm and w.text != "OFFICIAL-SENSITIVE"
            ),
            key=lambda w: w.left,
        )
        line = " ".join(w.text for w in footer)
        if name.endswith("house-style.pdf"):
            assert line.startswith("Страница 1 из ")
            continue
        if name.startswith("word/"):  # Word's footer: the page label, then the marking
            assert line == f"Page 1 of {_pages(pdf)}", name
            continue
        shown, label = line.rsplit(" Page ", 1)
        assert label == f"1 of {_pages(pdf)}"
        if shown != title:
            assert shown.endswith("…"), (name, shown)
            assert title.startswith(shown.removesuffix("…")), (name, shown)
            assert title[len(shown) - 1] in " ,", (name, shown)  # cut at a word


def it_fits_a_label_or_a_marking_of_any_length() -> None:
    theme = load_theme(DEFAULT_TEMPLATES / "theme.yaml")
    sans = register_fonts(theme).sans
    width = PageGeometry.of(theme).text_width_mm * mm
    title, label = footer_texts(TITLES[300], "Page 3 of 7", sans.regular, 8, width)
    assert label == "Page 3 of 7" and title.endswith("…") and len(title) > 40
    title, label = footer_texts(TITLES[300], LONG_LABEL * 5, sans.regular, 8, width)
    assert title == "" and label.endswith("…")
    marking = "OFFICIAL-SENSITIVE " * 3
    placed = place_furniture(PageGeometry.of(theme), marking, sans.bold, 48, sans.regular, 8)
    assert placed.marking_size < 48


@pytest.mark.parametrize(
    ("margin", "size", "message"),
    [
        (
            "margin_bottom_mm",
            10,
            "the house style's bottom margin (10 mm) is too small for the footer and the "
            "marking in their sizes: give page.margin_bottom_mm at least 15",
        ),
        (
            "margin_top_mm",
            5,
            "the house style's top margin (5 mm) is too small for the marking in 8.5 pt: give "
            "page.margin_top_mm at least 7",
        ),
    ],
)
def it_refuses_a_margin_too_small_for_its_furniture_and_takes_the_least_it_names(
    margin: str, size: int, message: str
) -> None:
    theme = load_theme(DEFAULT_TEMPLATES / "theme.yaml")
    sans = register_fonts(theme).sans

    def place(value: float) -> None:
        page = theme.page.model_copy(update={margin: value})
        geometry = PageGeometry.of(theme.model_copy(update={"page": page}))
        place_furniture(geometry, "OFFICIAL", sans.bold, 8.5, sans.regular, 8)

    with pytest.raises(LayoutError) as refused:
        place(size)
    assert str(refused.value) == message
    place(int(message.rsplit(" ", 1)[1]))
