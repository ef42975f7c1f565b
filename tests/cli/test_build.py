"""The command line end to end, as a user runs it: real files, real PDF and DOCX readers."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from clirun import (
    ROOT,
    SAMPLE,
    Run,
    docx_text,
    kzrs,
    libreoffice_pdf,
    outline_titles,
    pdf_text,
    words,
)

HOSTILE = ROOT / "tests" / "hostile" / "visit" / "hostile-visit.yaml"


@dataclass(frozen=True)
class Built:
    run: Run
    pdf: Path
    docx: Path
    charts: Path


def build(data: Path, where: Path) -> Built:
    out, charts = where / "out", where / "charts"
    run = kzrs("build", data, "--out", out, "--charts-dir", charts)
    stem = {SAMPLE: "kz-rs-visit-2026", HOSTILE: "hostile-visit"}[data]
    return Built(run, out / f"{stem}.pdf", out / f"{stem}.docx", charts)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(HOSTILE, tmp_path_factory.mktemp("hostile"))


# ---------------------------------------------------------------- the sample brief


def it_builds_the_sample_and_says_what_it_wrote(sample: Built) -> None:
    assert sample.run.code == 0, sample.run.err
    assert sample.pdf.is_file() and sample.docx.is_file()
    line = sample.run.out.strip()
    assert line.startswith(f"{SAMPLE} → {sample.pdf} (")
    assert " pages), " in line and str(sample.docx) in line and re.search(r" in \d+ ms$", line)
    suffixes = sorted(p.suffix for p in sample.charts.iterdir() if p.is_file())
    # each chart's SVG, outlined SVG and PNG, and its sidecar
    assert suffixes == [".json", ".json", ".png", ".png", ".svg", ".svg", ".svg", ".svg"]


def it_prints_names_exactly_in_the_pdf(sample: Built) -> None:
    text = words(pdf_text(sample.pdf))
    assert "Aleksandar Vučić" in text
    assert "Kassym-Jomart Tokayev" in text
    assert (
        "every priority below, and the reason given for it, is the desk's assessment †"
        in text.replace("’", "'")
    )


def it_keeps_the_pdf_to_a_brief_length_with_page_x_of_y(sample: Built) -> None:
    pages = len(PdfReader(str(sample.pdf)).pages)
    assert 4 <= pages <= 12
    text = pdf_text(sample.pdf)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert text.count("OFFICIAL") >= 2 * pages
    assert f"({pages} pages)" in sample.run.out


def it_passes_qpdf_check(sample: Built) -> None:
    result = subprocess.run(["qpdf", "--check", str(sample.pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


SECTIONS = [
    "Key messages",
    "The visit at a glance",
    "Document control",
    "Outcomes and agreements",
    "Sector priorities",
    "Political signals",
    "Trade and the Eurasian dimension",
    "Connectivity: flights and the Middle Corridor",
    "Multilateral and green agenda",
    "30 years of relations",
    "Risks and sensitivities",
    "Recommended next steps",
    "Sources",
]


def it_bookmarks_every_heading_in_order(sample: Built) -> None:
    assert outline_titles(sample.pdf) == SECTIONS


def it_uses_word_heading_styles_in_the_same_order(sample: Built) -> None:
    document = docx.Document(str(sample.docx))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == SECTIONS
    assert "Aleksandar Vučić" in docx_text(sample.docx)
    assert document.core_properties.title == "Kazakhstan–Serbia: the 2026 visit to Astana"


def it_cites_the_source_in_both_formats(sample: Built) -> None:
    assert "[1]" in pdf_text(sample.pdf)
    assert "[1]" in docx_text(sample.docx)
    assert "DKNews.kz" in words(pdf_text(sample.pdf))


def it_writes_a_docx_libreoffice_opens_with_contents_filled(sample: Built, tmp_path: Path) -> None:
    converted = libreoffice_pdf(sample.docx, tmp_path)
    for page in pdf_text(converted).split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == lines[-1] == "OFFICIAL"  # the banner marking, top and bottom
    text = words(pdf_text(converted))
    assert "Aleksandar Vučić" in text
    contents = text[text.index("Contents") :]
    for heading in SECTIONS[3:]:
        assert heading in contents


# ---------------------------------------------------------------- hostile data


# What the hostile visit prints literally is checked by tests/hostile (hostile-visit.literal).


def it_keeps_a_pipe_in_data_inside_its_table_cell(hostile: Built) -> None:
    assert hostile.run.code == 0, hostile.run.err
    document = docx.Document(str(hostile.docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("| pipe | in | a cell | and </td> {{ visit }}") for c in cells)


# ---------------------------------------------------------------- bad data, usage


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def it_writes_nothing_for_bad_data_and_keeps_the_last_good_brief(tmp_path: Path) -> None:
    good = build(SAMPLE, tmp_path)
    assert good.run.code == 0
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (good.pdf, good.docx)}
    bad = broken_copy(tmp_path, "priority: 5", "priority: 6")
    run = kzrs("build", bad, "--out", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    assert run.code == 1
    assert f"{bad}:" in run.err and "sectors[0].priority" in run.err
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (good.pdf, good.docx)}
    assert after == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


def it_writes_no_file_at_all_when_the_data_is_bad(tmp_path: Path) -> None:
    bad = broken_copy(tmp_path, "end: 2026-02-27", "end: 2026-02-20")
    run = kzrs("build", bad, "--out", tmp_path / "out", "--charts-dir", tmp_path / "charts")
    assert run.code == 1
    assert not (tmp_path / "out").exists() and not (tmp_path / "charts").exists()


def it_checks_and_lists_every_problem_at_once(tmp_path: Path) -> None:
    bad = broken_copy(tmp_path, "priority: 5", "priority: 6")
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("status: launched", "status: done"),
        encoding="utf-8",
    )
    run = kzrs("check", bad)
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if line.startswith(str(bad))]
    assert len(lines) == 2
    assert all(line.count(":") >= 4 for line in lines)
    assert kzrs("check", SAMPLE).code == 0


def it_prints_the_json_schema() -> None:
    run = kzrs("schema")
    assert run.code == 0
    schema = json.loads(run.out)
    assert set(schema["required"]) >= {"brief", "visit", "relations", "key_messages", "sources"}


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--format", "html", str(SAMPLE)],
        ["build", "no/such/file.yaml"],
        ["check"],
        ["frobnicate"],
    ],
)
def it_exits_2_on_wrong_usage(args: list[str]) -> None:
    assert kzrs(*args).code == 2


def it_builds_from_any_folder_with_the_shipped_templates(tmp_path: Path) -> None:
    data = tmp_path / "visit.yaml"
    shutil.copy(SAMPLE, data)
    run = kzrs("build", data.name, "--out", "briefs", "--format", "pdf", cwd=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "briefs" / "kz-rs-visit-2026.pdf").is_file()
    assert not (tmp_path / "briefs" / "kz-rs-visit-2026.docx").exists()


def it_stores_the_pdf_page_numbers_in_the_word_contents(sample: Built) -> None:
    reader = PdfReader(str(sample.pdf))
    pdf_pages = {
        str(entry.title): reader.get_destination_page_number(entry) + 1
        for entry in reader.outline
        if not isinstance(entry, list)
    }
    document = docx.Document(str(sample.docx))
    stored = dict(
        p.text.rsplit("\t", 1)
        for p in document.paragraphs
        if p.style.name.lower().startswith("toc") and "\t" in p.text
    )
    assert {title: int(page) for title, page in stored.items()} == pdf_pages


def it_fits_a_timeline_of_45_milestones_on_one_page(tmp_path: Path) -> None:
    many = ROOT / "tests" / "data" / "many-milestones.yaml"
    run = kzrs("build", many, "--out", tmp_path, "--charts-dir", tmp_path)
    assert run.code == 0, run.err
    reader = PdfReader(str(tmp_path / "test-many-milestones.pdf"))
    pages = [words(page.extract_text()) for page in reader.pages]
    (page,) = [text for text in pages if "Figure 2." in text]
    assert "1996" in page and "2030" in page  # the whole axis, on the caption's page
    word = docx.Document(str(tmp_path / "test-many-milestones.docx"))
    section = word.sections[0]
    tallest = section.page_height - section.top_margin - section.bottom_margin
    (timeline,) = [s for s in word.inline_shapes if s.height > s.width]
    assert timeline.height < tallest


def it_says_plainly_when_the_output_folder_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    run = kzrs("build", SAMPLE, "--out", blocker, "--charts-dir", tmp_path / "charts")
    assert run.code == 1
    assert f"{SAMPLE}: not built: {blocker}/" in run.err
    assert ": cannot write: Not a directory" in run.err
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def it_builds_text_too_long_for_a_line_a_row_or_a_property(tmp_path: Path) -> None:
    long_word = "W" * 299
    paragraph = " ".join(f"word{i}" for i in range(500))  # a table row taller than a page
    data = broken_copy(
        tmp_path,
        'en-GB: "Kazakhstan–Serbia: the 2026 visit to Astana"',
        f"en-GB: {long_word}",
    )
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "detail: The leaders agreed to maintain regular high-level dialogue.",
        f"detail: {paragraph}",
    ).replace(
        "publisher: DKNews.kz", "publisher: DKNews.kz\n    url: https://example.org/" + "a" * 900
    )
    data.write_text(text, encoding="utf-8")
    run = kzrs("build", data, "--out", tmp_path, "--charts-dir", tmp_path)
    assert run.code == 0, run.err
    pdf = tmp_path / "kz-rs-visit-2026.pdf"
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    extracted = words(pdf_text(pdf))
    found = {int(n) for n in re.findall(r"word(\d+)", extracted)}
    assert found == set(range(500))  # the row split across pages; nothing lost
    assert "a" * 900 in extracted.replace(" ", "")
    title = docx.Document(str(tmp_path / "kz-rs-visit-2026.docx")).core_properties.title
    assert len(title) == 255 and title.startswith("W" * 254)
