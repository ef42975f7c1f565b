"""Mutate the sample every which way: the loader returns or raises DataError, never crashes.

Each mutation deletes one key, or replaces one scalar with a list, null, a huge integer or
text holding a control character. To keep the run short, one occurrence of each field
kind in a section is mutated (``agreements[*].title`` once, not seven times); set KZRS_FUZZ_ALL=1 to
mutate every occurrence. Mutated data is written as JSON (fast to write, and read by the same
YAML parser as any data file); YAML-level damage is covered by truncating the sample.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from kzrs_reports.core.errors import DataError
from kzrs_reports.load import load_visit

SAMPLE = Path(__file__).parents[2] / "data" / "kz-rs-visit-2026.yaml"
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: \S.*: .+$")
REPLACEMENTS: dict[str, Any] = {
    "list": [1, 2],
    "null": None,
    "huge": 10**30,
    "control": "bad\x0bvalue",
}
Path_ = tuple[str | int, ...]


def _paths(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, bool]]:
    """Yield (path, is_scalar) for every key and list item."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), not isinstance(value, dict | list)
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if not isinstance(value, dict | list):
                yield (*path, i), True
            yield from _paths(value, (*path, i))


def _pattern(path: Path_) -> Path_:
    """The section and the field's own name: ``("agreements", "title")``."""
    return (path[0], path[-1] if isinstance(path[-1], str) else "*", len(path))


ORIGINAL = YAML(typ="safe").load(SAMPLE)


def _mutations() -> list[tuple[str, Path_, str]]:
    data = ORIGINAL
    seen: set[tuple[Path_, bool]] = set()
    cases = []
    for path, scalar in _paths(data):
        key = (_pattern(path), scalar)
        if key in seen and not os.environ.get("KZRS_FUZZ_ALL"):
            continue
        seen.add(key)
        if isinstance(path[-1], str):
            cases.append(("delete", path, "delete"))
        if scalar:
            cases += [("replace", path, name) for name in REPLACEMENTS]
    return cases


def _mutated(path: Path_, how: str) -> str:
    data = copy.deepcopy(ORIGINAL)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if how == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = REPLACEMENTS[how]
    return json.dumps(data, default=str, ensure_ascii=False)


def _assert_loads_or_reports(path: Path) -> None:
    try:
        load_visit(path)
    except DataError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM_LINE.match(str(problem)), str(problem)


CASES = _mutations()


@pytest.mark.parametrize(
    ("kind", "path", "how"), CASES, ids=[f"{h}-{'.'.join(map(str, p))}" for _, p, h in CASES]
)
def test_a_mutated_sample_loads_or_reports(
    tmp_path: Path, kind: str, path: Path_, how: str
) -> None:
    target = tmp_path / "visit.json"
    target.write_text(_mutated(path, how), encoding="utf-8")
    _assert_loads_or_reports(target)


@pytest.mark.parametrize("cut", range(0, 100, 7))
def test_a_truncated_sample_loads_or_reports(tmp_path: Path, cut: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    target = tmp_path / "visit.yaml"
    target.write_text(text[: len(text) * cut // 100], encoding="utf-8")
    _assert_loads_or_reports(target)
