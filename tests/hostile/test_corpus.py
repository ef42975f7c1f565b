"""The hostile corpus through every command: each case refused with exactly its messages, or
built with its text printed as typed (see corpus.py for the layout and the outcome files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import COMMANDS, discover, unexplained
from runner import Result, run_corpus

CASES = discover()
RUNS = [(case.id, command) for case in CASES for command in COMMANDS[case.kind]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Result]:
    ran = run_corpus(tmp_path_factory.mktemp("hostile"))
    return {(r.case.id, r.command): r for r in ran}


def it_has_an_outcome_for_every_case_and_a_case_for_every_outcome() -> None:
    assert unexplained() == []
    assert {c.kind for c in CASES} == set(COMMANDS)


@pytest.mark.parametrize(("case", "command"), RUNS, ids=[f"{c}:{cmd}" for c, cmd in RUNS])
def it_ends_as_its_outcome_file_says(
    results: dict[tuple[str, str], Result], case: str, command: str
) -> None:
    result = results[(case, command)]
    assert result.as_expected, f"{case} under {command}: {result.outcome}\n" + "\n".join(
        result.problems
    )


def it_runs_every_case_once_per_command(results: dict[tuple[str, str], Result]) -> None:
    assert sorted(results) == sorted(RUNS)


def it_lets_no_payload_run(results: dict[tuple[str, str], Result]) -> None:
    assert results  # the corpus ran, payloads included
    assert not Path("/tmp/kzrs-hostile-cve-2023-33733").exists()
    assert not Path("/tmp/kzrs-hostile-pack-tag").exists()
