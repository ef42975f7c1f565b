"""Time how long ``check``, ``schema`` and ``--help`` take as a new process. Run by hand.

    python bench/start.py [--runs N]

Prints, per command, the median wall time and the median CPU time (user + system) of ``N``
runs (default 9), interleaved so that a busy spell of the machine hits every command alike.
CPU time is steadier than wall time on a shared machine; the target (≤ 0.25 s) is wall time.

The commands run as an installed package does, with Python's bytecode cache: the script drops
PYTHONDONTWRITEBYTECODE for them (``--no-bytecode`` keeps it, and every module of a source
checkout is then compiled anew on each run, some 20–40 ms more).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
COMMANDS = {
    "check": ["check", str(SAMPLE)],
    "schema": ["schema"],
    "--help": ["--help"],
    "python -c pass": None,
}


def run_once(args: list[str] | None, env: dict[str, str]) -> tuple[float, float]:
    """Run one command as a new process; return (wall seconds, CPU seconds)."""
    command = [sys.executable, "-c", "pass"] if args is None else [sys.executable, "-m"]
    if args is not None:
        command += ["kzrs_reports", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE")
    options = parser.parse_args()
    runs = max(options.runs, 5)
    env = dict(os.environ)
    if not options.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    cached = "no bytecode cache" if "PYTHONDONTWRITEBYTECODE" in env else "bytecode cached"
    env_path = env.get("PYTHONPATH", "")
    print(f"{sys.executable} (PYTHONPATH={env_path or '-'}, {cached}), median of {runs} runs")
    for args in COMMANDS.values():  # warm the disk cache and the bytecode cache
        run_once(args, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, args in COMMANDS.items():
            times[name].append(run_once(args, env))
    print(f"{'command':16} {'wall s':>7} {'cpu s':>7}")
    for name, samples in times.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"{name:16} {wall:7.3f} {cpu:7.3f}")


if __name__ == "__main__":
    main()
