"""A face makes each font subset once while later documents embed it again: the same bytes,
kept by their characters, the last few per face."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.pdf.fonts import KEPT_SUBSETS, register_fonts

CYRILLIC = [ord(c) for c in " Астана Қазақстан Ђорђе"]
LATIN = [ord(c) for c in " Vučić Beograd"]


def it_makes_a_subset_once_for_every_document_that_embeds_it(theme: Theme) -> None:
    face = pdfmetrics.getFont(register_fonts(theme).serif.regular).face
    first = face.makeSubset(CYRILLIC)
    assert face.makeSubset(list(CYRILLIC)) is first  # kept, not made again
    assert first == TTFontFile.makeSubset(face, CYRILLIC)  # the bytes ReportLab makes
    other = face.makeSubset(LATIN)
    assert other != first and face.makeSubset(LATIN) is other
    for n in range(KEPT_SUBSETS):
        face.makeSubset([*LATIN, 0x0430 + n])
    assert face.makeSubset(CYRILLIC) is not first  # only the last few are kept
    assert face.makeSubset(CYRILLIC) == first
