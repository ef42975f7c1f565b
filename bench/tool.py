"""Running this checkout's kzrs-reports for the benchmark: commands, copies of the sample, watch.

Every command runs with this checkout's ``src/`` first on ``PYTHONPATH`` (:func:`tool_env`).
"""

from __future__ import annotations

import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generate import SAMPLE, tool_env
from rows import Failed, Result

TOOL = [sys.executable, "-m", "kzrs_reports"]
NOT_AVAILABLE = "n/a (not available)"
POLL = 0.002
"""Seconds between two looks at the outputs while waiting for a rebuild in watch."""


# -- running things --------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def run(command: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` with the tool's environment; raise :class:`Failed` unless 0."""
    done = subprocess.run(
        command, cwd=cwd, env=tool_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or [""]
        raise Failed(f"exit {done.returncode}: {lines[-1][:80]}")
    return done


def timed(command: Sequence[str], cwd: Path) -> float:
    """Seconds ``command`` takes as a new process."""
    start = time.perf_counter()
    run(command, cwd)
    return time.perf_counter() - start


def median_of(runs: int, once: Callable[[int], float]) -> Result:
    """The median of ``once(i)`` for ``i`` in ``range(runs)``, or the failure."""
    try:
        return Result(statistics.median(once(i) for i in range(runs)))
    except Failed as failure:
        return Result(None, f"failed: {failure}")


def fresh(work: Path, name: str) -> Path:
    """An empty folder ``work/name``."""
    path = work / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def tool_has(words: Sequence[str], option: str | None = None) -> bool:
    """Whether ``kzrs-reports WORDS`` exists (not exit 2), and has ``option`` if one is given."""
    done = subprocess.run(
        [*TOOL, *words, "--help"], env=tool_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return False
    return option is None or option in done.stdout


def build_command(files: Sequence[Path], out: Path, charts: Path) -> list[str]:
    return [*TOOL, "build", *map(str, files), "--out", str(out), "--charts-dir", str(charts)]


def edited(text: str, keys: Sequence[str | int], value: str) -> str:
    """The YAML ``text`` with the field at ``keys`` set to ``value`` (round trip)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data: Any = yaml.load(text)
    node = data
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Workspace:
    """A copy of the sample with its own out/ and charts/, built once."""

    data: Path
    out: Path
    charts: Path

    @property
    def command(self) -> list[str]:
        return build_command([self.data], self.out, self.charts)

    def stamps(self, folder: Path) -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


def workspace(work: Path, name: str) -> Workspace:
    """A fresh copy of the sample in ``work/name`` (not built yet)."""
    root = fresh(work, name)
    data = root / SAMPLE.name
    shutil.copyfile(SAMPLE, data)
    return Workspace(data, root / "out", root / "charts")


# -- watch -----------------------------------------------------------------------------------


Signature = tuple[int, int, int] | None


def signature(path: Path) -> Signature:
    """What changes when a file is rewritten or replaced: inode, mtime, size (None: absent)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Watcher:
    """``kzrs-reports watch`` on a copy of the sample, its stdout lines read into a queue."""

    def __init__(self, ws: Workspace, work: Path) -> None:
        command = [*TOOL, "watch", str(ws.data), "--out", str(ws.out)]
        command += ["--charts-dir", str(ws.charts)]
        self.process = subprocess.Popen(
            command,
            cwd=work,
            env=tool_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # As at a terminal: a shell starting this script in the background (`&`) makes
            # it ignore Ctrl-C, and that would pass down to watch.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines.put)).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors.append)).start()

    @staticmethod
    def _read(stream: Any, put: Callable[[str], None]) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def wait_line(self, timeout: float) -> str | None:
        """The next line watch prints, or None after ``timeout`` seconds."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()

    def alive(self) -> None:
        if self.process.poll() is not None:
            last = self.errors[-1:] or [""]
            raise Failed(f"watch exited {self.process.returncode}: {last[0][:80]}")

    def stop(self) -> str:
        """Ctrl-C, then what the exit said."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "did not stop on Ctrl-C"
        return "exit 0 on Ctrl-C" if code == 0 else f"exit {code} on Ctrl-C"


def wait_for(condition: Callable[[], bool], timeout: float, alive: Callable[[], None]) -> float:
    """Poll ``condition`` every :data:`POLL` seconds; the seconds it took to become true."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise Failed(f"nothing after {timeout:.0f} s")
        alive()
        time.sleep(POLL)
    return time.perf_counter() - start


def rebuild_seconds(watcher: Watcher, data: Path, text: str, outputs: list[Path]) -> float:
    """Write ``text`` to ``data``; seconds until every output has been replaced."""
    watcher.drain()
    before = [signature(p) for p in outputs]
    start = time.perf_counter()
    data.write_text(text, encoding="utf-8")

    def replaced() -> bool:
        return all(signature(p) not in (b, None) for p, b in zip(outputs, before, strict=True))

    wait_for(replaced, 30, watcher.alive)
    seconds = time.perf_counter() - start
    watcher.wait_line(10)  # its report of this rebuild: watch is idle again
    return seconds


def brief_id(data: Path) -> str:
    from ruamel.yaml import YAML

    return str(YAML(typ="safe").load(data.read_text(encoding="utf-8"))["brief"]["id"])
