"""A chart walked once per process, then its page content repeated in every document.

ReportLab draws a chart by walking its drawing node by node (svglib makes a group of each
SVG group), working out the state of each: 3 to 5 ms a chart, the same in every document.
The first time a drawing is drawn, what each canvas call adds to the page is noted: the
content operators as they are, for the calls that only add operators; the call itself,
with the text state it was made in, for the calls that write text, whose bytes depend on
the document's font subsets. The next document that draws the drawing from the same state
gets the same operators and text calls in the same order, and so the same bytes, without
the walk. A drawing that asks the canvas anything else (an image, a transparency, a font
that is not the theme's) is walked every time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.graphics.shapes import Drawing

_CODE_ONLY = frozenset(
    {
        *("saveState", "restoreState", "transform", "translate", "scale", "rotate", "skew"),
        *("setFillColor", "setStrokeColor", "setFillColorRGB", "setStrokeColorRGB"),
        *("setLineWidth", "setLineCap", "setLineJoin", "setDash", "setMiterLimit"),
        *("beginPath", "drawPath", "clipPath", "rect", "roundRect", "line", "lines"),
        *("circle", "ellipse", "wedge"),
    }
)
"""Canvas calls whose only lasting effect is the operators they add (and the canvas's own
graphics state, which the figure saves and restores around the drawing)."""
_TEXT = frozenset({"drawString", "drawCentredString", "drawRightString"})
"""Canvas calls that write text: made again in every document."""
_QUIET = frozenset({"setFont", "setFillAlpha", "setStrokeAlpha", "setFillOverprint"})
_QUIET |= {"setStrokeOverprint", "setOverprintMask"}
"""Calls that change the canvas's state and add operators only now and then: repeated only
while they add none (the text calls are made with the state noted for each)."""
_TEXT_STATE: tuple[str, ...] = ("_fontname", "_fontsize", "_leading", "_charSpace")
_TEXT_STATE += ("_wordSpace", "_horizScale", "_textRenderMode", "_rise")
"""What a text call reads of the canvas's state."""


def _start(canvas: Any) -> tuple[Any, ...]:
    """What a drawing's walk, and the calls it makes, read of the canvas before its first
    call: the text state, the fill rule, the transparency and the colour space enforced."""
    alpha = sorted(getattr(canvas._extgstate, "_d", {}).items())
    space = getattr(canvas, "_enforceColorSpace", None)
    return (*(getattr(canvas, name) for name in _TEXT_STATE), canvas._fillMode, alpha, space)


@dataclass(frozen=True)
class _Recording:
    start: tuple[Any, ...]
    steps: tuple[tuple[Any, ...], ...]
    """("code", operators) or ("text", call, args, kwargs, text state), in order."""


class _Recorder:
    """Stands in for the canvas while a drawing is walked, noting what each call adds."""

    def __init__(self, canvas: Any) -> None:
        self.__dict__.update(_canvas=canvas, _steps=[], _repeatable=True)

    def __getattr__(self, name: str) -> Any:
        canvas = self._canvas
        value = getattr(canvas, name)
        if not callable(value):
            if name not in _TEXT_STATE:
                self.__dict__["_repeatable"] = False  # read something not noted at the start
            return value
        if name in _TEXT:
            return self._text(name, value)
        if name not in _CODE_ONLY and name not in _QUIET:
            self.__dict__["_repeatable"] = False
            return value
        return self._code(name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name != "_fillMode":  # the only state the walk sets itself, saved with the rest
            self.__dict__["_repeatable"] = False
        setattr(self._canvas, name, value)

    def _code(self, name: str, call: Any) -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            code = self._canvas._code
            before = len(code)
            result = call(*args, **kwargs)
            added = tuple(code[before:])
            if name in _QUIET and added:
                self.__dict__["_repeatable"] = False
            elif added:
                self._steps.append(("code", added))
            return result

        return noted

    def _text(self, name: str, call: Any) -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            state = tuple(getattr(self._canvas, n) for n in _TEXT_STATE)
            self._steps.append(("text", name, args, kwargs, state))
            return call(*args, **kwargs)

        return noted

    def recording(self, start: tuple[Any, ...]) -> _Recording | None:
        """What was noted, or None when the drawing must be walked every time."""
        return _Recording(start, tuple(self._steps)) if self._repeatable else None


_recordings: WeakKeyDictionary[Drawing, _Recording | None] = WeakKeyDictionary()
_lock = threading.Lock()
walks = 0
"""How many times this process has walked a drawing node by node (for tests)."""


def draw_drawing(drawing: Drawing, canvas: Any) -> None:
    """Draw ``drawing`` at the canvas's origin, with the bytes ``drawing.drawOn(canvas, 0,
    0)`` gives, repeating the page content of an earlier walk where it may."""
    global walks
    start = _start(canvas)
    with _lock:
        known = drawing in _recordings
        recording = _recordings.get(drawing)
    if recording is not None and recording.start == start:
        _repeat(recording, canvas)
        return
    with _lock:
        walks += 1
    if known and recording is None:  # not repeatable
        drawing.drawOn(canvas, 0, 0)
        return
    recorder = _Recorder(canvas)
    drawing.drawOn(recorder, 0, 0)
    with _lock:
        _recordings[drawing] = recorder.recording(start)


def _repeat(recording: _Recording, canvas: Any) -> None:
    code = canvas._code
    for step in recording.steps:
        if step[0] == "code":
            code.extend(step[1])
        else:
            _, name, args, kwargs, state = step
            canvas.__dict__.update(zip(_TEXT_STATE, state, strict=True))
            getattr(canvas, name)(*args, **kwargs)
