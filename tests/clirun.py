"""Running ``kzrs-reports`` as a user does, and reading what it wrote, for every test folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"


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


def page_words(path: Path, first: int, last: int | None = None) -> str:
    """The words of pages ``first`` to ``last`` (just ``first`` without it) of the PDF at
    ``path``, in reading order, one space apart."""
    pages = ["-f", str(first), "-l", str(last or first)]
    run = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return words(run.stdout)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def outline_titles(path: Path) -> list[str]:
    """Every bookmark title of the PDF at ``path``, depth first."""
    titles: list[str] = []

    def walk(entries: list[object]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(str(entry.title))  # type: ignore[attr-defined]

    walk(PdfReader(str(path)).outline)  # type: ignore[arg-type]
    return titles


def libreoffice_pdf(document: Path, out_dir: Path) -> Path:
    """Open ``document`` with LibreOffice as a reader would and save it as PDF in ``out_dir``.

    A missing LibreOffice fails the test: the README and .ci/run install it.
    """
    return libreoffice_pdfs([document], out_dir)[0]


def libreoffice_pdfs(
    documents: list[Path], out_dir: Path, *, fontconfig: Path | None = None
) -> list[Path]:
    """:func:`libreoffice_pdf` for several documents at once (one LibreOffice start), with
    the fonts ``fontconfig`` (a fontconfig file) lists instead of the machine's, if given."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office is not None, "no LibreOffice (apt-get install libreoffice-writer-nogui)"
    profile = out_dir / ".lo-profile"
    env = {**os.environ, **({"FONTCONFIG_FILE": str(fontconfig)} if fontconfig else {})}
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return [out_dir / f"{document.stem}.pdf" for document in documents]


def fontconfig_without(word: str, folder: Path) -> Path:
    """A fontconfig file (written in ``folder``) for the machine's fonts less every file whose
    path has ``word`` in it (lower case, capitalised or upper case): a machine without them."""
    rejects = "".join(
        f"<rejectfont><glob>{root}/*{spelling}*</glob></rejectfont>"
        for root in ("/usr/share/fonts", "/usr/local/share/fonts")
        for spelling in sorted({word.lower(), word.capitalize(), word.upper()})
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<fontconfig>'
        "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
        f"<cachedir>{folder / 'fc-cache'}</cachedir>"
        f"<selectfont>{rejects}</selectfont></fontconfig>\n",
        encoding="utf-8",
    )
    return path
