"""A hostile template set: it cannot read files, reach Python's internals, call ``format`` on
arbitrary objects or exhaust memory. Each attempt is a located error (the template file and
line, exit 1, no traceback, nothing written), and never shows what it was after."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clirun import SAMPLE, kzrs
from kzrs_reports.cli.app import app
from kzrs_reports.templates import DEFAULT_TEMPLATES, environment
from kzrs_reports.templates.environment import make_environment

SECRET = Path(__file__).resolve().with_name("secret-marker.txt")
MARKER = "SECRET-MARKER-7f3a"

opened: list[str] = []


def _record_opens(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and args and isinstance(args[0], str | Path):
        opened.append(str(args[0]))


sys.addaudithook(_record_opens)


def hostile_set(tmp_path: Path, payload: str) -> Path:
    """A copy of the default set, two folders below the secret's copy, whose brief holds
    ``payload`` on line 3; ``leak.md.j2`` in it is a symbolic link to the secret."""
    shutil.copy(SECRET, tmp_path / SECRET.name)
    templates = tmp_path / "sets" / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    (templates / "brief.md.j2").write_text(f"# Brief\n\n{payload}\n", encoding="utf-8")
    (templates / "leak.md.j2").symlink_to(SECRET)
    return templates


def build(tmp_path: Path, templates: Path) -> tuple[int, str]:
    out = tmp_path / "out"
    opened.clear()
    args = ["build", str(SAMPLE), "--templates", str(templates), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--format", "pdf", "--charts-dir", str(tmp_path)])
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert not out.exists()
    assert not any(Path(p).name == SECRET.name for p in opened), "the secret was opened"
    assert MARKER not in result.output + result.stderr
    return result.exit_code, result.stderr


OUTSIDE = "is not a file of the template set"
UNSAFE = "SecurityError: access to attribute"

HOSTILE = {
    "a string's class and its bases": ("{{ ''.__class__.__mro__ }}", UNSAFE),
    "cycler's module globals": ("{{ cycler.__init__.__globals__ }}", UNSAFE),
    "the template's own globals": ("{{ self.__init__.__globals__ }}", UNSAFE),
    "lipsum is not there": ("{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
    "a format string reaching a class": ("{{ '{0.__class__}'.format(visit) }}", UNSAFE),
    "format taken through attr": ("{{ ('{0.__class__}'|attr('format'))(visit) }}", UNSAFE),
    "format_map taken through attr": (
        "{{ ('{x.__class__}'|attr('format_map'))({'x': visit}) }}",
        UNSAFE,
    ),
    "attr reaching a dunder": ("{{ visit|attr('__class__') }}", UNSAFE),
    "an absolute include": ("{% include '/etc/passwd' %}", OUTSIDE),
    "an include out of the set": ("{% include '../../secret-marker.txt' %}", OUTSIDE),
    "an import out of the set": ("{% import '../../secret-marker.txt' as s %}", OUTSIDE),
    "a symbolic link out of the set": ("{% include 'leak.md.j2' %}", OUTSIDE),
    "a huge range": ("{{ range(10**9)|list }}", "Range too big"),
    "a huge repetition": ("{{ 'a' * 10**9 }}", "above 100,000"),
    "a huge power": ("{{ 10**100000 }}", "exponent of 100000"),
    "a huge %-format width": ("{{ '%999999999s' % 1 }}", "width or precision"),
    "a huge format width": ("{{ '{:>999999999}'.format(1) }}", "width or precision"),
    "a huge padding": ("{{ ''.ljust(999999999) }}", "padding of 999,999,999"),
    "a huge centre filter": ("{{ 'x'|center(999999999) }}", "width of 999,999,999"),
    "endless recursion": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
}


@pytest.mark.parametrize(("payload", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def it_refuses_a_hostile_template_at_its_line(tmp_path: Path, payload: str, message: str) -> None:
    templates = hostile_set(tmp_path, payload)
    code, err = build(tmp_path, templates)
    assert code == 1
    assert f"{templates / 'brief.md.j2'}:3: " in err
    assert message in err


def it_stops_a_template_that_writes_without_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(environment, "MAX_RENDER_SECONDS", 10_000.0)  # the output's bound
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}"
    code, err = build(tmp_path, hostile_set(tmp_path, loop))
    assert code == 1
    assert "brief.md.j2: SecurityError: the template wrote more than 8,000,000 characters" in err


BUILD_WITH_A_SECOND = """
import sys
from kzrs_reports.templates import environment
environment.MAX_RENDER_SECONDS = 1.0
from kzrs_reports.cli import main
sys.argv[0] = "kzrs-reports"
main()
"""


@pytest.mark.parametrize(
    ("payload", "line"),
    [
        ("{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}{% endfor %}", 4),
        (
            "{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}{% endif %}"
            "{% endmacro %}{{ twice(40) }}",
            3,
        ),
    ],
    ids=["nested loops", "recursion"],
)
def it_stops_a_template_that_runs_without_end_or_output_at_its_line(
    tmp_path: Path, payload: str, line: int
) -> None:
    """Two nested range(100000) write nothing, so no output bound stops them: the time
    limit does (one second of processor time here, as the subprocess sets it)."""
    templates = hostile_set(tmp_path, payload)
    out = tmp_path / "out"
    args = ["build", str(SAMPLE), "--templates", str(templates), "-o", str(out), "-f", "pdf"]
    run = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_A_SECOND, *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr == (
        f"{SAMPLE}: not built: {templates / 'brief.md.j2'}:{line}: SecurityError: the template "
        "ran for more than 1 s of processor time (the limit): a loop without end?\n"
    )
    assert not out.exists()


def it_reports_a_hostile_template_through_the_command_line(tmp_path: Path) -> None:
    templates = hostile_set(tmp_path, "{% include '../../secret-marker.txt' %}")
    out = tmp_path / "out"
    run = kzrs("build", SAMPLE, "--templates", templates, "--out", out, "--format", "pdf")
    assert run.code == 1
    assert f"{templates / 'brief.md.j2'}:3: TemplateNotFound:" in run.err
    assert MARKER not in run.out + run.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '{0:>5}|{1:,}'.format(7, 1234567) }}", r"7\|1\,234\,567"),
        ("{{ '%s: %.1f' % ('share', 12.34) }}", r"share\: 12\.3"),
        ("{{ '-' * 3 }}{{ 2 ** 10 }}{{ 'x'|center(5)|length }}", r"\-\-\-10245"),
        ("{% for i in range(3) %}{{ i }}{% endfor %}", "012"),
    ],
)
def it_still_formats_what_a_brief_needs(tmp_path: Path, source: str, expected: str) -> None:
    assert make_environment(tmp_path).from_string(source).render() == expected


def it_includes_a_file_of_the_set_itself(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "note.md.j2").write_text("included", encoding="utf-8")
    env = make_environment(tmp_path)
    assert env.from_string("{% include 'parts/note.md.j2' %}").render() == "included"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ('{0.__class__}'|attr('format'))(1) }}",
    ],
)
def it_runs_the_email_templates_in_the_sandbox_too(source: str) -> None:
    from jinja2.exceptions import SecurityError

    from kzrs_reports.distribution.messages import TEMPLATE_DIR
    from kzrs_reports.distribution.messages import make_environment as email_environment

    with pytest.raises(SecurityError):
        email_environment(TEMPLATE_DIR).from_string(source).render()
