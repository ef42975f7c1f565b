"""Every word a pack adds comes from the labels: the cover's, the number stamped on each
page, the bookmarks, each kind's name; a missing one is named before anything is built."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

import kzrs_reports.pack.build
from clirun import SAMPLE, page_words, pdf_text, words
from kzrs_reports.core.errors import TemplateError
from kzrs_reports.pack import load_pack
from kzrs_reports.pack.build import build_pack
from kzrs_reports.pack.words import pack_words
from kzrs_reports.templates import DEFAULT_TEMPLATES, PACK_TEMPLATES, document_kinds

SERBIAN = {
    "kicker": "Paket za brifing",
    "edition": "Izdanje {edition}",
    "contents": "Sadržaj paketa",
    "columns": {
        "number": "Br.",
        "kind": "Dokument",
        "title": "Naslov",
        "marking": "Oznaka",
        "page": "Strana paketa",
    },
    "numbering": {
        "title": "Brojevi strana",
        "pack": "Strane u ovoj tabeli su strane paketa, gore desno.",
        "documents": "Svaki dokument ima i svoje strane, u podnožju.",
    },
    "page": "Naslovna, strana {page} od {pages}",
    "stamp": "Strana paketa {page} od {pages}",
    "kinds": {
        "brief": "Brifing",
        "summary": "Sažetak",
        "talking-points": "Teze",
        "chronology": "Hronologija",
        "evidence": "Tabela dokaza",
    },
    "annex": "Prilog",
    "bookmarks": {
        "cover": "Naslovna strana",
        "document": "{kind} — {title}",
        "annex": "Prilog: {title}",
    },
}
"""The ``pack`` labels of a house that writes its packs in Serbian."""
ENGLISH = (
    "Briefing pack",
    "Edition",
    "Contents of this pack",
    "Pack page",
    "Summary",
    "Annex",
    "Page numbers",
    "Cover",
)


def default_labels() -> dict[str, Any]:
    labels: dict[str, Any] = YAML(typ="safe").load(DEFAULT_TEMPLATES / "labels.yaml")
    return labels


def it_has_a_name_for_every_shipped_kind_of_document() -> None:
    words_ = pack_words(default_labels(), document_kinds())
    assert set(words_.kinds) >= set(document_kinds())
    assert words_.kind_name("talking-points") == "Talking points"
    assert words_.kind_name(None) == "Annex"


def it_names_a_kind_without_a_name() -> None:
    labels = default_labels()
    del labels["pack"]["kinds"]["summary"]
    with pytest.raises(TemplateError, match=r"labels\.yaml: pack\.kinds\.summary: missing label"):
        pack_words(labels, document_kinds())


def it_names_a_label_that_is_not_text() -> None:
    labels = default_labels()
    labels["pack"]["stamp"] = 7
    with pytest.raises(TemplateError, match=r"pack\.stamp: must be text"):
        pack_words(labels, document_kinds())


def it_names_a_missing_section() -> None:
    labels = default_labels()
    del labels["pack"]
    with pytest.raises(TemplateError, match=r"labels\.yaml: pack: missing"):
        pack_words(labels, document_kinds())


def it_takes_every_word_of_the_pack_from_the_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annex: Path
) -> None:
    house = tmp_path / "house-pack"
    shutil.copytree(PACK_TEMPLATES, house)
    labels = default_labels()
    labels["pack"] = SERBIAN
    YAML(typ="safe").dump(labels, house / "labels.yaml")
    monkeypatch.setattr(kzrs_reports.pack.build, "PACK_TEMPLATES", house)
    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text(
        "title: Paket\nclassification: OFFICIAL\ndate: 2026-03-02\nedition: '3'\n"
        f"language: sr-Latn\ndocuments:\n  - visit: {SAMPLE}\n    kind: summary\n"
        f"  - annex: {annex}\n    title: Memorandum\n",
        encoding="utf-8",
    )
    result = build_pack(pack_file, load_pack(pack_file), tmp_path / "out", tmp_path / "charts")

    cover = page_words(result.pdf, 1)
    assert cover == (
        "OFFICIAL Strana paketa 1 od 3 PAKET ZA BRIFING Paket 2. mart 2026. · Izdanje 3 "
        "Sadržaj paketa Br. Dokument Naslov Oznaka Strana paketa "
        "1 Sažetak Kazakhstan–Serbia: the 2026 visit to Astana OFFICIAL 2 "
        "2 Prilog Memorandum OFFICIAL 3 "
        "Brojevi strana Strane u ovoj tabeli su strane paketa, gore desno. "
        "Svaki dokument ima i svoje strane, u podnožju. "
        "Paket Naslovna, strana 1 od 1 OFFICIAL"
    )
    assert not [word for word in ENGLISH if word in cover]
    stamps = re.findall(r"\w+ \w+ \d+ od 3", words(pdf_text(result.pdf)))
    assert stamps == [f"Strana paketa {n} od 3" for n in (1, 2, 3)]
    outline = PdfReader(result.pdf).outline
    tops = [entry.title for entry in outline if not isinstance(entry, list)]
    assert tops == [
        "Naslovna strana",
        "Sažetak — Kazakhstan–Serbia: the 2026 visit to Astana",
        "Prilog: Memorandum",
    ]


@pytest.fixture
def annex(tmp_path: Path) -> Path:
    """A one-page PDF to bind as an annex."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "memo.pdf"
    drawing = canvas.Canvas(str(path), invariant=True)
    drawing.drawString(72, 700, "Memorandum")
    drawing.showPage()
    drawing.save()
    return path
