"""Small custom flowables: headings that register themselves, scaled drawings, page count.

A heading registers its destination, outline entry and contents line when it is *drawn*,
not in ``afterFlowable``, so headings nested inside callouts (table cells) are found too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, KeepTogether, Paragraph
from reportlab.platypus.flowables import _listWrapOn

from kzrs_reports.document.layout import picture_size
from kzrs_reports.writers.markup import escape_text
from kzrs_reports.writers.pdf.replay import draw_drawing

PAGE_EVENT = "kzrs-page"
"""The notification the document template sends after every page (stuff: page number)."""


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """A heading's entry in the outline and in the contents list."""

    key: str
    """The destination name (the heading's anchor)."""
    title: str
    """Plain text: number and heading text."""
    level: int
    """Heading level, 1–3 (contents indentation)."""
    outline_level: int
    """Outline depth from 0, never more than one deeper than the entry before it."""


def drafting(canv: Any) -> bool:
    """Whether ``canv`` is a draft pass's canvas: one that is laid out, never saved.

    The first layout pass only finds where headings and pages fall (for the contents and
    "Page X of Y"), and its canvas is thrown away, so flowables may skip their drawing.
    """
    return bool(getattr(getattr(canv, "_doctemplate", None), "drafting", False))


_WRAP_STATE = ("_wrapWidths", "blPara", "_width_max", "_splitLongWordCount", "_hyphenations")
"""What ``Paragraph.wrap`` leaves on a paragraph for ``split`` and ``draw`` to use."""

Kept = tuple[float, dict[str, Any], float]
"""A paragraph's kept wrap: the width, what ``Paragraph.wrap`` left on it, and the height."""


KEPT_DOCUMENTS = 8
"""How many documents' line breaks a thread keeps: a watch of several kinds or editions
rebuilds each of them after a save."""


Parsed = tuple[str, list[Any], Any, Any]
"""A paragraph's kept markup: its text, its fragments, the style the markup made (None: the
paragraph's own) and its bullet."""


class _KeptLines(threading.local):
    """The line breaks and parsed markup of this thread's documents: those of the document
    being laid out, and those of the last few, by document, which the next layout of each
    may take."""

    def __init__(self) -> None:
        self.previous: dict[tuple[Any, ...], Kept] = {}
        self.current: dict[tuple[Any, ...], Kept] = {}
        self.parsed_previous: dict[tuple[Any, ...], Parsed] = {}
        self.parsed_current: dict[tuple[Any, ...], Parsed] = {}
        self.documents: OrderedDict[
            Hashable, tuple[dict[tuple[Any, ...], Kept], dict[tuple[Any, ...], Parsed]]
        ] = OrderedDict()
        self.styles: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}


_kept_lines = _KeptLines()


def next_document(document: Hashable = None) -> None:
    """Start laying out ``document`` (what tells it from others) in this thread: the
    paragraphs of its last layout here (same text, style and width) lend it their parsed
    markup and their line breaks, each to one paragraph."""
    kept = _kept_lines
    kept.previous, kept.parsed_previous = kept.documents.pop(document, ({}, {}))
    kept.current, kept.parsed_current = kept.documents[document] = ({}, {})
    kept.styles = {}
    while len(kept.documents) > KEPT_DOCUMENTS:
        kept.documents.popitem(last=False)


def _style_key(style: Any) -> tuple[tuple[str, str], ...]:
    """Every property of ``style`` but its parent, comparable across documents."""
    styles = _kept_lines.styles
    found = styles.get(id(style))
    if found is None:
        properties = sorted((k, repr(v)) for k, v in vars(style).items() if k != "parent")
        found = styles[id(style)] = (style, tuple(properties))  # the style, so its id stays
    return found[1]


def _lines_key(paragraph: Paragraph, width: float) -> tuple[Any, ...] | None:
    """What a paragraph's line breaks at ``width`` are made from: its class, its text (the
    markup it was made from), its bullet and every property of its style; None for a part
    of a split paragraph, which has no text of its own."""
    text = paragraph.__dict__.get("text")
    if not isinstance(text, str):
        return None
    return (type(paragraph), text, repr(paragraph.bulletText), _style_key(paragraph.style), width)


class BriefParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width and draws nothing in a draft pass.

    Line breaking is the costly part of laying out text, and the same paragraph is wrapped
    at the same width again and again: by its table measuring rows, by keep-with-next
    groups, by the frame, and in every layout pass. The text and style of a paragraph never
    change, so the lines for a width are kept and reused, and lent to the same paragraph
    of the next document this thread lays out (``watch`` after a save), with the markup
    parsed, which is never changed once made but by the line breaking that reads it (it
    marks each run's kind, as the next breaking would again). (ReportLab's own line
    breaking is not quite repeatable: each break of a paragraph with a forced line break adds
    an empty text run after it. Breaking once draws fewer empty runs; the pages look the
    same.)
    """

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        """Parse the markup, or take the parse of this paragraph's like in the last document
        (same class, text, bullet and style): parsing is a sixth of a rebuild's PDF."""
        if frags is not None or not isinstance(text, str):
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (type(self), text, repr(bulletText), self.caseSensitive, _style_key(style))
        parsed = _kept_lines.parsed_previous.pop(key, None)
        state = self.__dict__  # what Paragraph._setup sets
        if parsed is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            made = state["style"] if state["style"] is not style else None
            parsed = (state["text"], state["frags"], made, state["bulletText"])
        else:
            state["text"], state["frags"], made, state["bulletText"] = parsed
            state["style"] = style if made is None else made
            state["debug"] = 0
        _kept_lines.parsed_current[key] = parsed
        self._parsed_key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """``Paragraph.wrap``, reusing the line breaks of an earlier wrap at this width, by
        this paragraph or by its like in the last document."""
        kept = self.__dict__.get("_kept_wrap")
        if kept is None or kept[0] != availWidth:
            kept = self._borrow(availWidth)
        if kept is not None:
            _, state, height = kept
            self.__dict__.update(state)
            self.width, self.height = availWidth, height
            return availWidth, height
        width, height = super().wrap(availWidth, availHeight)
        if "blPara" in self.__dict__ and self.style.wordWrap != "CJK":
            state = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
            self._kept_wrap = (availWidth, state, height)
            key = _lines_key(self, availWidth)
            if key is not None:
                _kept_lines.current[key] = self._kept_wrap
        return width, height

    def _borrow(self, width: float) -> Kept | None:
        """The line breaks the last document's like paragraph had at ``width``, now this
        one's alone; None when it had none."""
        key = _lines_key(self, width)
        kept = _kept_lines.previous.pop(key, None) if key is not None else None
        if kept is not None and key is not None:
            self._kept_wrap = _kept_lines.current[key] = kept
        return kept

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """``Paragraph.split``; the kept lines are dropped once a split has cut them.

        Cutting a paragraph may add a space to the last word above the cut, in the kept
        lines themselves; a later pass that cuts elsewhere, or the next document, must break
        the lines afresh.
        """
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) > 1:
            kept = self.__dict__.pop("_kept_wrap", None)
            key = _lines_key(self, kept[0]) if kept is not None else None
            if key is not None and _kept_lines.current.get(key) is kept:
                del _kept_lines.current[key]
            parsed = self.__dict__.get("_parsed_key")
            if parsed is not None:
                _kept_lines.parsed_current.pop(parsed, None)
        return parts

    def draw(self) -> None:
        """Draw the paragraph, unless this pass is a draft."""
        if not drafting(self.canv):
            super().draw()


class AnchoredParagraph(BriefParagraph):
    """A paragraph that is the destination of internal links (``#anchor``) at its first line.

    The destination is made when the paragraph is drawn rather than by an inline
    ``<a name>``: ReportLab will not break a word too long for the line when it follows an
    inline anchor, so a 300-character word at the start of a source would run off the page.
    """

    def __init__(self, text: Any, style: Any, *args: Any, **kwargs: Any) -> None:
        self.anchor: str | None = kwargs.pop("anchor", None)
        super().__init__(text, style, *args, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split as a paragraph; only the first part is the destination."""
        parts: list[Any] = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            if isinstance(part, AnchoredParagraph):
                part.anchor = self.anchor if index == 0 else None
        return parts

    def draw(self) -> None:
        """Draw the text, then make the destination at the top of the paragraph."""
        super().draw()
        if self.anchor is not None and not drafting(self.canv):
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)


class HeadingParagraph(BriefParagraph):
    """A paragraph that, when drawn, becomes a destination, an outline entry and a TOC line.

    It registers itself in draft passes too: that is what the draft pass is for.
    """

    def __init__(self, text: Any, style: Any, *args: Any, **kwargs: Any) -> None:
        self.entry: SectionEntry | None = kwargs.pop("entry", None)
        super().__init__(text, style, *args, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split as a paragraph; only the first part keeps the entry."""
        parts: list[Any] = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            if isinstance(part, HeadingParagraph):
                part.entry = self.entry if index == 0 else None
        return parts

    def draw(self) -> None:
        """Draw the text, then register the destination, outline entry and TOC line."""
        super().draw()
        entry = self.entry
        if entry is None:
            return
        canv = self.canv
        canv.bookmarkHorizontal(entry.key, 0, self.height + self.style.fontSize * 0.5)
        canv.addOutlineEntry(entry.title, entry.key, level=entry.outline_level, closed=False)
        doc = getattr(canv, "_doctemplate", None)
        if doc is not None:
            line = (entry.level - 1, escape_text(entry.title), canv.getPageNumber(), entry.key)
            doc.notify("TOCEntry", line)
            doc.contents.append(line)
            doc.heading_pages[entry.key] = canv.getPageNumber()


class FigureFlowable(Flowable):  # type: ignore[misc]
    """A vector drawing scaled to a fraction of the available width, with its caption under it.

    One flowable, so the chart and its caption never land on different pages (and a
    heading's keep-with-next can hold on to it, which it cannot do with a KeepTogether).
    """

    def __init__(
        self,
        drawing: Drawing,
        fraction: float,
        caption: Paragraph,
        gap: float,
        text_height: float,
    ) -> None:
        super().__init__()
        self.drawing = drawing
        self.text_height = text_height
        self.fraction = fraction
        self.caption = caption
        self.gap = gap
        self._scale = 1.0
        self._caption_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Scale the drawing to ``fraction`` of ``availWidth``; the caption wraps under it.

        A drawing too tall for its page (a timeline of many milestones) is narrowed as
        :func:`~kzrs_reports.document.layout.picture_size` says, instead of failing the layout.
        """
        _, self._caption_height = self.caption.wrap(availWidth, availHeight)
        width = float(self.drawing.width)
        aspect = float(self.drawing.height) / width
        picture_width, _ = picture_size(availWidth, self.fraction, aspect, self.text_height)
        self._scale = picture_width / width
        self.width = availWidth
        self.height = float(self.drawing.height) * self._scale + self.gap + self._caption_height
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        """A little air above the chart."""
        return self.gap

    def getSpaceAfter(self) -> float:
        """The caption's space after."""
        return float(self.caption.getSpaceAfter())

    def draw(self) -> None:
        """Draw the drawing (centred, as vectors) and the caption; nothing in a draft pass."""
        canv = self.canv
        if drafting(canv):
            return
        drawing_width = float(self.drawing.width) * self._scale
        canv.saveState()
        canv.translate((self.width - drawing_width) / 2, self._caption_height + self.gap)
        canv.scale(self._scale, self._scale)
        draw_drawing(self.drawing, canv)  # inside a saved state, as it must be
        canv.restoreState()
        self.caption.drawOn(canv, 0, 0)


class KeepWithNext(KeepTogether):  # type: ignore[misc]
    """A keep-with-next group: the flowables that keep with the next one (headings, a
    paragraph introducing a figure or a table, as
    :func:`~kzrs_reports.document.layout.keeps_with_next` decides) and the one after them.

    The group starts on this page when all of it fits, or when all but its last flowable fits
    with the least of the last one that may end a page: two lines of a paragraph, a table's
    header and first rows (its ``kept_rows``), a whole figure. Otherwise it starts the next
    page, so a heading or an introduction never ends a page without what it introduces.
    """

    SLACK = 1.0
    """Points kept in hand when measuring, against rounding in the frame's own arithmetic."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Measure the whole group and its last flowable; ask the frame to split it."""
        dims: list[tuple[float, float]] = []
        _, self._H = _listWrapOn(self._content, availWidth, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._last_height = dims[-1][1] if dims else 0
        self._wrapInfo = availWidth, availHeight
        return availWidth, 0xFFFFFF  # always split: split decides where the group starts

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """The group's flowables, after a frame break unless they may start here."""
        if getattr(self, "_wrapInfo", None) != (availWidth, availHeight):
            self.wrap(availWidth, availHeight)
        content = list(self._content)
        room = availHeight - self.SLACK
        if room >= self._H or getattr(getattr(self, "_frame", None), "_atTop", False):
            return content
        room -= self._H - self._last_height  # what is left for the last flowable
        if room > 0 and foot_fits(content[-1], availWidth, room, self.canv):
            return content
        return [self.FrameBreak(), *content]


def foot_fits(flowable: Flowable, width: float, room: float, canv: Any) -> bool:
    """Whether the start of ``flowable`` that may end a page fits in ``room`` points.

    Asks the flowable to split as the frame would: a figure never splits, a paragraph keeps
    two lines at the foot, a table must bring its ``kept_rows`` (header included).
    """
    parts = flowable.splitOn(canv, width, room)
    if not parts:
        return False
    kept = int(getattr(flowable, "kept_rows", 0))
    return not kept or len(getattr(parts[0], "_cellvalues", ())) >= kept


class PageCounter(Flowable):  # type: ignore[misc]
    """An invisible indexing flowable: the page count of the previous build pass.

    ``multiBuild`` repeats until every indexing flowable is satisfied; this one is satisfied
    when two passes end with the same number of pages, so the footer's total is right. The
    first pass is therefore never the one saved: it is a draft (see :func:`drafting`),
    unless the count is known from the start (:meth:`start_from`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.width = self.height = 0
        self.previous = 0
        self.current = 0
        self.passes = 0

    @property
    def drafting(self) -> bool:
        """Whether the pass under way is a draft: the first, unless the count was known."""
        return self.passes == 1

    def start_from(self, pages: int) -> None:
        """Lay the first pass out as a final one, ``pages`` long (the last layout's count):
        it is saved if it ends with as many pages."""
        self.current, self.passes = pages, 1

    def isIndexing(self) -> int:
        """Take part in ``multiBuild``."""
        return 1

    def isSatisfied(self) -> bool:
        """Whether a pass after the draft ended with as many pages as the pass before it."""
        return self.passes > 1 and self.previous == self.current

    def beforeBuild(self) -> None:
        """Remember the last pass's count and start counting again."""
        self.previous, self.current = self.current, 0
        self.passes += 1

    def afterBuild(self) -> None:
        """Nothing to do after a pass."""

    def notify(self, kind: str, stuff: Any) -> None:
        """Count pages as the document template reports them."""
        if kind == PAGE_EVENT:
            self.current = max(self.current, int(stuff))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take no space."""
        return 0, 0

    def draw(self) -> None:
        """Draw nothing."""

    @property
    def total(self) -> int | None:
        """The page count to print, or None before it is known."""
        return self.previous or None


__all__ = [
    "PAGE_EVENT",
    "BriefParagraph",
    "FigureFlowable",
    "HeadingParagraph",
    "KeepWithNext",
    "PageCounter",
    "SectionEntry",
    "drafting",
    "foot_fits",
    "next_document",
]
