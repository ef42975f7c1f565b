"""Marking schemes end to end: a brief under Serbia's law prints its Serbian marking on every
page of both formats; a marking or a scheme file that is wrong is refused at its line."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from clirun import kzrs, page_words, pdf_text
from visits import line_of, variant


@pytest.fixture(scope="module")
def serbian(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A brief in Serbian Cyrillic marked POVERLJIVO under the Serbian scheme, built; its
    previous edition was marked INTERNO."""
    folder = tmp_path_factory.mktemp("serbian")
    path = variant(folder, "rs-brief", "POVERLJIVO", marking_scheme="rs", language="sr-Cyrl")
    old = variant(folder, "rs-brief-1", "interno", marking_scheme="rs")
    run = kzrs(
        "build", path, "--since", old, "--out", folder / "out", "--charts-dir", folder / "charts"
    )
    assert run.code == 0, run.err
    return folder / "out" / "rs-brief.pdf", folder / "out" / "rs-brief.docx"


def it_prints_the_serbian_marking_at_the_top_and_foot_of_every_pdf_page(
    serbian: tuple[Path, Path],
) -> None:
    pages = pdf_text(serbian[0]).split("\f")[:-1]
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == lines[-1] == "ПОВЕРЉИВО", number
    # The document control table and the changes since the last edition say it as the
    # pages do, never as the stored id.
    text = " ".join(pdf_text(serbian[0]).split())
    assert "Ознака тајности ПОВЕРЉИВО" in text
    assert "Промењена ознака тајности: раније ИНТЕРНО, сада ПОВЕРЉИВО" in text
    assert "POVERLJIVO" not in text and "INTERNO" not in text


def it_prints_the_serbian_marking_in_the_word_header_and_footer(
    serbian: tuple[Path, Path],
) -> None:
    document = docx.Document(str(serbian[1]))
    for section in document.sections:
        header = [p.text for p in section.header.paragraphs if p.text.strip()]
        footer = [p.text for p in section.footer.paragraphs if p.text.strip()]
        assert header == ["ПОВЕРЉИВО"]
        assert footer[-1] == "ПОВЕРЉИВО"


SCHEME = """\
id: house
name:
  en: House scheme
language: en
levels:
  - id: OPEN
    public: true
    names:
      en: OPEN
  - id: IN CONFIDENCE
    names:
      en: IN CONFIDENCE
      sr-Cyrl: ПОВЕРЉИВО
"""


def it_checks_each_marking_against_its_scheme_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "house-scheme.yaml").write_text(SCHEME, encoding="utf-8")
    good = [
        variant(tmp_path, "public", "PUBLIC"),
        variant(tmp_path, "serbian-latin", "poverljivo", marking_scheme="rs"),
        variant(tmp_path, "nato", "NATO RESTRICTED", marking_scheme="nato"),
        variant(tmp_path, "house", "in confidence", marking_scheme="house-scheme.yaml"),
    ]
    run = kzrs("check", *good, cwd=tmp_path)
    assert run.code == 0, run.err
    bad = [
        variant(tmp_path, "unknown", "TAJNO", marking_scheme="rs"),
        variant(tmp_path, "other-scheme", "ПОВЕРЉИВО"),
        variant(tmp_path, "no-scheme", "OFFICIAL", marking_scheme="eu"),
    ]
    run = kzrs("check", *bad, cwd=tmp_path)
    assert run.code == 1
    at = line_of(bad[0], "  classification:")
    assert [line for line in run.err.splitlines() if "note:" not in line] == [
        f"{bad[0]}:{at}:19: brief.classification: must be a level of the rs marking scheme: "
        "JAVNO < INTERNO < POVERLJIVO < STROGO POVERLJIVO < DRZAVNA TAJNA (got 'TAJNO')",
        f"{bad[1]}:{at}:19: brief.classification: must be a level of the uk marking scheme: "
        "PUBLIC < OFFICIAL < OFFICIAL-SENSITIVE < SECRET < TOP SECRET (got 'ПОВЕРЉИВО')",
        f"{bad[2]}:{at + 1}:19: brief.marking_scheme: unknown marking scheme 'eu': give one of "
        "kz, nato, rs, uk, or the path of a house scheme file (.yaml)",
        "3 of 3 file(s) have problems",
    ]


def it_locates_the_problems_of_a_house_scheme_file_in_that_file(tmp_path: Path) -> None:
    broken = SCHEME.replace("    public: true\n", "").replace(
        "      sr-Cyrl: ПОВЕРЉИВО\n", "      sr-Cyrl: open\n    public: true\n"
    )
    house = tmp_path / "house-scheme.yaml"
    house.write_text(broken, encoding="utf-8")
    path = variant(tmp_path, "house", "OPEN", marking_scheme="house-scheme.yaml")
    missing = variant(tmp_path, "missing", "OPEN", marking_scheme="nowhere.yaml")
    run = kzrs("check", path, missing, cwd=tmp_path)
    assert run.code == 1
    at = line_of(path, "  marking_scheme:")
    assert [line for line in run.err.splitlines() if "note:" not in line] == [
        f"{path}:{at}:19: brief.marking_scheme: the marking scheme file {house} has 3 "
        "problem(s), each listed at its line",
        f"{house}:6:5: levels[0]: the lowest level (the first) must be public: true, the level "
        "of readers with no clearance",
        f"{house}:12:16: levels[1].names.sr-Cyrl: 'open' already names another level (first "
        "at line 6)",
        f"{house}:13:13: levels[1].public: only the lowest level (the first) is public",
        f"{missing}:{at}:19: brief.marking_scheme: cannot read the marking scheme: "
        f"{tmp_path / 'nowhere.yaml'}: no such file",
        "2 of 2 file(s) have problems",
    ]


def it_builds_again_when_the_house_scheme_file_changes(tmp_path: Path) -> None:
    (tmp_path / "house-scheme.yaml").write_text(SCHEME, encoding="utf-8")
    path = variant(tmp_path, "house", "in confidence", marking_scheme="house-scheme.yaml")
    args = ("build", path, "-k", "summary", "-f", "pdf", "-o", "out", "--charts-dir", "charts")
    pdf = tmp_path / "out" / "house-summary.pdf"
    assert kzrs(*args, cwd=tmp_path).code == 0
    assert page_words(pdf, 1).startswith("IN CONFIDENCE ")
    assert "up to date" in kzrs(*args, cwd=tmp_path).out
    # The level keeps its id (the brief's classification) and is printed anew.
    renamed = SCHEME.replace("      en: IN CONFIDENCE\n", "      en: HOUSE CONFIDENTIAL\n")
    (tmp_path / "house-scheme.yaml").write_text(renamed, encoding="utf-8")
    assert kzrs(*args, cwd=tmp_path).code == 0
    assert page_words(pdf, 1).startswith("HOUSE CONFIDENTIAL ")
