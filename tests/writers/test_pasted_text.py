"""Text as people paste it — accents typed as a letter and a combining mark, zero-width spaces,
word joiners, a byte-order mark mid-text, soft hyphens, no-break spaces — prints as a reader
expects it, the same in the PDF, the Word file, the charts, the bookmarks and the metadata."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from clirun import SAMPLE, docx_text, kzrs, outline_titles, pdf_text
from pages import page_words_boxed

NBSP, SHY, ZWSP, WJ, BOM = "\u00a0", "\u00ad", "\u200b", "\u2060", "\ufeff"
INVISIBLE = (SHY, ZWSP, WJ, BOM)
DECOMPOSED = unicodedata.normalize("NFD", "Vučić")
TITLE = f"Kazakhstan–Serbia: the 2026 visit to{NBSP}Astana"
"""The brief's title as it must print: no-break space kept, zero-width space gone."""

PASTED = {
    "Vučić": DECOMPOSED,
    'en-GB: "Kazakhstan–Serbia: the 2026 visit to Astana"': (
        f'en-GB: "Kazakh{ZWSP}stan–Serbia: the 2026 visit to{NBSP}Astana"'
    ),
    "name: Transport and logistics": f"name: Trans{SHY}port and logis{SHY}tics",
    "title: Diplomatic relations established": f"title: Diplo{BOM}matic relations estab{SHY}lished",
    "keywords: [Kazakhstan, Serbia, Middle Corridor, EXPO 2027]": (
        f"keywords: [Kazakh{ZWSP}stan, Ser{SHY}bia, Middle{NBSP}Corridor, EXPO{NBSP}2027]"
    ),
    "author: Central Asia and Western Balkans desk": (
        f"author: Cen{SHY}tral Asia and Western Bal{WJ}kans desk"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as pasted from elsewhere, packed (which builds its brief) into out/."""
    folder = tmp_path_factory.mktemp("pasted")
    text = SAMPLE.read_text(encoding="utf-8")
    for typed, pasted in PASTED.items():
        assert typed in text
        text = text.replace(typed, pasted)
    (folder / "pasted.yaml").write_text(text, encoding="utf-8")
    (folder / "pack.yaml").write_text(
        "id: pasted-pack\n"
        f"title: Pack{ZWSP} on the visit of President {DECOMPOSED}\n"
        "classification: OFFICIAL\n"
        "date: 2026-03-02\n"
        'edition: "1"\n'
        "documents:\n"
        "  - visit: pasted.yaml\n",
        encoding="utf-8",
    )
    run = kzrs("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts", cwd=folder)
    assert run.code == 0, run.err
    return folder


def _clean(text: str) -> None:
    assert DECOMPOSED not in text and "Vučić" in text
    assert not [c for c in INVISIBLE if c in text]


def it_prints_composed_accents_and_no_invisible_characters_in_the_pdf(built: Path) -> None:
    text = pdf_text(built / "out" / "kz-rs-visit-2026.pdf")
    _clean(text)
    assert "Transport and logistics [1]" in text  # the table cell; "Trans-port" nowhere
    assert "Trans-port" not in text and "logis-tics" not in text


def it_keeps_a_no_break_space_from_breaking_the_title(built: Path) -> None:
    words = page_words_boxed(built / "out" / "kz-rs-visit-2026.pdf", 1)
    at = next(i for i, w in enumerate(words) if w.text == "Astana")
    assert words[at - 1].text == "to"
    assert abs(words[at - 1].bottom - words[at].bottom) < 1, "the title broke at the no-break space"


def it_prints_the_same_in_the_word_file(built: Path) -> None:
    path = built / "out" / "kz-rs-visit-2026.docx"
    text = docx_text(path)
    _clean(text)
    assert TITLE in text
    properties = docx.Document(str(path)).core_properties
    assert (properties.title, properties.author, properties.keywords) == (
        TITLE,
        "Central Asia and Western Balkans desk",
        f"Kazakhstan, Serbia, Middle{NBSP}Corridor, EXPO{NBSP}2027",
    )


def it_sets_the_metadata_as_printed(built: Path) -> None:
    info = PdfReader(built / "out" / "kz-rs-visit-2026.pdf").metadata
    assert info is not None
    assert (info.title, info.author, info["/Keywords"]) == (
        TITLE,
        "Central Asia and Western Balkans desk",
        f"Kazakhstan, Serbia, Middle{NBSP}Corridor, EXPO{NBSP}2027",
    )
    pack = PdfReader(built / "out" / "pasted-pack.pdf").metadata
    assert pack is not None and pack.title == "Pack on the visit of President Vučić"


def it_labels_the_charts_as_printed(built: Path) -> None:
    priorities = (built / "charts" / "kz-rs-visit-2026-priorities.svg").read_text("utf-8")
    timeline = (built / "charts" / "kz-rs-visit-2026-timeline.svg").read_text("utf-8")
    assert ">Transport and logistics<" in priorities
    _clean(timeline)
    assert "Diplomatic" in timeline and not [c for c in INVISIBLE if c in priorities]


def it_names_the_documents_bookmarks_as_printed(built: Path) -> None:
    titles = outline_titles(built / "out" / "pasted-pack.pdf")
    assert f"Brief: {TITLE}" in titles
    assert not [t for t in titles if any(c in t for c in INVISIBLE) or DECOMPOSED in t]
