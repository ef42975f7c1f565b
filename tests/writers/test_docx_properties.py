"""The Word writer's own paragraph and run properties (keep with next, alignment, bold,
italic) are exactly what python-docx writes, wherever the other properties already are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from kzrs_reports.writers.docx import oxml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

PARAGRAPH_PROPERTIES = [
    "",
    '<w:pStyle w:val="BodyText"/>',
    '<w:spacing w:after="120"/><w:rPr><w:b/></w:rPr>',
    '<w:pStyle w:val="X"/><w:keepNext w:val="0"/><w:ind w:left="360"/><w:jc w:val="left"/>'
    '<w:outlineLvl w:val="1"/>',
    '<w:numPr><w:numId w:val="3"/></w:numPr><w:textDirection w:val="lrTb"/><w:sectPr/>',
]
RUN_PROPERTIES = [
    "",
    '<w:rStyle w:val="Hyperlink"/>',
    '<w:rFonts w:ascii="PT Serif"/><w:sz w:val="20"/>',
    '<w:b w:val="0"/><w:color w:val="1D3557"/><w:lang w:val="sr-Latn-RS"/>',
    '<w:i/><w:caps/><w:u w:val="single"/>',
]


def _paragraph(properties: str) -> Any:
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return parse_xml(f"<w:p {W}>{ppr}<w:r><w:t>Vučić, Тоқаев</w:t></w:r></w:p>")


def _run(properties: str) -> Any:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return parse_xml(f"<w:r {W}>{rpr}<w:t>č</w:t></w:r>")


def _same(ours: Any, theirs: Any) -> None:
    assert etree.tostring(ours) == etree.tostring(theirs)


@pytest.mark.parametrize("properties", PARAGRAPH_PROPERTIES)
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (oxml.keep_with_next, lambda p: setattr(p.paragraph_format, "keep_with_next", True)),
        (
            lambda p: oxml.align(p, "center"),
            lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.CENTER),
        ),
        (
            lambda p: oxml.align(p, "right"),
            lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.RIGHT),
        ),
    ],
    ids=["keep with next", "centred", "right"],
)
def it_writes_paragraph_properties_as_python_docx_does(
    properties: str, ours: Callable[[Any], None], theirs: Callable[[Paragraph], None]
) -> None:
    mine, docx_own = _paragraph(properties), _paragraph(properties)
    ours(mine)
    ours(mine)  # a second time changes nothing
    theirs(Paragraph(docx_own, None))
    _same(mine, docx_own)


@pytest.mark.parametrize("properties", RUN_PROPERTIES)
def it_writes_bold_and_italic_as_python_docx_does(properties: str) -> None:
    for ours, name in ((oxml.set_bold, "bold"), (oxml.set_italic, "italic")):
        mine, docx_own = _run(properties), _run(properties)
        ours(mine)
        setattr(Run(docx_own, None), name, True)
        _same(mine, docx_own)
    both, docx_both = _run(properties), _run(properties)
    oxml.set_italic(both)
    oxml.set_bold(both)
    Run(docx_both, None).bold = Run(docx_both, None).italic = True
    _same(both, docx_both)
