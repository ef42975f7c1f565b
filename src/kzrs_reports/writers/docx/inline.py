"""Inline nodes → Word runs, one ``visit_`` method per node type: text exactly as typed,
italic, bold, hyperlinks, line breaks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from kzrs_reports.core.links import anchor_of, is_internal
from kzrs_reports.document.nodes import Emphasis, Inline, LineBreak, Link, Strong, Text
from kzrs_reports.document.walk import NodeVisitor
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.styles import StyleIds

_SPACE_LIKE = re.compile(r"[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` made safe for XML: vertical tab and form feed become spaces, CR LF becomes LF,
    other control characters are dropped. Everything printable is kept exactly as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", _SPACE_LIKE.sub(" ", text))


def bookmark_name(anchor: str) -> str:
    """The Word bookmark name for a ``#anchor`` (deterministic, ≤ 40 chars, ``[A-Za-z0-9_]``).

    A leading underscore makes it a hidden bookmark, like Word's own ``_Toc`` ones; the hash
    keeps anchors that sanitise alike ("a-b", "a_b") apart.
    """
    digest = hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:30]
    return f"_{stem}_{digest}"


@dataclass(frozen=True, slots=True)
class RunStyle:
    """What the runs inside nested inline nodes inherit."""

    bold: bool = False
    italic: bool = False
    char_style: str | None = None


class InlineWriter(NodeVisitor):
    """Appends the runs of inline nodes to a python-docx paragraph, styled through ``styles``.

    The document was validated before it got here: every link is one the link policy allows
    (:mod:`kzrs_reports.core.links`) and no link holds another.
    """

    def __init__(self, styles: StyleIds) -> None:
        self.styles = styles
        self._paragraph: Any = None
        self._style = RunStyle()
        self._link: Any = None
        """The ``w:hyperlink`` runs go into, inside a link."""

    def write(
        self, paragraph: Any, inlines: tuple[Inline, ...], style: RunStyle | None = None
    ) -> None:
        """Append the runs of ``inlines`` to ``paragraph``, each in ``style``."""
        saved = self._paragraph, self._style, self._link
        self._paragraph, self._style, self._link = paragraph, style or RunStyle(), None
        try:
            for node in inlines:
                self.dispatch(node)
        finally:
            self._paragraph, self._style, self._link = saved

    def _children(self, children: tuple[Inline, ...], style: RunStyle, link: Any = None) -> None:
        saved = self._style, self._link
        self._style, self._link = style, link if link is not None else self._link
        try:
            for child in children:
                self.dispatch(child)
        finally:
            self._style, self._link = saved

    def visit_text(self, node: Text) -> None:
        """A run of the text, exactly as typed."""
        self._run(clean_text(node.text))

    def visit_line_break(self, node: LineBreak) -> None:
        """A run holding a line break."""
        self._run("").add_break(WD_BREAK.LINE)

    def visit_emphasis(self, node: Emphasis) -> None:
        """Italic runs."""
        self._children(node.children, replace(self._style, italic=True))

    def visit_strong(self, node: Strong) -> None:
        """Bold runs."""
        self._children(node.children, replace(self._style, bold=True))

    def visit_link(self, node: Link) -> None:
        """A hyperlink: to a bookmark for ``#anchor``, by relationship for a URL."""
        target, paragraph = node.target, self._paragraph
        if is_internal(target):
            element = oxml.hyperlink(paragraph._p, anchor=bookmark_name(anchor_of(target)))
        else:
            r_id = paragraph.part.relate_to(clean_text(target), RT.HYPERLINK, is_external=True)
            element = oxml.hyperlink(paragraph._p, r_id=r_id)
        self._children(node.children, replace(self._style, char_style="Hyperlink"), element)

    def _run(self, text: str) -> Any:
        """Add a run of ``text``; inside a hyperlink, move it into the ``w:hyperlink``."""
        style = self._style
        run = self.styles.add_run(self._paragraph, text, style.char_style)
        if style.bold:
            oxml.set_bold(run._r)
        if style.italic:
            oxml.set_italic(run._r)
        if self._link is not None:
            self._link.append(run.element)
        return run
