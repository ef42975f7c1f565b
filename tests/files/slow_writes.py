"""``kzrs-reports ARGS`` with every file it writes inside the working folder written slowly.

Usage: ``python slow_writes.py ARGS…`` (run in the working folder). Every file opened for
writing under the working folder is written flushed, with a pause of :data:`PAUSE` seconds
after each :data:`CHUNK` bytes, so a file is visibly half-written for a while. The program is
otherwise the real one. A build writes its files in a few milliseconds, so a kill at a random
moment would almost never land inside a write; slowed down, the kill tests' random moments
land inside writes often, and a writer that wrote straight onto its target is caught.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
import time
from typing import Any

CHUNK = 16 * 1024
PAUSE = 0.03
HERE = os.getcwd() + os.sep

_open = io.open


class SlowFile:
    """A file object whose writes trickle out in flushed chunks."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._unpaused = 0
        """Bytes written since the last pause: writers that write many small pieces (an SVG
        element at a time) pause as often as those writing the whole file at once."""

    def write(self, data: Any) -> int:
        written = 0
        for start in range(0, len(data), CHUNK):
            piece = data[start : start + CHUNK]
            written += self._file.write(piece)
            self._file.flush()
            self._unpaused += len(piece)
            if self._unpaused >= CHUNK:
                self._unpaused -= CHUNK
                time.sleep(PAUSE)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> SlowFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.__exit__(*exc)


def slow_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    opened = _open(file, mode, *args, **kwargs)
    writing = any(c in mode for c in "wax+")
    if writing and isinstance(file, str | bytes | os.PathLike):
        inside = os.path.abspath(os.fsdecode(file)).startswith(HERE)
        return SlowFile(opened) if inside else opened
    return opened


if __name__ == "__main__":
    builtins.open = io.open = slow_open  # type: ignore[assignment]
    from kzrs_reports.cli import main

    sys.argv = ["kzrs-reports", *sys.argv[1:]]
    main()
