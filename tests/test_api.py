"""The public API, as a script or a scheduler uses it: ``import kzrs_reports`` and call."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import pydoc
import re
import shutil
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from pypdf import PdfReader

import kzrs_reports
from clirun import SAMPLE

BRIEF_ID = "kz-rs-visit-2026"
WHEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
FUNCTIONS = ("build_file", "build_pack", "check", "plan_mailing")


# ---------------------------------------------------------------- what the package exports


def it_exports_in_all_exactly_its_public_names() -> None:
    public = {
        name
        for name in dir(kzrs_reports)
        if not name.startswith("_")
        and not isinstance(getattr(kzrs_reports, name), types.ModuleType)
    }
    assert public == set(kzrs_reports.__all__) - {"__version__"}
    assert kzrs_reports.__all__ == sorted(kzrs_reports.__all__)


def it_shows_every_exported_name_in_help() -> None:
    text = pydoc.render_doc(kzrs_reports, renderer=pydoc.plaintext)
    functions = text.split("\nFUNCTIONS\n")[1].split("\nDATA\n")[0]
    shown = set(re.findall(r"^    ([a-z]\w*)\(", functions, flags=re.MULTILINE))
    assert shown == set(FUNCTIONS)
    classes = set(re.findall(r"^    class (\w+)\(", text, flags=re.MULTILINE))
    exported = {n for n in kzrs_reports.__all__ if isinstance(getattr(kzrs_reports, n), type)}
    assert classes == exported


@pytest.mark.parametrize("name", FUNCTIONS)
def it_documents_and_types_every_exported_function(name: str) -> None:
    function = getattr(kzrs_reports, name)
    assert len(inspect.getdoc(function) or "") > 200
    signature = inspect.signature(function)
    assert signature.return_annotation is not inspect.Signature.empty
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
    # Every annotation names something real; the pack's result loads with the pack.
    hints = typing.get_type_hints(function, localns={"PackResult": kzrs_reports.PackResult})
    assert set(hints) == {*signature.parameters, "return"}


HEAVY = ("reportlab", "docx", "matplotlib", "svglib", "fontTools", "PIL", "numpy", "pypdf")
NOT_NEEDED = ("jinja2", "markdown_it", "babel", "rich", "typer", "pydantic", "ruamel")


@pytest.mark.parametrize(
    "statement",
    ["import kzrs_reports", "from kzrs_reports import build_file, build_pack, check, plan_mailing"],
)
def it_imports_none_of_the_heavy_libraries(statement: str) -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=60,
        check=True,
    )
    lines = (line.split("|")[-1].strip() for line in run.stderr.splitlines())
    packages = {name.split(".")[0] for name in lines if name}
    assert "kzrs_reports" in packages
    assert packages.isdisjoint(HEAVY + NOT_NEEDED), sorted(packages & {*HEAVY, *NOT_NEEDED})


# ---------------------------------------------------------------- build and check


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> kzrs_reports.Built:
    out = tmp_path_factory.mktemp("api")
    [result] = kzrs_reports.build_file(str(SAMPLE), out_dir=out / "out", charts_dir=str(out / "ch"))
    return result


def it_builds_the_pdf_and_the_docx_and_says_where_and_how_many_pages(
    built: kzrs_reports.Built,
) -> None:
    assert built.status == "built" and built.kind == "brief" and built.source == SAMPLE
    out = built.documents[0].parent
    assert built.documents == (out / f"{BRIEF_ID}.pdf", out / f"{BRIEF_ID}.docx")
    assert (built.pdf, built.docx) == built.documents
    assert all(p.is_file() and p.is_absolute() for p in (*built.documents, *built.charts))
    assert built.pages == len(PdfReader(built.pdf).pages) > 1
    assert {p.suffix for p in built.charts} == {".svg", ".png"}


def it_finds_the_build_current_the_second_time(built: kzrs_reports.Built) -> None:
    out, charts = built.documents[0].parent, built.charts[0].parent
    [again] = kzrs_reports.build_file(SAMPLE, out_dir=out, charts_dir=charts)
    assert again.status == "current"
    assert (again.documents, again.pages, again.charts) == (
        built.documents,
        built.pages,
        built.charts,
    )


def broken_copy(folder: Path) -> Path:
    """The sample with an unknown field after the brief's language and a number for text on
    the next line."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        '  language: en-GB\n  edition: "1.0"\n',
        "  language: en-GB\n  colour: blue\n  edition: 3.10\n",
    )
    path = folder / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def it_checks_a_good_file_as_fine() -> None:
    assert kzrs_reports.check(SAMPLE) == []


def it_returns_every_problem_of_a_broken_file_located(tmp_path: Path) -> None:
    broken = broken_copy(tmp_path)
    line = broken.read_text(encoding="utf-8").splitlines().index("  colour: blue") + 1
    problems = kzrs_reports.check(str(broken))
    assert [(p.file, p.line, p.col, p.field) for p in problems] == [
        (str(broken), line, 3, "brief.colour"),
        (str(broken), line + 1, 12, "brief.edition"),
    ]
    assert str(problems[1]).startswith(f"{broken}:{line + 1}:12: brief.edition: expected text")


def it_raises_the_same_problems_when_building_a_broken_file_and_writes_nothing(
    tmp_path: Path,
) -> None:
    broken = broken_copy(tmp_path)
    with pytest.raises(kzrs_reports.DataError) as raised:
        kzrs_reports.build_file(broken, out_dir=tmp_path / "out", charts_dir=tmp_path / "ch")
    assert raised.value.problems == kzrs_reports.check(broken)
    assert not list((tmp_path / "out").glob("*.*"))


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: kzrs_reports.check("no-such-file.yaml"), kzrs_reports.InputFileError),
        (lambda: kzrs_reports.build_file(SAMPLE, kinds=["memo"]), kzrs_reports.UsageError),
        (lambda: kzrs_reports.build_file(SAMPLE, formats="html"), kzrs_reports.UsageError),
        (lambda: kzrs_reports.check(SAMPLE, templates="no-such-set"), kzrs_reports.InputFileError),
    ],
    ids=["missing file", "unknown kind", "unknown format", "missing template set"],
)
def it_raises_the_projects_error_for_bad_input(
    call: typing.Callable[[], object], error: type[Exception], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(error):
        call()
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------- pack and mail-out


@pytest.fixture(scope="module")
def packed(
    built: kzrs_reports.Built, tmp_path_factory: pytest.TempPathFactory
) -> kzrs_reports.PackResult:
    """A pack of the sample's brief (already built, so current) and summary."""
    folder = tmp_path_factory.mktemp("pack")
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    pack_file = folder / "pack.yaml"
    pack_file.write_text(
        "id: test-pack\ntitle: A test pack\nclassification: OFFICIAL\ndate: 2026-03-02\n"
        f"documents:\n  - visit: {SAMPLE.name}\n    kind: brief\n"
        f"  - visit: {SAMPLE.name}\n    kind: summary\n",
        encoding="utf-8",
    )
    return kzrs_reports.build_pack(
        str(pack_file), out_dir=built.documents[0].parent, charts_dir=built.charts[0].parent
    )


def it_packs_the_documents_and_returns_what_it_wrote(packed: kzrs_reports.PackResult) -> None:
    assert isinstance(packed, kzrs_reports.PackResult)
    assert packed.pdf.name == "test-pack.pdf" and packed.docx_zip.name == "test-pack-docx.zip"
    assert [p.id for p in packed.parts] == [BRIEF_ID, f"{BRIEF_ID}-summary"]
    assert packed.pages == packed.cover_pages + sum(p.pages for p in packed.parts)
    assert packed.pages == len(PdfReader(packed.pdf).pages)
    assert packed.marking == "OFFICIAL"


@pytest.fixture
def recipients(tmp_path: Path) -> Path:
    path = tmp_path / "recipients.csv"
    path.write_text(
        "name,email,organisation,clearance,language\n"
        "Ana,ana@example.org,MFA,OFFICIAL,en\n"
        "Bo,bo@example.org,MFA,SECRET,en\n",
        encoding="utf-8",
    )
    return path


def it_withholds_a_document_above_a_recipients_clearance(
    built: kzrs_reports.Built, recipients: Path, tmp_path: Path
) -> None:
    assert built.pdf is not None
    secret = tmp_path / "annex-a.pdf"
    shutil.copy(built.pdf, secret)
    plan = kzrs_reports.plan_mailing(
        {built.pdf: "OFFICIAL", str(secret): "SECRET"},
        recipients,
        sender="briefs@mfa.example.kz",
        date=WHEN,
    )
    assert plan.receives == {
        "ana@example.org": (f"{BRIEF_ID}.pdf",),
        "bo@example.org": (f"{BRIEF_ID}.pdf", "annex-a.pdf"),
    }
    assert plan.withheld == {
        "ana@example.org": {
            "annex-a.pdf": "marked SECRET, above the recipient's clearance OFFICIAL"
        },
        "bo@example.org": {},
    }
    assert set(plan.messages) == {"ana@example.org", "bo@example.org"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex-a.pdf", "recipients.csv"]


def it_plans_a_pack_sent_by_parts(packed: kzrs_reports.PackResult, recipients: Path) -> None:
    plan = kzrs_reports.plan_mailing(
        packed, recipients, sender="briefs@mfa.example.kz", attach="parts", date=WHEN
    )
    parts = (f"{BRIEF_ID}.pdf", f"{BRIEF_ID}-summary.pdf")
    assert plan.receives == {"ana@example.org": parts, "bo@example.org": parts}
    message = plan.messages["ana@example.org"]
    assert "A test pack" in str(message["Subject"])


@pytest.mark.parametrize(
    ("sender", "date"),
    [("not an address", WHEN), ("briefs@mfa.example.kz", dt.datetime(2026, 3, 2))],
    ids=["bad sender", "date without a time zone"],
)
def it_refuses_a_bad_sender_or_date(
    built: kzrs_reports.Built, recipients: Path, sender: str, date: dt.datetime
) -> None:
    with pytest.raises(kzrs_reports.UsageError):
        kzrs_reports.plan_mailing(
            {built.documents[0]: "OFFICIAL"}, recipients, sender=sender, date=date
        )


def it_refuses_a_recipients_file_with_problems(built: kzrs_reports.Built, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,organisation,clearance,language\nAna,ana,MFA,OFFICIAL,en\n")
    with pytest.raises(kzrs_reports.DataError) as raised:
        kzrs_reports.plan_mailing({built.documents[0]: "OFFICIAL"}, bad, sender="a@b.example")
    assert [(p.line, p.field) for p in raised.value.problems] == [(2, "email")]
