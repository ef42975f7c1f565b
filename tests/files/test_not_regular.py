"""A named pipe or a device given as an input file is refused at once, never read from:
reading one would wait for a writer for ever, or never reach the end."""

from __future__ import annotations

import os
from pathlib import Path

from clirun import kzrs


def it_refuses_a_named_pipe_as_data_recipients_or_annex(tmp_path: Path) -> None:
    pipe = tmp_path / "visit.yaml"
    os.mkfifo(pipe)
    check = kzrs("check", pipe, "/dev/zero", cwd=tmp_path)
    assert check.code == 1
    assert check.err.splitlines() == [
        f"{pipe}: is not a regular file (a pipe or a device), not a data file",
        "/dev/zero: is not a regular file (a pipe or a device), not a data file",
        "2 of 2 file(s) have problems",
    ]
    send = kzrs("send", "OFFICIAL:x.pdf", "--to", pipe, "--from", "a@example.org", cwd=tmp_path)
    assert send.code == 1
    assert f"{pipe}: is not a regular file (a pipe or a device), not a recipients file" in send.err
    (tmp_path / "pack.yaml").write_text(
        "title: T\nclassification: OFFICIAL\ndate: 2026-03-02\n"
        "documents:\n  - annex: visit.yaml\n    title: Pipe\n",
        encoding="utf-8",
    )
    pack = kzrs("pack", "pack.yaml", cwd=tmp_path)
    assert pack.code == 1
    assert "pack.yaml:5:12: documents[0].annex: not a regular file: " in pack.err
    assert not (tmp_path / "out").exists()
