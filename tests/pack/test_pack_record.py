"""A pack is up to date like a brief: bound again only when something it is bound from has
changed, its files otherwise left as they were, not rewritten; and a pack that must be bound
again builds its documents in parallel, to the same bytes as one after the other."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from active_annex import make as make_active_annex
from reportlab.pdfgen import canvas
from ruamel.yaml import YAML

import kzrs_reports.pack.build
from clirun import SAMPLE, kzrs, page_words
from kzrs_reports.core.errors import PackError
from kzrs_reports.pack import load_pack
from kzrs_reports.pack.build import PackResult, build_pack
from kzrs_reports.templates import DEFAULT_TEMPLATES, PACK_TEMPLATES

TITLE = "Kazakhstan–Serbia: the 2026 visit to Astana"
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
"""
ANNEX_PACK = """\
title: Transit memoranda
marking_scheme: house.yaml
classification: OPEN
date: 2026-03-02
documents:
  - annex: memo.pdf
    title: Memorandum on transit
"""
"""A pack of one annex, under a house scheme: bound in a moment, with no document to build."""


def annex(path: Path, pages: int) -> None:
    drawing = canvas.Canvas(str(path), invariant=True)
    for number in range(1, pages + 1):
        drawing.drawString(72, 700, f"Annex memorandum page {number}")
        drawing.showPage()
    drawing.save()


def visit_pack(folder: Path, *kinds: str) -> Path:
    """A pack of the documents of ``kinds`` from a copy of the sample visit, then an annex."""
    shutil.copy(SAMPLE, folder / "visit.yaml")
    annex(folder / "memo.pdf", 1)
    entries = "".join(f"  - visit: visit.yaml\n    kind: {kind}\n" for kind in kinds)
    pack = folder / "pack.yaml"
    pack.write_text(
        "title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n"
        + entries
        + "  - annex: memo.pdf\n    title: Memorandum\n",
        encoding="utf-8",
    )
    return pack


def pack(folder: Path, language: str | None = None, jobs: int | None = 1) -> PackResult:
    """``pack.yaml`` in ``folder`` built into ``out`` there, as ``kzrs-reports pack`` does."""
    path = folder / "pack.yaml"
    return build_pack(path, load_pack(path), folder / "out", folder / "charts", language, jobs)


def stamp(path: Path) -> tuple[int, bytes]:
    """What a rewrite would change, even to the same bytes: the time and the bytes."""
    return path.stat().st_mtime_ns, path.read_bytes()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The annex-only pack, bound once."""
    (tmp_path / "house.yaml").write_text(SCHEME, encoding="utf-8")
    annex(tmp_path / "memo.pdf", 2)
    (tmp_path / "pack.yaml").write_text(ANNEX_PACK, encoding="utf-8")
    assert not pack(tmp_path).current
    return tmp_path


def it_leaves_an_up_to_date_pack_untouched_and_says_so(desk: Path) -> None:
    out = desk / "out"
    before = stamp(out / "pack.pdf"), stamp(out / "pack-docx.zip")
    run = kzrs("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts", cwd=desk)
    assert run.code == 0, run.err
    assert run.out == (
        "pack.yaml: up to date (out/pack.pdf (3 pages: cover 1 + 2; marked OPEN), "
        "out/pack-docx.zip)\n"
    )
    assert (stamp(out / "pack.pdf"), stamp(out / "pack-docx.zip")) == before


def it_says_an_up_to_date_pack_as_it_was_built(tmp_path: Path) -> None:
    pack_file = visit_pack(tmp_path, "summary")
    make_active_annex(tmp_path / "active.pdf")
    with pack_file.open("a", encoding="utf-8") as text:
        text.write("  - annex: active.pdf\n    title: Active\n")
    first = pack(tmp_path)
    again = pack(tmp_path)
    assert again.current and not first.current
    assert again == replace(first, built=again.built, current=True)
    assert len(again.built) == 1 and ": up to date (" in again.built[0]
    assert again.removed and again.parts[2].pdf == tmp_path / "out" / "pack-annex-2.pdf"


@pytest.mark.parametrize(
    "change",
    ["the annex's bytes", "the pack file", "the scheme", "the labels"],
)
def it_binds_the_pack_again_when_what_it_is_bound_from_changes(
    desk: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if change == "the labels":  # a house's own copy of the cover's set
        house = desk / "house-pack"
        shutil.copytree(PACK_TEMPLATES, house)
        shutil.copy(DEFAULT_TEMPLATES / "labels.yaml", house / "labels.yaml")
        monkeypatch.setattr(kzrs_reports.pack.build, "PACK_TEMPLATES", house)
        assert not pack(desk).current
    assert pack(desk).current
    if change == "the annex's bytes":
        annex(desk / "memo.pdf", 3)
        expected = "OPEN Pack page 1 of 4 BRIEFING PACK Transit memoranda"
    elif change == "the pack file":
        edit(desk / "pack.yaml", "Transit memoranda", "Transit papers")
        expected = "OPEN Pack page 1 of 3 BRIEFING PACK Transit papers"
    elif change == "the scheme":
        edit(desk / "house.yaml", "en: OPEN", "en: UNRESTRICTED")
        expected = "UNRESTRICTED Pack page 1 of 3 BRIEFING PACK Transit memoranda"
    else:
        labels = YAML(typ="safe").load(desk / "house-pack" / "labels.yaml")
        labels["pack"]["stamp"] = "Sheet {page} of {pages}"
        YAML(typ="safe").dump(labels, desk / "house-pack" / "labels.yaml")
        expected = "OPEN Sheet 1 of 3 BRIEFING PACK Transit memoranda"
    result = pack(desk)
    assert not result.current
    assert page_words(result.pdf, 1).startswith(expected)
    assert pack(desk).current


def it_keeps_a_record_for_each_edition(desk: Path) -> None:
    english = stamp(desk / "out" / "pack.pdf")
    russian = pack(desk, "ru")
    assert not russian.current
    assert russian.pdf == desk / "out" / "pack.ru.pdf"
    assert page_words(russian.pdf, 1).startswith("OPEN Стр. комплекта 1 из 3 КОМПЛЕКТ МАТЕРИАЛОВ")
    assert pack(desk).current and pack(desk, "ru").current
    assert stamp(desk / "out" / "pack.pdf") == english


def it_binds_the_pack_again_when_a_documents_data_changes(tmp_path: Path) -> None:
    visit_pack(tmp_path, "summary")
    pack(tmp_path)
    edit(tmp_path / "visit.yaml", f'en-GB: "{TITLE}"', 'en-GB: "Astana, February 2026"')
    result = pack(tmp_path)
    assert not result.current
    assert "1 Summary Astana, February 2026 OFFICIAL 2" in page_words(result.pdf, 1)
    assert result.built == (result.built[0],) and " → " in result.built[0]


def it_leaves_the_previous_pack_whole_when_a_rebuild_fails(tmp_path: Path) -> None:
    visit_pack(tmp_path, "summary")
    pack(tmp_path)
    out = tmp_path / "out"
    before = stamp(out / "pack.pdf"), stamp(out / "pack-docx.zip")
    visit = tmp_path / "visit.yaml"
    good = visit.read_text(encoding="utf-8")
    edit(visit, "classification: OFFICIAL", "classification:")
    run = kzrs("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts", cwd=tmp_path)
    assert run.code == 1
    err = run.err.splitlines()
    assert err[0].startswith("visit.yaml:") and "brief.classification: expected text" in err[0]
    assert err[-1] == "pack.yaml: pack not written: visit.yaml: not built: 1 problem(s)"
    assert (stamp(out / "pack.pdf"), stamp(out / "pack-docx.zip")) == before
    assert not list(out.glob(".*.part"))
    visit.write_text(good, encoding="utf-8")  # put right: built again, to the same bytes
    again = pack(tmp_path)
    assert not again.current
    assert again.pdf.read_bytes() == before[0][1]


def it_reports_every_document_that_fails_when_built_in_parallel(tmp_path: Path) -> None:
    for name, field in (("a", "classification: OFFICIAL"), ("b", "date: 2026-03-02")):
        blank = field.split(":")[0] + ":"  # the value left out
        text = SAMPLE.read_text(encoding="utf-8").replace(f"  {field}\n", f"  {blank}\n")
        text = text.replace("id: kz-rs-visit-2026", f"id: visit-{name}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(
        "title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n"
        "  - visit: a.yaml\n    kind: summary\n  - visit: b.yaml\n    kind: summary\n",
        encoding="utf-8",
    )
    run = kzrs("pack", "pack.yaml", "--jobs", "2", cwd=tmp_path)
    assert run.code == 1
    err = run.err.splitlines()
    assert [line.split(":")[0] for line in err[:-1]] == ["a.yaml", "b.yaml"]
    assert ": brief.classification: " in err[0] and ": brief.date: " in err[1]
    assert err[-1] == (
        "pack.yaml: pack not written: a.yaml: not built: 1 problem(s); "
        "b.yaml: not built: 1 problem(s)"
    )
    assert not (tmp_path / "out" / "pack.pdf").exists()


def it_binds_the_same_bytes_from_documents_built_in_parallel(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for folder in (serial, parallel):
        folder.mkdir()
        visit_pack(folder, "summary", "talking-points", "chronology")
    one = pack(serial, jobs=1)
    two = pack(parallel, jobs=2)
    assert len(two.built) == 3 and all(" → " in line for line in one.built + two.built)
    assert two.pdf.read_bytes() == one.pdf.read_bytes()
    assert two.docx_zip.read_bytes() == one.docx_zip.read_bytes()


def it_names_the_failure_when_called_from_python(tmp_path: Path) -> None:
    visit_pack(tmp_path, "summary", "chronology")
    edit(tmp_path / "visit.yaml", "classification: OFFICIAL", "classification:")
    with pytest.raises(PackError, match=r"visit\.yaml: not built: 1 problem\(s\)$") as caught:
        pack(tmp_path, jobs=2)
    assert len(caught.value.problems) == 1  # the visit file's problem, once for both kinds
    assert not (tmp_path / "out" / "pack.pdf").exists()


def it_refuses_two_visit_files_that_would_write_one_document(tmp_path: Path) -> None:
    for name in ("a", "b"):  # a sample copied to start a new brief, its id left as it was
        shutil.copy(SAMPLE, tmp_path / f"{name}.yaml")
    (tmp_path / "pack.yaml").write_text(
        "title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n"
        "  - visit: a.yaml\n    kind: summary\n  - visit: b.yaml\n    kind: summary\n",
        encoding="utf-8",
    )
    run = kzrs("pack", "pack.yaml", "--jobs", "2", cwd=tmp_path)
    assert run.code == 1
    assert run.err.splitlines() == [
        "pack.yaml: pack not written: a.yaml, b.yaml: not built: both have brief.id "
        "kz-rs-visit-2026, so both would write out/kz-rs-visit-2026-summary.pdf; give each "
        "file its own brief.id"
    ]
    assert not (tmp_path / "out").exists()


def it_binds_the_pack_again_over_a_damaged_record(desk: Path) -> None:
    [record] = (desk / "out" / ".kzrs").glob("*.pack.json")
    body = json.loads(record.read_text(encoding="utf-8"))
    del body["result"]["parts"]
    record.write_text(json.dumps(body), encoding="utf-8")
    run = kzrs("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts", cwd=desk)
    assert run.code == 0, run.err
    assert run.out.startswith("pack.yaml → out/pack.pdf (3 pages: cover 1 + 2; marked OPEN)")
    assert pack(desk).current


def it_finds_the_pack_up_to_date_without_loading_what_binds_it(desk: Path) -> None:
    # what importing costs is most of an up-to-date pack's time: none of it is needed
    args = ("pack", "pack.yaml", "-o", "out", "--charts-dir", "charts")
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kzrs_reports", *args],
        cwd=desk,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and ": up to date (" in run.stdout, run.stderr
    loaded = {line.split("|")[-1].strip() for line in run.stderr.splitlines()}
    assert "kzrs_reports.pack.record" in loaded
    heavy = ("reportlab", "docx", "matplotlib", "svglib", "fontTools", "PIL", "pypdf", "jinja2")
    assert not {name for name in loaded if name.split(".")[0] in heavy}
    assert not loaded & {"kzrs_reports.pack.model", "kzrs_reports.model.visit", "babel"}
