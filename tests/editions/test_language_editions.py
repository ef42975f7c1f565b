"""Editions: the sample in every shipped language, every kind, both formats, with no English
page furniture left, each edition its own files and build record."""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from clirun import SAMPLE, docx_text, kzrs, outline_titles, pdf_text, words
from kzrs_reports.core.languages import serbian_latin
from kzrs_reports.templates import document_kinds
from kzrs_reports.templates.catalog import DOMAIN, LOCALE_DIR, translations

LANGUAGES = ["ru", "kk", "sr-Cyrl", "sr-Latn"]
KINDS = document_kinds()
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _stem(kind: str) -> str:
    return "kz-rs-visit-2026" if kind == "brief" else f"kz-rs-visit-2026-{kind}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of the sample, in its own language and in each edition, as a user builds."""
    out = tmp_path_factory.mktemp("editions")
    run = kzrs(
        "build",
        SAMPLE,
        "--kind",
        ",".join(KINDS),
        "--lang",
        ",".join(LANGUAGES),
        "--out",
        out,
        "--charts-dir",
        out / "charts",
    )
    assert run.code == 0, run.err
    return out


@cache
def _furniture(language: str) -> list[re.Pattern[str]]:
    """Every English message without placeholders that ``language`` says otherwise, as a
    whole-word pattern."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as pot:
        template = read_po(pot)
    words = translations(language)
    found = []
    for message in template:
        if not isinstance(message.id, str) or not message.id or re.search(r"%\(|\{", message.id):
            continue
        said = (
            words.pgettext(message.context, message.id)
            if message.context
            else words.gettext(message.id)
        )
        if said != message.id and len(message.id) > 3:
            found.append(re.compile(rf"(?<!\w){re.escape(message.id)}(?!\w)"))
    return found


def _english_left(english: str, edition: str, data: str, language: str) -> list[str]:
    """The furniture the English document prints, the data does not hold, and the edition
    still prints in English."""
    return [
        p.pattern
        for p in _furniture(language)
        if p.search(english) and not p.search(data) and p.search(edition)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def it_leaves_no_english_page_furniture_in_either_format(
    built: Path, kind: str, language: str
) -> None:
    data = SAMPLE.read_text(encoding="utf-8")
    stem = _stem(kind)
    english = pdf_text(built / f"{stem}.pdf")
    edition = pdf_text(built / f"{stem}.{language}.pdf")
    # the check can fail: the English document prints furniture the data does not hold
    assert sum(bool(p.search(english) and not p.search(data)) for p in _furniture(language)) >= 3
    assert _english_left(english, edition, data, language) == []
    assert not re.search(r"Page \d+ of \d+", edition)
    english_docx = docx_text(built / f"{stem}.docx")
    edition_docx = docx_text(built / f"{stem}.{language}.docx")
    assert _english_left(english_docx, edition_docx, data, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def it_says_its_language_in_the_pdf_and_the_docx(built: Path, language: str) -> None:
    reader = PdfReader(built / f"kz-rs-visit-2026.{language}.pdf")
    assert reader.trailer["/Root"]["/Lang"] == language
    with zipfile.ZipFile(built / f"kz-rs-visit-2026.{language}.docx") as docx:
        styles = docx.read("word/styles.xml").decode()
        core = docx.read("docProps/core.xml").decode()
    assert f'w:val="{language}"' in styles
    assert f"<dc:language>{language}</dc:language>" in core


def it_bookmarks_the_headings_in_the_editions_language(built: Path) -> None:
    english = outline_titles(built / "kz-rs-visit-2026.pdf")
    russian = outline_titles(built / "kz-rs-visit-2026.ru.pdf")
    assert len(russian) == len(english) > 8
    assert set(russian).isdisjoint(english)
    assert all(CYRILLIC.search(title) for title in russian)


@pytest.mark.parametrize("kind", KINDS)
def it_writes_serbian_latin_in_latin_letters_only(built: Path, kind: str) -> None:
    stem = _stem(kind)
    assert CYRILLIC.findall(pdf_text(built / f"{stem}.sr-Latn.pdf")) == []
    assert CYRILLIC.findall(docx_text(built / f"{stem}.sr-Latn.docx")) == []
    assert CYRILLIC.search(pdf_text(built / f"{stem}.sr-Cyrl.pdf"))


@pytest.mark.parametrize("kind", KINDS)
def it_says_the_same_in_both_serbian_editions(built: Path, kind: str) -> None:
    stem = _stem(kind)
    cyrillic = docx_text(built / f"{stem}.sr-Cyrl.docx")
    latin = docx_text(built / f"{stem}.sr-Latn.docx")
    assert serbian_latin(cyrillic) == latin
    assert len(latin) > 500


def it_keeps_a_record_per_edition_so_a_rerun_builds_nothing(built: Path) -> None:
    run = kzrs(
        "build",
        SAMPLE,
        "--lang",
        "ru,sr-Latn",
        "--out",
        built,
        "--charts-dir",
        built / "charts",
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1].startswith("1 file, 3 documents: 0 built, 3 up to date")
    assert sorted(p.name for p in built.glob("kz-rs-visit-2026.*.pdf")) == [
        f"kz-rs-visit-2026.{lang}.pdf" for lang in sorted(LANGUAGES)
    ]


def it_refuses_a_language_it_has_no_catalog_for(tmp_path: Path) -> None:
    run = kzrs("build", SAMPLE, "--lang", "ru,de", "--out", tmp_path)
    assert run.code == 2
    assert "no catalog for de; the languages are en-GB, kk, ru, sr-Cyrl, sr-Latn" in run.err
    assert list(tmp_path.iterdir()) == []


def it_builds_editions_from_python_too(tmp_path: Path) -> None:
    from kzrs_reports import UsageError, build_file

    built = build_file(
        SAMPLE, out_dir=tmp_path, charts_dir=tmp_path, formats=["pdf"], languages=["sr-Latn"]
    )
    assert [(b.kind, b.language, [p.name for p in b.documents]) for b in built] == [
        ("brief", None, ["kz-rs-visit-2026.pdf"]),
        ("brief", "sr-Latn", ["kz-rs-visit-2026.sr-Latn.pdf"]),
    ]
    assert "Strana 1 od 7" in pdf_text(built[1].documents[0])
    with pytest.raises(UsageError, match="no catalog for xx; the languages are en-GB, kk"):
        build_file(SAMPLE, out_dir=tmp_path, languages=["xx"])


def it_says_in_document_control_how_much_of_the_data_is_untranslated(built: Path) -> None:
    check = kzrs("check", SAMPLE, "--lang", "ru")
    assert check.code == 0, check.err
    count = int(re.search(r"untranslated: (\d+) text\(s\) in ru", check.out)[1])  # type: ignore[index]
    assert count > 50
    russian = words(docx_text(built / "kz-rs-visit-2026.ru.docx"))
    assert (
        f"Перевод Перевод неполный: {count} фрагмента данных приведены на языке оригинала "
        "(английский)."
    ) in russian
    assert "Translation" not in docx_text(built / "kz-rs-visit-2026.docx")
