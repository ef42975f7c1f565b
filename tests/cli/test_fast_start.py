"""``check``, ``schema`` and ``--help`` start fast: they import none of the heavy libraries.

Each command runs as a new process under ``python -X importtime``, which lists every module
the process imports. Timings vary with the machine and are not tested here; see
bench/start.py for them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"

HEAVY = ("reportlab", "docx", "matplotlib", "svglib", "fontTools", "PIL", "numpy")
"""What the writers and charts need: tens to hundreds of milliseconds each to import.
``check`` reads which characters the shipped fonts can draw from fonts/coverage.json;
fontTools is only for a theme's own fonts."""
NOT_NEEDED = ("jinja2", "markdown_it", "babel", "rich")
"""What only building a brief (or a progress bar) needs."""

IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)$")


def imported_packages(*args: str) -> set[str]:
    """Top-level packages a new ``kzrs-reports ARGS`` process imports (it must succeed)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kzrs_reports", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    modules = [m.group(1) for m in map(IMPORT_LINE.match, run.stderr.splitlines()) if m]
    assert "kzrs_reports" in modules  # the listing worked
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    "args", [("check", str(SAMPLE)), ("schema",), ("--help",)], ids=lambda a: a[0]
)
def it_starts_without_the_writers_and_charts_libraries(args: tuple[str, ...]) -> None:
    packages = imported_packages(*args)
    assert packages.isdisjoint(HEAVY), sorted(packages & set(HEAVY))
    assert packages.isdisjoint(NOT_NEEDED), sorted(packages & set(NOT_NEEDED))
