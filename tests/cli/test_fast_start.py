"""``check``, ``schema`` and ``--help`` start fast: they import only what they need.

Each command runs as a new process, which then lists every module it imported
(``sys.modules``: ``python -X importtime`` leaves out modules imported by name, as the command
line imports its commands). Timings vary with the machine and are not tested here; see
bench/start.py for them. ``check`` runs without typer (kzrs_reports.cli.check reads its
command line), so the tests here also hold that reading to typer's: the same options, and
the same output and exit status for the same words.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kzrs_reports.cli.app import app
from kzrs_reports.cli.check import FLAGS, VALUED, quick_check, read_args
from kzrs_reports.cli.plugins import LOADER, skip_plugin_loader
from kzrs_reports.templates import DEFAULT_TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
HOSTILE = ROOT / "tests" / "hostile" / "visit"

HEAVY = ("reportlab", "docx", "matplotlib", "svglib", "fontTools", "PIL", "numpy", "pypdf")
"""What the writers and charts need: tens to hundreds of milliseconds each to import.
``check`` reads which characters the shipped fonts can draw from fonts/coverage.json;
fontTools is only for a theme's own fonts."""
NOT_NEEDED = ("jinja2", "markdown_it", "babel", "rich")
"""What only building a brief (or a progress bar) needs."""
LATER_STAGES = (
    "kzrs_reports.document",
    "kzrs_reports.charts",
    "kzrs_reports.writers",
    "kzrs_reports.build",
    "kzrs_reports.incremental",
    "kzrs_reports.watch",
    "kzrs_reports.distribution",
    "kzrs_reports.pack",
)
"""The stages after loading and checking: none of them has a part in ``check``."""

LIST_MODULES = """
import sys
from kzrs_reports.cli import main

listing, sys.argv = sys.argv[1], ["kzrs-reports", *sys.argv[2:]]
try:
    main()
except SystemExit as exc:
    status = exc.code
with open(listing, "w", encoding="utf-8") as out:
    out.write("\\n".join(sorted(sys.modules)))
sys.exit(status)
"""
"""Runs the command line as ``kzrs-reports`` does, then lists every module it imported."""


def imported_modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Every module a new ``kzrs-reports ARGS`` process imports (it must succeed), with
    ``env`` added to the environment."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules.txt"
        run = subprocess.run(
            [sys.executable, "-c", LIST_MODULES, str(listing), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            timeout=120,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        modules = set(listing.read_text(encoding="utf-8").splitlines())
    assert "kzrs_reports.cli" in modules  # the listing worked
    return modules


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def of_stages(modules: set[str], stages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == s or m.startswith(f"{s}.") for s in stages))


@pytest.mark.parametrize(
    "args", [("check", str(SAMPLE)), ("schema",), ("--help",)], ids=lambda a: a[0]
)
def it_starts_without_the_writers_and_charts_libraries(args: tuple[str, ...]) -> None:
    found = packages(imported_modules(*args))
    assert found.isdisjoint(HEAVY), sorted(found & set(HEAVY))
    assert found.isdisjoint(NOT_NEEDED), sorted(found & set(NOT_NEEDED))


def it_checks_without_the_later_stages_or_the_command_line_framework() -> None:
    modules = imported_modules("check", str(SAMPLE), "--lang", "ru")
    assert "kzrs_reports.model.visit" in modules  # it did check
    assert of_stages(modules, LATER_STAGES) == []
    assert packages(modules).isdisjoint({"typer", "click"}), "check ran under typer"


def it_prints_help_without_the_model_or_the_stages() -> None:
    modules = imported_modules("--help")
    assert packages(modules).isdisjoint({"pydantic", "pydantic_core", "ruamel"})
    assert of_stages(modules, ("kzrs_reports.model", "kzrs_reports.load", *LATER_STAGES)) == []


def it_builds_only_the_command_it_runs() -> None:
    others = {f"kzrs_reports.cli.{name}" for name in ("watch", "send", "pack", "new")}
    # build's work (kzrs_reports.cli.build) is declared to typer in kzrs_reports.cli.app
    assert imported_modules("schema").isdisjoint({*others, "kzrs_reports.cli.build"})
    assert others <= imported_modules("--help")  # it lists them all


def it_reads_the_options_check_declares() -> None:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    options = [p for p in command.params if p.param_type_name == "option"]
    declared = {name: p.is_flag for p in options for name in p.opts}
    assert declared == {**dict.fromkeys(FLAGS, True), **dict.fromkeys(VALUED, False)}


@pytest.mark.parametrize(
    "args",
    [
        [str(SAMPLE)],
        [str(SAMPLE), "--lang", "ru,kk", "--require-quotes"],
        ["--strict-translations", f"--lang={'sr-Latn'}", str(SAMPLE)],
        [str(HOSTILE / "bad-date.yaml"), str(SAMPLE), "--templates", str(DEFAULT_TEMPLATES)],
        ["--", str(HOSTILE / "duplicate-key.yaml")],
        [str(ROOT / "tests" / "load")],
        [str(ROOT / "data")],  # a pack file beside the sample: left out, and said so
    ],
    ids=["sample", "languages", "strict", "problems", "dashes", "folder", "pack-left-out"],
)
def it_checks_as_typer_does(args: list[str]) -> None:
    quick = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        timeout=120,
    )
    full = CliRunner().invoke(app, ["check", *args])
    assert full.exception is None or isinstance(full.exception, SystemExit)
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        [str(SAMPLE), "--help"],
        [str(SAMPLE), "--bogus"],
        [str(SAMPLE), "--lang"],
        [str(SAMPLE), "--lang", "--require-quotes"],
        [str(SAMPLE), "--require-quotes=yes"],
        [str(SAMPLE), "--lang", "ru", "--lang", "kk"],
        ["visit-\udcff.yaml"],  # a file name in another encoding than UTF-8
    ],
)
def it_leaves_other_words_to_typer(args: list[str]) -> None:
    assert read_args(args) is None


@pytest.mark.parametrize(
    "args",
    [
        [str(ROOT / "no-such-file.yaml")],
        [""],
        [str(SAMPLE), "-"],
        [str(SAMPLE), "--templates", str(SAMPLE)],
        [str(SAMPLE), "--lang", "12"],
        [str(SAMPLE), "--lang", ","],
        [str(ROOT / "src")],  # a folder without data files
    ],
    ids=["missing", "empty", "dash", "templates-file", "bad-tag", "no-tag", "no-data"],
)
def it_leaves_usage_errors_to_typer_having_printed_nothing(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_args(args) is not None
    assert quick_check(args) is None
    assert capsys.readouterr() == ("", "")
    full = CliRunner().invoke(app, ["check", *args])
    assert full.exit_code == 2, full.output


def it_stops_quietly_when_its_reader_stops_reading() -> None:
    # As ``check … | head -1`` ends: typer exits 1 without a traceback, and so does check.
    run = subprocess.Popen(
        [sys.executable, "-m", "kzrs_reports", "check", str(SAMPLE), str(SAMPLE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=os.environ,
    )
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # before it has printed anything: it takes far longer to start
    err = run.stderr.read().decode()
    assert run.wait(timeout=120) == 1
    assert "Traceback" not in err and "Exception ignored" not in err, err[-2000:]


def it_refuses_a_broken_template_set_as_typer_does(tmp_path: Path) -> None:
    (tmp_path / "labels.yaml").write_text("page: [unclosed\n", encoding="utf-8")
    args = ["check", str(SAMPLE), "--templates", str(tmp_path)]
    quick = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        timeout=120,
    )
    full = CliRunner().invoke(app, args)
    assert quick.returncode == full.exit_code == 1
    assert quick.stderr == full.stderr
    assert quick.stderr.startswith(f"cannot check: {tmp_path / 'labels.yaml'}:"), quick.stderr


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.yaml")), ids=lambda p: p.stem)
def it_checks_each_hostile_visit_file_as_typer_does(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = quick_check([str(path)])
    out, err = capsys.readouterr()
    full = CliRunner().invoke(app, ["check", str(path)])
    assert (status, out, err) == (full.exit_code, full.stdout, full.stderr)


def it_checks_without_looking_for_pydantic_plugins() -> None:
    modules = imported_modules("check", str(SAMPLE))
    assert "pydantic.plugin._loader" in modules  # pydantic asked for its plugins
    assert "importlib.metadata" not in modules  # and nothing looked for any


def it_looks_for_pydantic_plugins_when_the_user_switched_them_on() -> None:
    modules = imported_modules("check", str(SAMPLE), env={"PYDANTIC_DISABLE_PLUGINS": ""})
    assert "importlib.metadata" in modules


def it_stands_in_for_the_plugin_loader_with_the_real_one_behind_it() -> None:
    before = sys.modules.pop(LOADER, None)
    old = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        skip_plugin_loader()
        stand_in = importlib.import_module(LOADER)
        assert stand_in.get_plugins() == ()
        assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"  # the real loader's
        with pytest.raises(AttributeError):
            stand_in.__path__  # noqa: B018 - a package's question, not the loader's
        del sys.modules[LOADER]
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = ""
        assert importlib.import_module(LOADER).__file__  # plugins on: the real loader
    finally:
        sys.modules.pop(LOADER, None)
        if before is not None:
            sys.modules[LOADER] = before
        if old is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = old
