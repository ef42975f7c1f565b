"""The garbage collector is paused for a command, and only for it."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kzrs_reports.cli.check
from kzrs_reports.cli import main
from kzrs_reports.core import collector

SAMPLE = Path(__file__).parents[2] / "data" / "kz-rs-visit-2026.yaml"


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    collector.restore()
    gc.enable() if enabled else gc.disable()


def test_a_command_runs_with_the_collector_paused_and_restores_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = []
    check_files = kzrs_reports.cli.check.check_files

    def spy(*args: object, **kwargs: object) -> int:
        seen.append(gc.isenabled())
        return check_files(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kzrs_reports.cli.check, "check_files", spy)
    monkeypatch.setattr(sys, "argv", ["kzrs-reports", "check", str(SAMPLE)])
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.enable()
    gc.callbacks.append(count)
    try:
        with pytest.raises(SystemExit) as exit_:
            main()
    finally:
        gc.callbacks.remove(count)
    assert exit_.value.code == 0
    assert seen == [False]
    # None while it ran, and none set off by its end walking all it made.
    assert collections == []
    assert gc.isenabled()
    assert capsys.readouterr().out.startswith(f"{SAMPLE}: ok")


def test_resume_collects_from_then_on_and_freezes_what_was_made() -> None:
    gc.enable()
    frozen = gc.get_freeze_count()
    collector.pause()
    assert not gc.isenabled()
    kept = [object() for _ in range(10)]
    collector.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen
    assert kept
    gc.unfreeze()


def test_without_a_pause_resume_and_restore_change_nothing() -> None:
    gc.disable()
    frozen = gc.get_freeze_count()
    collector.resume()
    collector.restore()
    assert not gc.isenabled()  # the program's own choice stands
    assert gc.get_freeze_count() == frozen
