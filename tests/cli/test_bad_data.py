"""Every class of bad data, through the command line: its messages, exit 1, no output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kzrs_reports.cli.app import app

BAD = Path(__file__).resolve().parents[1] / "load" / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".json"))


@pytest.mark.parametrize("data", CASES, ids=[p.name for p in CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def it_reports_bad_data_exits_1_and_writes_nothing(
    data: Path, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    out, charts = tmp_path / "out", tmp_path / "charts"
    args = [command, data.name]
    if command == "build":
        args += ["--out", str(out), "--charts-dir", str(charts)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # never an uncaught error
    expected = data.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    located = re.compile(re.escape(data.name) + r":\d+:\d+: ")
    reported = [line for line in result.stderr.splitlines() if located.match(line)]
    assert reported == expected
    assert not out.exists() and not charts.exists()
