"""Time the sample pack and a mail-out's dry run as a user runs them. Run by hand.

    python bench/pack.py [--runs N] [--recipients N]

Prints the median wall time of ``N`` runs (default 5) of: ``pack`` in an empty folder (every
document built), ``pack`` again (every document up to date: the cover, binding and stamping
only), and ``send --attach parts`` as a dry run to a list of ``--recipients`` (default 200)
recipients; then the sizes of the pack and of its parts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"
PACK_PDF = "kz-rs-pack-2026.pdf"


def kzrs(args: list[str], cwd: Path) -> float:
    """Run ``kzrs-reports`` with ``args`` as a new process; return its wall time."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kzrs_reports", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def recipients(path: Path, count: int) -> None:
    """Write ``count`` recipients, a quarter of them cleared SECRET."""
    rows = ["name,email,organisation,clearance,language"]
    for n in range(count):
        clearance = "SECRET" if n % 4 == 0 else "OFFICIAL"
        rows.append(f"Reader {n},reader{n}@example.org,MFA,{clearance},en")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    """Print the timings and sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--recipients", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cold, warm, dry = [], [], []
        for _ in range(options.runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            shutil.rmtree(work / "charts", ignore_errors=True)
            cold.append(kzrs(["pack", str(PACK)], work))
            warm.append(kzrs(["pack", str(PACK)], work))
        recipients(work / "recipients.csv", options.recipients)
        send = ["send", str(PACK), "--to", "recipients.csv", "--from", "briefs@example.org"]
        for _ in range(options.runs):
            dry.append(kzrs([*send, "--attach", "parts"], work))
        out = work / "out"
        parts = [p for p in out.glob("*.pdf") if p.name != PACK_PDF]
        messages = len(list((out / "outbox").glob("*.eml")))
        print(f"median of {options.runs} runs")
        print(f"pack, every document built       {statistics.median(cold):6.2f} s")
        print(f"pack, every document up to date  {statistics.median(warm):6.2f} s")
        print(
            f"send --attach parts, dry run     {statistics.median(dry):6.2f} s "
            f"({options.recipients} recipients, {messages} .eml written)"
        )
        size = (out / PACK_PDF).stat().st_size
        total = sum(p.stat().st_size for p in parts)
        print(f"pack PDF                         {size / 1024:6.0f} KB")
        print(f"its {len(parts)} parts, summed            {total / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
