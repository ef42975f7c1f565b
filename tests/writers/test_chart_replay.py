"""A chart is walked node by node once per process; later documents get the page content it
made again, with the bytes a walk gives: the same document, one with new letters before the
chart, a canvas in another state, and a drawing that must always be walked."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from documents import sample_document
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfgen.canvas import Canvas

from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.pdf import flowables, replay
from kzrs_reports.writers.pdf.fonts import register_fonts


def _walked(drawing: Drawing, canvas: Any) -> None:
    drawing.drawOn(canvas, 0, 0)


def _with_new_letters(document: nodes.Document) -> nodes.Document:
    """``document`` with a paragraph of letters it has nowhere else at its start."""
    new = nodes.Paragraph((nodes.Text("Ђорђе Қазақ Ңң Өө Ұұ Үү Һһ ž ć — a paragraph of its own."),))
    return replace(document, blocks=(new, *document.blocks))


def it_writes_a_later_document_from_the_first_walk_with_the_bytes_of_a_walk(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = sample_document(*charts)
    documents = [sample, _with_new_letters(sample), sample]
    with monkeypatch.context() as walking:
        walking.setattr(flowables, "draw_drawing", _walked)
        expected = [
            write_document(d, theme, tmp_path / f"walked-{n}.pdf").path.read_bytes()
            for n, d in enumerate(documents)
        ]
    monkeypatch.setattr(replay, "_recordings", type(replay._recordings)())
    walks = replay.walks
    written = [
        write_document(d, theme, tmp_path / f"kept-{n}.pdf").path.read_bytes()
        for n, d in enumerate(documents)
    ]
    assert replay.walks - walks == 1  # the sample's chart, walked for the first only
    assert written == expected
    assert expected[1] != expected[0]


def _canvas() -> Canvas:
    return Canvas(io.BytesIO())


def _drawing(fonts: Any) -> Drawing:
    """An empty drawing whose text starts in the theme's font, as a chart's does."""
    drawing = Drawing(200, 100)
    drawing.initialFontName = fonts.sans.regular
    return drawing


def _labelled(fonts: Any) -> Drawing:
    drawing = _drawing(fonts)
    drawing.add(Rect(10, 10, 80, 40, fillColor=None))
    drawing.add(String(20, 60, "Астана – Beograd", fontName=fonts.sans.regular, fontSize=9))
    drawing.add(String(20, 80, "Vučić", fontName=fonts.serif.bold, fontSize=11))
    return drawing


def it_walks_again_for_a_canvas_in_another_state(theme: Theme) -> None:
    fonts = register_fonts(theme)
    drawing = _labelled(fonts)
    replay.draw_drawing(drawing, _canvas())  # the walk noted
    walks = replay.walks
    same, reference = _canvas(), _canvas()
    replay.draw_drawing(drawing, same)
    _walked(drawing, reference)
    assert replay.walks == walks  # repeated
    assert same._code == reference._code
    other, reference = _canvas(), _canvas()
    for canvas in (other, reference):
        canvas.setFont(fonts.serif.regular, 13)
        canvas.setFillAlpha(0.5)
    replay.draw_drawing(drawing, other)
    _walked(drawing, reference)
    assert replay.walks == walks + 1  # another start: walked, and noted for it
    assert other._code == reference._code


def it_always_walks_a_drawing_with_a_transparency(theme: Theme) -> None:
    drawing = _drawing(register_fonts(theme))
    drawing.add(Rect(0, 0, 50, 50, fillOpacity=0.4))
    walks = replay.walks
    for _ in range(3):
        kept, reference = _canvas(), _canvas()
        replay.draw_drawing(drawing, kept)
        _walked(drawing, reference)
        assert kept._code == reference._code
        assert kept._extgstate._c == reference._extgstate._c  # the page resources it names
    assert replay.walks == walks + 3
    assert any(" gs" in line for line in kept._code)  # the transparency is there


def it_walks_again_for_a_canvas_that_enforces_another_colour_space(theme: Theme) -> None:
    drawing = _labelled(register_fonts(theme))
    replay.draw_drawing(drawing, _canvas())  # the walk noted, in RGB
    walks = replay.walks
    cmyk, reference = (
        Canvas(io.BytesIO(), enforceColorSpace="cmyk"),
        Canvas(io.BytesIO(), enforceColorSpace="cmyk"),
    )
    replay.draw_drawing(drawing, cmyk)
    _walked(drawing, reference)
    assert replay.walks == walks + 1
    assert cmyk._code == reference._code
