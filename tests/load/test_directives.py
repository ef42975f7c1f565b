"""YAML directives (``%YAML``, ``%TAG``): allowed at the top, located errors anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrs_reports.core.errors import DataError
from kzrs_reports.load import load_visit

MINIMAL = Path(__file__).parent / "minimal.yaml"


def it_reads_a_file_that_declares_its_yaml_version(tmp_path: Path) -> None:
    path = tmp_path / "visit.yaml"
    path.write_text("%YAML 1.2\n---\n" + MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_visit(path) == load_visit(MINIMAL)


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%TAG ! tag:example.org,2026:"])
def it_names_a_directive_after_the_data_began(tmp_path: Path, directive: str) -> None:
    path = tmp_path / "visit.yaml"
    path.write_text(f"brief:\n  id: x\n{directive}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_visit(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col, problem.field) == (3, 1, "(file)")
    assert "YAML directive, allowed only before '---'" in problem.message
