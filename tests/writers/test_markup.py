"""The writers' own XML escaping: what ``xml.sax.saxutils`` gives, without importing it."""

from __future__ import annotations

import subprocess
import sys
from xml.sax.saxutils import escape

import pytest

from kzrs_reports.writers.markup import escape_attr, escape_text

TEXTS = [
    "",
    "AT&T",
    "<b>bold</b>",
    "&amp; already escaped",
    'He said "yes" & left',
    "it's > 3 < 4",
    "Қазақстан & Србија: č, ć, ž",
    "{{ 7*7 }} <img src='x'>",
]


@pytest.mark.parametrize("text", TEXTS)
def it_escapes_text_as_saxutils_does(text: str) -> None:
    assert escape_text(text) == escape(text)


@pytest.mark.parametrize("text", TEXTS)
def it_escapes_attributes_as_saxutils_does_with_quotes(text: str) -> None:
    assert escape_attr(text) == escape(text, {'"': "&quot;"})


def it_prepares_both_writers_without_the_web_modules() -> None:
    script = (
        "import sys\n"
        "from kzrs_reports.writers.registry import writer_for\n"
        "writer_for('pdf').prepare()\n"
        "writer_for('docx').prepare()\n"
        "print(sorted({'urllib.request', 'http.client', 'ssl'} & set(sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "[]"
