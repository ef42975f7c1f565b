"""Running ``kzrs-reports`` as a user does, and reading what it wrote, for every test folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-state-visit-2026.yaml"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def kzrs(*args: str | Path, cwd: Path = ROOT) -> Run:
    """Run ``kzrs-reports`` as a user would (``python -m`` so the venv's package is used)."""
    result = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return Run(result.returncode, result.stdout, result.stderr)


def words(text: str) -> str:
    """Text with every run of white space (line and page wraps) as one space."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
