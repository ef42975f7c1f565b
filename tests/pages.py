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


@dataclass(frozen=True)
class Word:
    """One word on a page and its box, in points from the page's bottom left."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


def page_words_boxed(pdf: Path, page: int) -> list[Word]:
    """Every word of ``page`` (from 1) with its box, in pdftotext's reading order."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (element,) = ET.fromstring(out).iter(f"{_NS}page")
    height = float(element.get("height", "0"))
    return [
        Word(
            word.text or "",
            float(word.get("xMin", "0")),
            height - float(word.get("yMax", "0")),
            float(word.get("xMax", "0")),
            height - float(word.get("yMin", "0")),
        )
        for word in element.iter(f"{_NS}word")
    ]


def embedded_fonts(pdf: Path, first: int | None = None, last: int | None = None) -> list[str]:
    """The name of every font of ``pdf`` (of pages ``first`` to ``last``), each checked to be
    embedded as a subset; pdffonts lists them."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    listing = subprocess.run(
        ["pdffonts", *pages, str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = []
    for line in listing:
        name, *_, emb, sub, _uni, _obj, _gen = line.split()
        assert (emb, sub) == ("yes", "yes"), line
        names.append(name)
    return names
