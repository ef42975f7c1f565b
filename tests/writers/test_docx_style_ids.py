"""The Word writer looks up its styles' ids ahead of its first document, as python-docx
would look them up one by one."""

from __future__ import annotations

import io

import docx

from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.docx.styles import BRIEF_STYLES, StyleIds
from kzrs_reports.writers.docx.writer import DocxWriter, styled_template


def it_looks_up_every_brief_style_as_python_docx_does(theme: Theme) -> None:
    template = styled_template(theme, "sr-Latn")
    word = docx.Document(io.BytesIO(template.data))
    found: dict[tuple[str, object], str | None] = {}
    StyleIds(word.styles, found).look_up([*BRIEF_STYLES, "No Such Style"])
    assert len(found) == len(BRIEF_STYLES)  # every brief style is in the template
    for (name, kind), style_id in found.items():
        assert style_id == word.styles.get_style_id(name, kind), name
    assert found[("Heading 1", word.styles["Heading 1"].type)] == "Heading1"
    assert found[("Normal", word.styles["Normal"].type)] is None  # the default, as python-docx


def it_prepares_the_ids_its_first_document_uses(theme: Theme) -> None:
    DocxWriter().prepare(theme)
    known = styled_template(theme, "en-GB").style_ids
    assert {name for name, _ in known} >= set(BRIEF_STYLES)
