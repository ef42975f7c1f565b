"""Editions end to end: `diff` on the terminal, and "Changes in this edition" in the brief.

tests/data/edition-2.yaml is the sample with known changes; its `brief.previous` names the
sample. Both files are only read.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from clirun import ROOT, SAMPLE, Run, kzrs

EDITION_2 = ROOT / "tests" / "data" / "edition-2.yaml"
HEADING = "Changes in this edition"
NEXT_HEADING = "Outcomes and agreements"
STEM = "kz-rs-visit-2026"

GROUPS = {
    "Document": [
        "Edition changed from 1.0 to 2.0",
        "Date changed from 2 March 2026 to 16 March 2026",
    ],
    "Key messages": [
        "Key message added: The first scheduled flight has flown: connectivity is now "
        "delivered, not promised.",
    ],
    "Outcomes and agreements": [
        "Status of “Participation in the Trans-Caspian International Transport Route (Middle "
        "Corridor)” changed from readiness to explore to agreed",
        "Outcome added: “Memorandum on energy cooperation” (signed)",
        "Outcome removed: “Congress of Leaders of World and Traditional Religions in Astana”",
    ],
    "Sector priorities": [
        "Priority of Energy raised from 3 to 4",
        "Priority of Digital development and AI now stated by the parties "
        "(was assessed by the desk)",
        "Priority of Construction lowered from 2 to 1",
    ],
    "Milestones": [
        "Milestone added: “First scheduled Astana–Belgrade flight” (10 March 2026)",
        "Milestone “EXPO 2027 in Belgrade, which Kazakhstan intends to take part in” moved "
        "from 2027 to May 2027",
        "Milestone removed: “Regional Ecological Summit in Kazakhstan, organised with UN "
        "partnership” (April 2026)",
    ],
    "Risks and sensitivities": [
        "Risk “The Middle Corridor is an interest, not a commitment” revised",
        "Risk removed: “New links have still to be used”",
    ],
    "Next steps": [
        "Owner of “Map what Serbian participation in the Trans-Caspian route would involve” "
        "changed from Transport and connectivity team to Economic diplomacy team",
        "Due date of “Prepare a note on the Regional Ecological Summit and Serbia's likely "
        "role” changed from Before April 2026 to End of March 2026",
        "Next step removed: “Identify measurable targets for the named sectors, starting with "
        "seed production”",
    ],
}
SENTENCES = [line for lines in GROUPS.values() for line in lines]
HOSTILE = "<b>AT&T</b> {{ 7*7 }} *x* $x$ {after} # [a](javascript:x)"


def build(data: Path, where: Path, *options: str | Path) -> Run:
    return kzrs("build", data, "--out", where / "out", "--charts-dir", where / "charts", *options)


def pdf_section(pdf: Path) -> list[str] | None:
    """The paragraphs (bullets joined across line wraps) under the changes heading, or None."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    if HEADING not in lines:
        return None
    body = lines[lines.index(HEADING) + 1 : lines.index(NEXT_HEADING)]
    items: list[str] = []
    for line in filter(None, body):
        if line.startswith("• ") or not items:
            items.append(line.removeprefix("• "))
        else:
            items[-1] += " " + line
    return items


def docx_section(path: Path) -> list[str] | None:
    """The paragraphs under the changes heading in the Word file, or None."""
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    headings = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
    start = next((i for i in headings if texts[i] == HEADING), None)
    if start is None:
        return None
    end = next(i for i in headings if texts[i] == NEXT_HEADING)
    return texts[start + 1 : end]


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    where = tmp_path_factory.mktemp("second")
    return build(EDITION_2, where), where / "out"


# ---------------------------------------------------------------- diff


def it_prints_every_change_grouped_by_section() -> None:
    run = kzrs("diff", SAMPLE, EDITION_2)
    assert run.code == 0, run.err
    expected = [row for name, lines in GROUPS.items() for row in [name, *(f"  {x}" for x in lines)]]
    assert run.out.splitlines() == expected
    assert run.err == ""


def it_says_so_in_one_line_when_nothing_changed() -> None:
    run = kzrs("diff", SAMPLE, SAMPLE)
    assert (run.code, run.out) == (0, "No changes since edition 1.0 of 2 March 2026.\n")


def it_reports_a_broken_file_like_check_and_exits_1(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(SAMPLE.read_text(encoding="utf-8").replace("priority: 5", "priority: 6"))
    run = kzrs("diff", old, EDITION_2)
    assert run.code == 1 and run.out == ""
    assert run.err.splitlines() == kzrs("check", old).err.splitlines()[:-1]
    assert re.match(rf"^{re.escape(str(old))}:\d+:\d+: sectors\[0\]\.priority: ", run.err)


@pytest.mark.parametrize(
    "args", [["diff", SAMPLE], ["diff", SAMPLE, "no/such.yaml"], ["diff", "-x", SAMPLE, SAMPLE]]
)
def it_exits_2_on_wrong_usage(args: list[str | Path]) -> None:
    assert kzrs(*args).code == 2


def it_imports_no_writer_or_chart_library() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kzrs_reports.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['diff', {str(SAMPLE)!r}, {str(EDITION_2)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = ('reportlab', 'docx', 'matplotlib')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# ---------------------------------------------------------------- the brief


def it_lists_the_changes_early_in_the_pdf(second: tuple[Run, Path]) -> None:
    run, out = second
    assert run.code == 0, run.err
    assert pdf_section(out / f"{STEM}.pdf") == SENTENCES


def it_lists_the_same_changes_in_the_docx(second: tuple[Run, Path]) -> None:
    _, out = second
    document = docx.Document(str(out / f"{STEM}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    at = headings.index(HEADING)
    assert headings[at - 1 : at + 2] == ["Document control", HEADING, NEXT_HEADING]
    assert docx_section(out / f"{STEM}.docx") == SENTENCES


def it_leaves_the_section_out_of_a_first_edition(tmp_path: Path) -> None:
    run = build(SAMPLE, tmp_path)
    assert run.code == 0, run.err
    assert pdf_section(tmp_path / "out" / f"{STEM}.pdf") is None
    assert docx_section(tmp_path / "out" / f"{STEM}.docx") is None


def it_compares_with_since_instead_of_brief_previous(tmp_path: Path) -> None:
    data = tmp_path / "edition-2.yaml"
    text = EDITION_2.read_text(encoding="utf-8")
    data.write_text(text.replace("previous: ../../data/", "previous: gone/"), encoding="utf-8")
    assert build(data, tmp_path / "a").code == 1  # the file it names is not there
    run = build(data, tmp_path / "b", "--since", SAMPLE, "--format", "pdf")
    assert run.code == 0, run.err
    assert pdf_section(tmp_path / "b" / "out" / f"{STEM}.pdf") == SENTENCES
    run = build(EDITION_2, tmp_path / "c", "--since", EDITION_2)
    assert run.code == 0, run.err
    no_changes = ["No changes since edition 2.0 of 16 March 2026."]
    assert pdf_section(tmp_path / "c" / "out" / f"{STEM}.pdf") == no_changes
    assert docx_section(tmp_path / "c" / "out" / f"{STEM}.docx") == no_changes


def it_prints_hostile_text_in_a_change_literally(tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    text = EDITION_2.read_text(encoding="utf-8").replace(
        "title: Memorandum on energy cooperation", f"title: '{HOSTILE}'"
    )
    data.write_text(text, encoding="utf-8")
    expected = f"Outcome added: “{HOSTILE}” (signed)"
    run = kzrs("diff", SAMPLE, data)
    assert f"  {expected}\n" in run.out
    run = build(data, tmp_path, "--since", SAMPLE)
    assert run.code == 0, run.err
    assert expected in (pdf_section(tmp_path / "out" / f"{STEM}.pdf") or [])
    assert expected in (docx_section(tmp_path / "out" / f"{STEM}.docx") or [])


# ---------------------------------------------------------------- a broken previous edition


def it_refuses_a_broken_previous_edition_naming_that_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    old = tmp_path / "data" / "kz-rs-visit-2026.yaml"
    old.write_text(SAMPLE.read_text(encoding="utf-8").replace("status: launched", "status: done"))
    new = tmp_path / "tests" / "data" / "edition-2.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(EDITION_2.read_text(encoding="utf-8"), encoding="utf-8")
    for command in (["build", new, "--out", "out", "--charts-dir", "charts"], ["check", new]):
        run = kzrs(*command, cwd=tmp_path)
        assert run.code == 1
        named = f"{new.parent}/../../data/kz-rs-visit-2026.yaml"
        assert re.search(rf"^{re.escape(named)}:\d+:\d+: agreements\[1\]\.status: ", run.err, re.M)
    assert not (tmp_path / "out").exists() and not (tmp_path / "charts").exists()


def it_locates_a_missing_previous_edition_at_brief_previous(tmp_path: Path) -> None:
    data = tmp_path / "edition-2.yaml"
    data.write_text(EDITION_2.read_text(encoding="utf-8"), encoding="utf-8")
    line = (
        EDITION_2.read_text(encoding="utf-8")
        .splitlines()
        .index("  previous: ../../data/kz-rs-visit-2026.yaml")
    )
    where = f"{data}:{line + 1}:13: brief.previous: cannot read the previous edition: "
    for command in ("build", "check"):
        run = kzrs(command, data, cwd=tmp_path)
        assert run.code == 1
        assert run.err.startswith(where + f"{tmp_path}/../../data/kz-rs-visit-2026.yaml")
    assert not (tmp_path / "out").exists()
