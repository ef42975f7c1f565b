"""Outputs survive a power cut, not only a killed process: seen in the system calls of a real
build (strace), each file is flushed to disk before it takes its name and its folder after,
and a folder made for outputs is flushed into its parent."""

from __future__ import annotations

import os
from pathlib import Path

from clirun import SAMPLE
from syscalls import Call, flushes, made_folder, run_traced


def _renames(calls: list[Call], cwd: Path) -> list[tuple[int, str, str]]:
    """(index, temporary file, target) of every rename of a ``.part`` file onto its target."""
    found = []
    for index, call in enumerate(calls):
        if call.name.startswith("rename") and call.strings[0].endswith(".part"):
            temp, target = call.strings[:2]
            found.append((index, temp, os.path.normpath(cwd / target)))
    return found


def it_flushes_every_output_before_and_after_it_takes_its_name(tmp_path: Path) -> None:
    run = run_traced("build", SAMPLE, "--out", "out", "--charts-dir", "charts", cwd=tmp_path)
    assert run.code == 0, run.err
    calls = run.calls
    renames = _renames(calls, tmp_path)
    written = {Path(target).relative_to(tmp_path).as_posix() for _, _, target in renames}
    assert {"out/kz-rs-visit-2026.pdf", "out/kz-rs-visit-2026.docx"} <= written
    assert {"charts/kz-rs-visit-2026-timeline.svg", "charts/kz-rs-visit-2026-timeline.png"} <= (
        written
    )
    unsafe = []
    for index, temp, target in renames:
        pid = calls[index].pid
        mine = [c for c in calls if c.pid == pid]
        at = mine.index(calls[index])
        if not any(flushes(c, temp) for c in mine[:at]):
            unsafe.append(f"{target}: renamed before its data was flushed")
        if not any(flushes(c, os.path.dirname(target)) for c in mine[at + 1 :]):
            unsafe.append(f"{target}: its folder not flushed after the rename")
    assert unsafe == []
    for folder in ("out", "charts", "out/.kzrs"):  # made by the build: flushed into the parent
        made = next(i for i, c in enumerate(calls) if made_folder(c, folder))
        first = next(i for i, _, target in renames if target.startswith(f"{tmp_path / folder}/"))
        parent = os.path.dirname(tmp_path / folder)
        assert any(flushes(c, parent) for c in calls[made:first]), f"{folder} not flushed"
