"""What a reader finds in a built brief, in a form that generated strings can be looked up in.

Both documents are reduced to their characters with every white-space character removed,
after NFKC normalisation (so a ligature such as ``ﬁ`` matches ``fi``), and so is each string
looked for. Removing white space, not collapsing it, is what makes a line break harmless
wherever it falls: the PDF writer breaks lines at spaces but also inside an unbroken run too
long for its column (a URL in a table cell), and neither writer hyphenates, so a break never
adds a character of its own. The PDF's text is read by pdftotext in the order it was drawn
(``-raw``: the layout modes interleave the lines of a table row's cells) and from the page's
body frame only, so the running header and footer never fall in the middle of a paragraph
split across pages.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from kzrs_reports.templates import load_template_set


def squeeze(text: str) -> str:
    """``text`` in NFKC with no white space at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_body(path: Path) -> str:
    """The text in the body frame of every page of the PDF at ``path``."""
    page = load_template_set(None).theme.page
    width, height = A4
    # The body frame and two points around it: the marking and the footer line lie
    # outside, half a margin or more away.
    top, bottom = page.margin_top_mm * mm - 2, page.margin_bottom_mm * mm - 2
    crop = ["-x", "0", "-y", str(int(top)), "-W", str(int(width) + 1)]
    crop += ["-H", str(int(height - top - bottom))]
    return subprocess.run(
        ["pdftotext", "-raw", "-r", "72", *crop, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_keywords(path: Path) -> str:
    """The PDF's Keywords property."""
    info = PdfReader(str(path)).metadata
    return str(info.get("/Keywords", "")) if info else ""


def docx_body(document: docx.document.Document) -> str:
    """Every run's text in the body, in order: paragraphs, hyperlinks, tables within tables."""
    return "\n".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def docx_alt_texts(document: docx.document.Document) -> str:
    """The alt text (``wp:docPr`` ``descr``) of every picture."""
    return "\n".join(
        element.get("descr", "")
        for element in document.element.body.iter()
        if element.tag.endswith("}docPr")
    )
