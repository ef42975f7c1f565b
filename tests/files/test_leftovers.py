"""Temporary files: a killed writer's are cleared by the next write, a live writer's never."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kzrs_reports.core.errors import WriteError
from kzrs_reports.core.files import atomic_path, remove_leftovers

HOLD = """
import sys
from pathlib import Path
from kzrs_reports.core.files import atomic_path
with atomic_path(Path(sys.argv[1])) as temp:
    temp.write_bytes(b"half a file")
    print(temp, flush=True)
    sys.stdin.read()  # writing until told to stop, or killed
"""


def it_keeps_a_live_writers_file_and_clears_a_killed_ones(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"the old brief")
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    temp = Path(writer.stdout.readline().strip())
    assert temp.parent == tmp_path and temp.name.startswith(".brief.pdf.")
    assert remove_leftovers(tmp_path) == [] and temp.exists()
    with atomic_path(target) as mine:  # a second writer of the same file meanwhile
        mine.write_bytes(b"a new brief")
    assert temp.exists() and target.read_bytes() == b"a new brief"
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate()
    assert remove_leftovers(tmp_path) == [temp] and not temp.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def it_names_the_target_not_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    with pytest.raises(WriteError) as raised, atomic_path(target) as temp:
        raise OSError(28, "No space left on device", str(temp))
    assert str(raised.value) == f"{target}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def it_lets_a_failure_to_read_another_file_through(tmp_path: Path) -> None:
    missing = tmp_path / "font.ttf"
    with pytest.raises(FileNotFoundError) as raised, atomic_path(tmp_path / "brief.pdf"):
        missing.read_bytes()
    assert raised.value.filename == str(missing)
    assert list(tmp_path.iterdir()) == []
