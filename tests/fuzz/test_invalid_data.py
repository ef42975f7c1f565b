"""Any visit file with something wrong in it: exit 1, every problem located, nothing written."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from fuzz_profile import CHECKS, PROFILE
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from visit_strategies import MUTATIONS, format_loc, invalid_text, invalid_visits

from kzrs_reports.cli.app import app

PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): \S.*$")


def _problems(stderr: str, path: Path) -> list[re.Match[str]]:
    """The ``file:line:col: field: message`` lines about ``path``; fails on any other line."""
    found = []
    for line in stderr.splitlines():
        if re.fullmatch(r"\d+ of \d+ file\(s\) have problems|.+: not built: .+", line):
            continue
        match = PROBLEM.match(line)
        assert match is not None and match["file"] == str(path), line
        found.append(match)
    return found


@pytest.mark.parametrize("kind", MUTATIONS)
@settings(PROFILE, max_examples=max(1, CHECKS // len(MUTATIONS)))
@given(data=st.data(), command=st.sampled_from(["check", "check", "check", "build"]))
def it_reports_invalid_data_at_its_place_exits_1_and_writes_nothing(
    kind: str, data: st.DataObject, command: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    case = data.draw(invalid_visits(kind), label="case")
    with tempfile.TemporaryDirectory(dir=tmp_path_factory.getbasetemp()) as folder:
        work = Path(folder)
        path = work / ("visit.json" if case.as_json else "visit.yaml")
        text = invalid_text(case)
        path.write_text(text, encoding="utf-8")
        out, charts = work / "out", work / "charts"
        args = [command, str(path)]
        if command == "build":
            args += ["--out", str(out), "--charts-dir", str(charts)]

        result = CliRunner().invoke(app, args)

        assert isinstance(result.exception, SystemExit), result.exception  # no uncaught error
        assert result.exit_code == 1, result.output
        problems = _problems(result.stderr, path)
        assert problems, result.stderr
        lines = text.count("\n") + 1
        assert all(1 <= int(p["line"]) <= lines and int(p["col"]) >= 1 for p in problems)
        # The broken field (or the section holding it) is among those named.
        wrong = format_loc(case.path)
        assert any(wrong.startswith(p["field"]) for p in problems), (wrong, result.stderr)
        assert not out.exists() and not charts.exists()
        assert sorted(p.name for p in work.iterdir()) == [path.name]
