"""Time the sample pack and its mail-outs as a user runs them. Run by hand.

    python bench/pack.py [--runs N] [--recipients N] [--lists 2000,10000] [--mail-runs N]

Prints the machine and date, then a table: the median wall time of ``--runs`` runs (default
5) of ``pack`` in an empty folder (every document built), ``pack`` again (every document up
to date: the cover, binding and stamping only), and ``send --attach parts`` as a dry run to
``--recipients`` (default 200) recipients; then, for each list in ``--lists`` (default 2,000
and 10,000 recipients), ``send --attach parts`` as a dry run and as a real send to an
aiosmtpd server on 127.0.0.1 started here in a thread (``--no-tls``, the rate limit lifted
with ``--per-minute``), each with its wall time, its CPU time and the peak memory (RSS) of
the ``send`` process, the median of ``--mail-runs`` runs (default 1: a list of 10,000 writes
some 4.6 GB of messages), each beside its target; then the sizes of the pack and its parts.
Progress goes to stderr. Everything runs in a temporary folder with this checkout's ``src/``
first on ``PYTHONPATH``. Timings depend on what else the machine is doing, so compare
figures from the same run; the CPU time is the steadier figure on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generate import tool_env
from rows import Row, machine, show_seconds, table, yes_no

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
PACK_PDF = "kz-rs-pack-2026.pdf"
SENDER = "briefs@example.org"
DRY_RUN_SECONDS = {2000: 5.0}
"""The issue's targets for a dry run's wall time, by the length of the list."""
PEAK_MB = 200.0
"""The issue's peak memory of a mail-out (for 2,000; a mail-out must not grow with its list)."""


@dataclass(frozen=True)
class Measured:
    """One run of a command: wall and CPU seconds, peak RSS in MB."""

    wall: float
    cpu: float
    peak_mb: float


def kzrs(args: list[str], cwd: Path) -> Measured:
    """Run ``kzrs-reports`` with ``args`` as a new process; measure it alone (``wait4``)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kzrs_reports", *args],
            cwd=cwd,
            env=tool_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if process.returncode != 0:
            log.seek(0)
            raise SystemExit(f"kzrs-reports {' '.join(args)} failed:\n{log.read().decode()}")
    # ru_maxrss is in kilobytes on Linux
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def progress(message: str) -> None:
    """Say what is being measured, on stderr."""
    print(f"… {message}", file=sys.stderr, flush=True)


def recipients(path: Path, count: int) -> None:
    """Write ``count`` recipients, a quarter of them cleared SECRET."""
    rows = ["name,email,organisation,clearance,language"]
    for n in range(count):
        clearance = "SECRET" if n % 4 == 0 else "OFFICIAL"
        rows.append(f"Reader {n},reader{n}@example.org,MFA,{clearance},en")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


class _Counter:
    """An aiosmtpd handler that counts the messages and keeps none."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 Message accepted"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def mail_rows(label: str, runs: list[Measured], limit: float | None, note: str) -> list[Row]:
    """Time and peak memory of a mail-out, each beside its target."""
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    peak = statistics.median(r.peak_mb for r in runs)
    timed = Row(f"{label}: time", show_seconds(wall), note=f"CPU {show_seconds(cpu)}; {note}")
    if limit is not None:
        timed = Row(
            timed.what,
            timed.median,
            f"{wall / limit:.2f} × target",
            f"≤ {limit:g} s",
            yes_no(wall <= limit),
            timed.note,
        )
    memory = Row(
        f"{label}: peak RSS",
        f"{peak:.0f} MB",
        f"{peak / PEAK_MB:.2f} × target",
        f"≤ {PEAK_MB:.0f} MB",
        yes_no(peak <= PEAK_MB),
    )
    return [timed, memory]


def _forget_sent(out: Path) -> None:
    """Remove the send journal, so that every message of a run is new."""
    for journal in out.glob("sent.sqlite*"):
        journal.unlink()


def mail_outs(work: Path, count: int, runs: int) -> list[Row]:
    """The dry run and the real send of ``--attach parts`` to ``count`` recipients."""
    from aiosmtpd.controller import Controller

    listed = f"recipients-{count}.csv"
    recipients(work / listed, count)
    send = ["send", str(PACK), "--to", listed, "--from", SENDER, "--attach", "parts"]
    out = work / "out"
    _forget_sent(out)  # a dry run after a real send would leave out what that send sent
    dry: list[Measured] = []
    for n in range(runs):
        progress(f"dry run to {count:,} recipients ({n + 1} of {runs})")
        shutil.rmtree(out / "outbox", ignore_errors=True)
        dry.append(kzrs(send, work))
    written = len(list((out / "outbox").glob("*.eml")))
    size = sum(p.stat().st_size for p in (out / "outbox").glob("*.eml"))
    shutil.rmtree(out / "outbox", ignore_errors=True)

    handler = _Counter()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    used = resource.getrusage(resource.RUSAGE_SELF)
    before = used.ru_utime + used.ru_stime  # the server runs in this process
    real: list[Measured] = []
    try:
        for n in range(runs):
            progress(f"real send to {count:,} recipients on 127.0.0.1 ({n + 1} of {runs})")
            _forget_sent(out)
            smtp = ["--send", "--smtp", f"127.0.0.1:{port}", "--no-tls"]
            real.append(kzrs([*send, *smtp, "--per-minute", "1000000"], work))
    finally:
        controller.stop()
    used = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = used.ru_utime + used.ru_stime - before
    received = handler.received // runs
    return [
        *mail_rows(
            f"dry run, {count:,} recipients",
            dry,
            DRY_RUN_SECONDS.get(count),
            f"{written:,} .eml, {size / 2**30:.2f} GB",
        ),
        *mail_rows(
            f"send to 127.0.0.1, {count:,} recipients",
            real,
            None,
            f"{received:,} received by aiosmtpd, which took CPU {show_seconds(server_cpu / runs)}",
        ),
    ]


def main() -> None:
    """Print the machine, the table of timings and the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--recipients", type=int, default=200)
    parser.add_argument("--lists", default="2000,10000", help="list lengths (2000,10000)")
    parser.add_argument("--mail-runs", type=int, default=1, help="runs per long list (1)")
    options = parser.parse_args()
    header = machine()
    lists = [int(n) for n in options.lists.split(",") if n.strip()]
    with tempfile.TemporaryDirectory(prefix="kzrs-bench-pack-") as tmp:
        work = Path(tmp)
        cold, warm, dry = [], [], []
        for n in range(options.runs):
            progress(f"pack, cold and up to date ({n + 1} of {options.runs})")
            shutil.rmtree(work / "out", ignore_errors=True)
            shutil.rmtree(work / "charts", ignore_errors=True)
            cold.append(kzrs(["pack", str(PACK)], work).wall)
            warm.append(kzrs(["pack", str(PACK)], work).wall)
        recipients(work / "recipients.csv", options.recipients)
        send = ["send", str(PACK), "--to", "recipients.csv", "--from", SENDER]
        for n in range(options.runs):
            progress(f"dry run to {options.recipients} recipients ({n + 1} of {options.runs})")
            dry.append(kzrs([*send, "--attach", "parts"], work).wall)
        out = work / "out"
        messages = len(list((out / "outbox").glob("*.eml")))
        rows = [
            Row("pack, every document built", show_seconds(statistics.median(cold))),
            Row("pack, every document up to date", show_seconds(statistics.median(warm))),
            Row(
                f"send --attach parts, dry run, {options.recipients} recipients",
                show_seconds(statistics.median(dry)),
                note=f"{messages} .eml written",
            ),
        ]
        for count in lists:
            rows += mail_outs(work, count, options.mail_runs)
        parts = [p for p in out.glob("*.pdf") if p.name != PACK_PDF]
        size = (out / PACK_PDF).stat().st_size
        total = sum(p.stat().st_size for p in parts)
    print(f"kzrs-reports pack benchmark · {header}")
    print(
        f"pack and the short dry run: the median of {options.runs} runs; the long lists: "
        f"of {options.mail_runs}\n"
    )
    print(table(rows))
    print(f"\npack PDF {size / 1024:.0f} KB; its {len(parts)} parts, summed, {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
