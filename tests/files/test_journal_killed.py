"""The send journal is updated in place: a process killed in the middle of recording leaves a
journal that opens, passes SQLite's integrity check, and holds every update made before the
kill and nothing of a half-made one."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kzrs_reports.distribution.journal import Journal

RECORDING = """
import sys
from pathlib import Path
from kzrs_reports.distribution.journal import Journal
run = sys.argv[2]
with Journal(Path(sys.argv[1])) as journal:
    for n in range(1_000_000):
        key = f"{run}-{n}"
        journal.begin(key, "pack", f"{run}-{n}@example.org", "Brief", ["brief.pdf"], f"<{key}@x>")
        journal.accepted(key)
        if n == 10:
            print("recording", flush=True)
"""


def it_keeps_every_recorded_message_when_killed_while_recording(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite"
    rng = random.Random(27)
    for run in ("a", "b", "c"):
        writer = subprocess.Popen(
            [sys.executable, "-c", RECORDING, str(path), run], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "recording\n"
        time.sleep(rng.uniform(0.0, 0.3))
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with Journal(path) as journal:
            mine = [(a, s) for a, _, s in journal.entries() if a.startswith(f"{run}-")]
        assert [a for a, _ in mine] == [f"{run}-{n}@example.org" for n in range(len(mine))]
        assert len(mine) > 10
        assert all(s == "sent" for _, s in mine[:-1]) and mine[-1][1] in ("sending", "sent")
