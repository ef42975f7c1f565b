"""Running ``kzrs-reports`` under strace, to see what it asks of the disk: what is flushed,
renamed and written, in which order, by which process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TRACED = "openat,mkdir,mkdirat,fsync,fdatasync,rename,renameat,renameat2,pwrite64,sendto"
_CALL = re.compile(r"^(\d+)\s+(\w+)\((.*)$")  # strace pads a short pid with spaces
_FD = re.compile(r"^-?\d+<(.*?)>")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Call:
    """One system call as strace saw it start."""

    pid: int
    name: str
    args: str

    @property
    def fd_path(self) -> str:
        """What the call's first argument, a descriptor, is open on (``strace -y``)."""
        match = _FD.match(self.args)
        return match[1] if match else ""

    @property
    def strings(self) -> list[str]:
        """The call's string arguments (paths, the start of data sent)."""
        return _STRING.findall(self.args)


@dataclass(frozen=True)
class Traced:
    """How the command ended, and every traced call it and its children made."""

    code: int
    out: str
    err: str
    calls: list[Call]


def run_traced(*args: str | Path, cwd: Path) -> Traced:
    """Run ``kzrs-reports`` with ``args`` in ``cwd`` under strace (children too).

    A missing strace fails the test: the README and .ci/run install it.
    """
    strace = shutil.which("strace")
    assert strace is not None, "no strace (apt-get install strace)"
    log = cwd / ".strace.log"
    result = subprocess.run(
        [
            strace,
            "-f",
            "-qq",
            "-y",
            "-e",
            "signal=none",
            "-e",
            f"trace={TRACED}",
            "-o",
            str(log),
            sys.executable,
            "-m",
            "kzrs_reports",
            *map(str, args),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
    )
    calls = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _CALL.match(line)
        if match:
            calls.append(Call(int(match[1]), match[2], match[3]))
    log.unlink()
    return Traced(result.returncode, result.stdout, result.stderr, calls)


def made_folder(call: Call, path: str) -> bool:
    """True if ``call`` made the folder ``path`` (its path as given, relative or not)."""
    return (
        call.name in ("mkdir", "mkdirat")
        and path in call.strings
        and call.args.rstrip().endswith("= 0")
    )


def flushes(call: Call, path: str) -> bool:
    """True if ``call`` flushes the file or folder at ``path`` to disk."""
    return call.name in ("fsync", "fdatasync") and call.fd_path == path
