"""Where the text of a PDF landed, page by page, from poppler's word boxes.

``pdftotext -bbox-layout`` gives every line with its box; :func:`body_lines` keeps the lines
between the page margins (the text area), dropping the classification markings, the footer
and the page numbers, so what is left is the flow of the document as a reader sees it.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.templates.theme import Theme

MM = 72 / 25.4
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    """One line of text on a page: its words, and its box in points from the top left."""

    page: int
    """The page number, from 1."""
    text: str
    x0: float
    top: float
    bottom: float


def body_lines(pdf: Path, theme: Theme) -> list[list[Line]]:
    """The lines of each page's text area, top to bottom (then left to right)."""
    page = PageGeometry.of(theme)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages: list[list[Line]] = []
    for number, element in enumerate(ET.fromstring(out).iter(f"{_NS}page"), start=1):
        height = float(element.get("height", "0"))
        top, bottom = page.top_mm * MM - 2, height - page.bottom_mm * MM + 2
        lines = []
        for line in element.iter(f"{_NS}line"):
            words = " ".join(w.text or "" for w in line.iter(f"{_NS}word"))
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "yMax")]
            if top <= box[1] and box[2] <= bottom and words.strip():
                lines.append(Line(number, words, box[0], box[1], box[2]))
        pages.append(sorted(lines, key=lambda line: (round(line.top), line.x0)))
    return pages


def pages_ending_with(pages: list[list[Line]], texts: set[str]) -> list[int]:
    """The pages whose lowest line is one of ``texts`` (a heading, say)."""
    return [
        number
        for number, lines in enumerate(pages, start=1)
        if lines and max(lines, key=lambda line: line.bottom).text in texts
    ]


def page_of(pages: list[list[Line]], text: str, *, start: bool = False) -> list[int]:
    """The pages with a line that is ``text`` (or, with ``start``, begins with it)."""
    return [
        number
        for number, lines in enumerate(pages, start=1)
        if any(line.text == text or (start and line.text.startswith(text)) for line in lines)
    ]


def lines_after(pages: list[list[Line]], text: str) -> list[Line]:
    """The lines on the same page below the first line that is ``text``."""
    for lines in pages:
        for line in lines:
            if line.text == text:
                return [other for other in lines if other.top >= line.bottom - 0.5]
    raise AssertionError(f"no line {text!r}")
