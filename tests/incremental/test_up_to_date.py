"""Up-to-date builds: skip what did not change, rebuild what did, never trust a broken record."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from clirun import SAMPLE, Run, kzrs, pdf_text, words
from kzrs_reports.templates import DEFAULT_TEMPLATES

STEM = "kz-rs-visit-2026"


@dataclass(frozen=True)
class Project:
    """A folder with a copy of the sample, a template set and room for the outputs."""

    root: Path
    data: Path
    templates: Path

    @property
    def pdf(self) -> Path:
        return self.root / "out" / f"{STEM}.pdf"

    @property
    def docx(self) -> Path:
        return self.root / "out" / f"{STEM}.docx"

    def build(self, *extra: str) -> Run:
        out, charts = self.root / "out", self.root / "charts"
        args = ("--out", out, "--charts-dir", charts, "--templates", self.templates)
        return kzrs("build", self.data, *args, *extra)

    def stamps(self) -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in (self.pdf, self.docx)}

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    data = tmp_path / "data" / "visit.yaml"
    data.parent.mkdir()
    shutil.copy(SAMPLE, data)
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    built = Project(tmp_path, data, templates)
    first = built.build()
    assert first.code == 0, first.err
    assert " → " in first.out
    return built


def it_skips_a_brief_whose_inputs_are_unchanged_and_says_so(project: Project) -> None:
    before = project.stamps()
    run = project.build()
    assert run.code == 0
    expected = rf"{project.data}: up to date \({project.pdf} \(\d+ pages\), {project.docx}\)"
    assert re.fullmatch(expected, run.out.strip()), run.out
    assert project.stamps() == before


def it_rebuilds_when_forced(project: Project) -> None:
    before = project.stamps()
    run = project.build("--force")
    assert run.code == 0 and " → " in run.out
    assert project.stamps() != before


def it_does_not_rebuild_for_a_save_that_changes_nothing(project: Project) -> None:
    project.data.write_bytes(project.data.read_bytes())
    assert "up to date" in project.build().out


def it_rebuilds_when_the_data_changes(project: Project) -> None:
    project.edit(project.data, "the 2026 visit to Astana", "the state visit, revised")
    run = project.build()
    assert " → " in run.out
    assert "the state visit, revised" in words(pdf_text(project.pdf))


def it_rebuilds_every_brief_when_a_template_changes(project: Project) -> None:
    second = project.root / "data" / "second.yaml"
    text = project.data.read_text(encoding="utf-8").replace(f"id: {STEM}", "id: second", 1)
    second.write_text(text, encoding="utf-8")
    args = ("--out", project.root / "out", "--charts-dir", project.root / "charts")
    both = (project.data, second, *args, "--templates", project.templates)
    assert kzrs("build", *both).code == 0
    template = project.templates / "brief.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nAppendix note.\n")
    run = kzrs("build", *both)
    assert run.code == 0
    assert run.out.count(" → ") == 2, run.out
    assert "Appendix note." in words(pdf_text(project.pdf))
    assert "Appendix note." in words(pdf_text(project.root / "out" / "second.pdf"))


def it_rebuilds_when_the_style_file_changes(project: Project) -> None:
    theme = project.templates / "theme.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text + "\n# a comment is a change of the file, so the brief is rebuilt\n")
    assert " → " in project.build().out


def it_rebuilds_when_a_template_set_gains_a_file(project: Project) -> None:
    (project.templates / "labels.yaml").unlink()
    assert " → " in project.build().out  # the default labels now; a different set of inputs
    shutil.copy(DEFAULT_TEMPLATES / "labels.yaml", project.templates / "labels.yaml")
    assert " → " in project.build().out


def it_rebuilds_an_output_deleted_or_edited_by_hand(project: Project) -> None:
    project.docx.unlink()
    assert " → " in project.build().out
    assert project.docx.is_file()
    with project.pdf.open("ab") as pdf:
        pdf.write(b"%% an edit\n")
    assert " → " in project.build().out
    assert "up to date" in project.build().out


def it_rebuilds_a_missing_chart(project: Project) -> None:
    chart = project.root / "charts" / f"{STEM}-priorities.svg"
    chart.unlink()
    assert " → " in project.build().out
    assert chart.is_file()


def it_never_takes_an_interrupted_build_for_a_current_one(project: Project) -> None:
    """A build that wrote the PDF, then failed on the DOCX, leaves no record vouching for it."""
    project.edit(project.data, "the 2026 visit to Astana", "an edition cut short")
    project.docx.unlink()
    project.docx.mkdir()  # the DOCX cannot be written where a folder stands
    failed = project.build()
    assert failed.code == 1 and f"{project.docx.name}: cannot write: Is a directory" in failed.err
    project.docx.rmdir()
    run = project.build()
    assert " → " in run.out, run.out
    assert "an edition cut short" in words(pdf_text(project.pdf))


def it_keeps_separate_records_for_files_with_one_name(project: Project) -> None:
    other = project.root / "elsewhere" / project.data.name
    other.parent.mkdir()
    text = project.data.read_text(encoding="utf-8").replace(f"id: {STEM}", "id: other", 1)
    other.write_text(text, encoding="utf-8")
    args = ("--out", project.root / "out", "--charts-dir", project.root / "charts")
    templates = ("--templates", project.templates)
    assert " → " in kzrs("build", other, *args, *templates).out
    assert "up to date" in project.build().out
    assert "up to date" in kzrs("build", other, *args, *templates).out
    records = sorted(p.name for p in (project.root / "out" / ".kzrs").iterdir())
    assert len(records) == 2 and all(n.startswith("visit-") for n in records)


def it_rebuilds_for_other_formats_or_folders(project: Project) -> None:
    assert " → " in project.build("--format", "pdf").out
    assert "up to date" in project.build("--format", "pdf").out
    charts = project.root / "other-charts"
    run = kzrs(
        "build", project.data, "--out", project.root / "out", "--charts-dir", charts,
        "--templates", project.templates, "--format", "pdf",
    )  # fmt: skip
    assert " → " in run.out
