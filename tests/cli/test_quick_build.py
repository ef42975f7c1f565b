"""``build`` runs without typer, and ``kzrs-reports`` leaves its process at once.

``kzrs_reports.cli.build`` reads a plainly well-formed ``build`` command line itself; the
tests hold that reading to typer's: the same options, the same output, exit status and
files for the same words, and every other line left to typer before anything is printed.
The program then ends without tearing the interpreter down, having run every exit handler.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kzrs_reports.cli.app import app
from kzrs_reports.cli.build import FLAGS, VALUED, quick_build, read_request

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
BAD_DATE = ROOT / "tests" / "hostile" / "visit" / "bad-date.yaml"


UNDER_TYPER = "import sys\nfrom kzrs_reports.cli.app import run\nrun(sys.argv[1:])\n"
"""Runs a command line under typer alone, as the program does any it cannot run without."""


def run_in(cwd: Path, *command: str) -> tuple[int, str, str]:
    run = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ,
        timeout=180,
    )
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    return run.returncode, run.stdout, run.stderr


def quick(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``kzrs-reports build ARGS`` as a new process, run in ``cwd``."""
    return run_in(cwd, "-m", "kzrs_reports", "build", *args)


def full(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """The same words under typer, as a new process, run in ``cwd``."""
    return run_in(cwd, "-c", UNDER_TYPER, "build", *args)


def timeless(text: str) -> str:
    """Output with its timings (``in 412 ms``, ``in 1.2 s``) made equal."""
    return re.sub(r" in \d[\d.,]* m?s\b", " in … ms", text)


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in {".pdf", ".docx"}
    }


def it_reads_the_options_build_declares() -> None:
    command = typer.main.get_command(app).commands["build"]  # type: ignore[attr-defined]
    options = [p for p in command.params if p.param_type_name == "option"]
    declared = {name: (p.is_flag, p.opts[0]) for p in options for name in p.opts}
    read = {
        **{name: (True, long) for name, long in FLAGS.items()},
        **{name: (False, long) for name, long in VALUED.items()},
    }
    assert declared == read


@pytest.mark.parametrize(
    "args",
    [
        [str(SAMPLE), "--out", "out", "--charts-dir", "charts"],
        [str(SAMPLE), "-f", "pdf", "-k", "summary", "-l", "ru", "-o", "out", "--jobs", "1"],
        [str(BAD_DATE), "--format=docx", "--force", "--", str(SAMPLE)],
    ],
    ids=["sample", "short-options", "a-bad-file-among-two"],
)
def it_builds_as_typer_does(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "quick").mkdir()
    (tmp_path / "full").mkdir()
    quick_run = quick(args, tmp_path / "quick")
    full_run = full(args, tmp_path / "full")
    assert (quick_run[0], timeless(quick_run[1]), timeless(quick_run[2])) == (
        full_run[0],
        timeless(full_run[1]),
        timeless(full_run[2]),
    )
    written = files_in(tmp_path / "quick")
    assert written, "nothing was built"
    assert written == files_in(tmp_path / "full")
    # and again: both find their documents up to date, and say so alike
    again = quick(args, tmp_path / "quick")
    assert timeless(again[1]) == timeless(full(args, tmp_path / "full")[1])
    assert "up to date" in again[1] or "--force" in args


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        [str(SAMPLE), "--bogus"],
        [str(SAMPLE), "--out"],
        [str(SAMPLE), "--out", "a", "-o", "b"],
        [str(SAMPLE), "-o=out"],
        [str(SAMPLE), "-j2"],
        [str(SAMPLE), "--jobs", "0"],
        [str(SAMPLE), "--jobs", "two"],
        [str(SAMPLE), "--force=yes"],
        [str(SAMPLE), "--lang", "--force"],
        [str(SAMPLE), "--templates", str(SAMPLE)],
        [str(SAMPLE), "--since", str(ROOT / "data")],
        [str(ROOT / "no-such-file.yaml")],
        ["visit-\udcff.yaml"],  # a file name in another encoding than UTF-8
    ],
)
def it_leaves_other_words_to_typer(args: list[str]) -> None:
    assert read_request(args) is None


@pytest.mark.parametrize(
    "args",
    [
        [str(SAMPLE), "--format", "xx"],
        [str(SAMPLE), "--format", ""],
        [str(SAMPLE), "--kind", "nope"],
        [str(SAMPLE), "--lang", "zz"],
        [str(ROOT / "src")],  # a folder without data files
    ],
    ids=["format", "no-format", "kind", "language", "no-data"],
)
def it_leaves_usage_errors_to_typer_having_printed_nothing(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*args, "--out", str(tmp_path / "out"), "--charts-dir", str(tmp_path / "charts")]
    assert read_request(args) is not None
    assert quick_build(args) is None
    assert capsys.readouterr() == ("", "")
    assert not (tmp_path / "out").exists()
    assert CliRunner().invoke(app, ["build", *args]).exit_code == 2


LIST_AT_EXIT = """
import atexit, os, sys

class Kept:
    def __del__(self, write=os.write):
        write(1, b"torn down\\n")

sys.modules["kept"] = type(sys)("kept")
sys.modules["kept"].kept = Kept()  # a module's object: finalized when modules are taken apart
atexit.register(print, "exit handler ran")
from kzrs_reports.cli import program

sys.argv = ["kzrs-reports", *sys.argv[1:]]
program()
"""
"""Runs the installed program with an exit handler, and an object that says when the
interpreter takes its module apart."""


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["check", str(SAMPLE)], 0),
        (["check", str(BAD_DATE)], 1),
        (["check", "--bogus", str(SAMPLE)], 2),
        (["schema"], 0),
    ],
    ids=["ok", "problems", "usage", "typer"],
)
def it_leaves_at_once_with_the_status_and_everything_said(args: list[str], status: int) -> None:
    run = subprocess.run(
        [sys.executable, "-c", LIST_AT_EXIT, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        timeout=120,
    )
    assert run.returncode == status, run.stderr[-2000:]
    assert run.stdout.endswith("exit handler ran\n"), run.stdout[-300:]
    assert "torn down" not in run.stdout
    if args[0] == "schema":
        assert run.stdout.startswith("{") and '"$schema"' in run.stdout  # all of it, flushed
    if status == 1:
        assert "bad-date.yaml:" in run.stderr


def it_leaves_as_python_does_when_an_error_escapes() -> None:
    script = LIST_AT_EXIT.replace("program()", "sys.argv = None\nprogram()")
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 1
    assert "Traceback" in run.stderr
    assert "exit handler ran" in run.stdout and "torn down" in run.stdout
