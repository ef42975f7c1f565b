"""Reading what a hostile case built: its text as a reader gets it, and whether the PDF is sound."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
from collections.abc import Iterable
from email.message import EmailMessage
from pathlib import Path

import docx
from pypdf import PdfReader

_WEB = ("http://", "https://", "mailto:")
"""Where a link in a brief may lead, besides a place in the document itself."""


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (table cells stay together, unlike ``-layout``)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


def docx_text(path: Path) -> str:
    """The DOCX's text: paragraphs, table cells (nested too), headers and footers."""
    document = docx.Document(str(path))
    parts: list[str] = []

    def cells(tables: Iterable[object]) -> None:
        for table in tables:
            for row in table.rows:  # type: ignore[attr-defined]
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    parts.extend(p.text for p in document.paragraphs)
    cells(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
            cells(part.tables)
    return "\n".join(parts)


def docx_problems(path: Path) -> list[str]:
    """Links in the DOCX to anything but a web address, and parts it pulls from outside it."""
    document = docx.Document(str(path))
    problems = []
    parts = [document.part, *(s.header.part for s in document.sections)]
    parts += [s.footer.part for s in document.sections]
    for part in parts:
        for rel in part.rels.values():
            if rel.is_external and not rel.target_ref.startswith(_WEB):
                problems.append(f"{path.name}: an external {rel.reltype} to {rel.target_ref!r}")
    return problems


def message_texts(emls: Iterable[Path]) -> tuple[str, str]:
    """The plain-text and the HTML bodies of the ``.eml`` files, each joined into one text."""
    plain, html = [], []
    for path in emls:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for part in message.walk():
            kind = part.get_content_type()
            if kind in ("text/plain", "text/html") and isinstance(part, EmailMessage):
                (plain if kind == "text/plain" else html).append(str(part.get_content()))
    return "\n".join(plain), "\n".join(html)


def found(wanted: str, text: str) -> bool:
    """Whether ``wanted`` is in ``text`` word for word: a space in ``wanted`` matches any run
    of white space, and a word may be broken across lines anywhere (a writer wraps a word too
    long for its table cell, such as a 500-character URL, where it must)."""
    words = (r"\s*".join(map(re.escape, word)) for word in wanted.split())
    return re.search(r"\s+".join(words), text) is not None


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*)</word>'
)


def pdf_problems(pdf: Path, edges: bool) -> list[str]:
    """``qpdf --check`` failures, links that act on anything but a web address or a place in
    the document, and (with ``edges``) words that run off their page."""
    problems = []
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    if check.returncode != 0:
        problems.append(f"qpdf --check fails on {pdf.name}:\n{check.stdout[-1000:]}{check.stderr}")
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind, uri = str(action.get("/S")), str(action.get("/URI", ""))
            if kind not in ("/URI", "/GoTo") or (kind == "/URI" and not uri.startswith(_WEB)):
                problems.append(f"{pdf.name} page {number}: a link that does {kind} {uri!r}")
    if not edges:
        return problems
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    width = height = 0.0
    page = 0
    for line in bbox.splitlines():
        if match := _PAGE.search(line):
            width, height = float(match[1]), float(match[2])
            page += 1
        elif match := _WORD.search(line):
            x0, y0, x1, y1 = (float(match[i]) for i in range(1, 5))
            if x0 < -0.5 or y0 < -0.5 or x1 > width + 0.5 or y1 > height + 0.5:
                problems.append(f"{pdf.name} page {page}: {match[5][:40]!r} runs off the page")
    return problems
