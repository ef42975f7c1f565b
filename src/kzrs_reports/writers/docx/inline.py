"""Inline nodes → Word runs: text exactly as typed, italic, bold, hyperlinks, line breaks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from kzrs_reports.document.nodes import Emphasis, Inline, LineBreak, Link, Strong, Text
from kzrs_reports.writers.docx import oxml
from kzrs_reports.writers.docx.styles import StyleIds

_SPACE_LIKE = re.compile(r"[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_EXTERNAL = ("http://", "https://", "mailto:")


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
    """The formatting inherited by runs inside nested inline nodes."""

    bold: bool = False
    italic: bool = False
    char_style: str | None = None


class InlineWriter:
    """Appends inline nodes to a python-docx paragraph as runs, styled through ``styles``."""

    def __init__(self, styles: StyleIds) -> None:
        self.styles = styles

    def write(
        self, paragraph: Any, inlines: tuple[Inline, ...], style: RunStyle | None = None
    ) -> None:
        """Append ``inlines`` to ``paragraph``."""
        for node in inlines:
            self._write(paragraph, node, style or RunStyle(), None)

    def _write(self, paragraph: Any, node: Inline, style: RunStyle, link: Any) -> None:
        if isinstance(node, Text):
            self._run(paragraph, clean_text(node.text), style, link)
        elif isinstance(node, LineBreak):
            run = self._run(paragraph, "", style, link)
            run.add_break(WD_BREAK.LINE)
        elif isinstance(node, Emphasis):
            for child in node.children:
                self._write(paragraph, child, replace(style, italic=True), link)
        elif isinstance(node, Strong):
            for child in node.children:
                self._write(paragraph, child, replace(style, bold=True), link)
        elif isinstance(node, Link):
            self._link(paragraph, node, style, link)
        else:
            raise TypeError(f"DOCX writer cannot render inline node {type(node).__name__}")

    def _link(self, paragraph: Any, node: Link, style: RunStyle, outer: Any) -> None:
        """A hyperlink: external URL by relationship, ``#anchor`` to a bookmark."""
        target = node.target
        if outer is not None or not (target.startswith("#") or target.startswith(_EXTERNAL)):
            # Links cannot nest, and anything but a URL or anchor is shown as plain text.
            for child in node.children:
                self._write(paragraph, child, style, outer)
            return
        if target.startswith("#"):
            element = oxml.hyperlink(paragraph._p, anchor=bookmark_name(target[1:]))
        else:
            r_id = paragraph.part.relate_to(clean_text(target), RT.HYPERLINK, is_external=True)
            element = oxml.hyperlink(paragraph._p, r_id=r_id)
        for child in node.children:
            self._write(paragraph, child, replace(style, char_style="Hyperlink"), element)

    def _run(self, paragraph: Any, text: str, style: RunStyle, link: Any) -> Any:
        """Add a run of ``text``; inside a hyperlink, move it into the ``w:hyperlink``."""
        run = self.styles.add_run(paragraph, text, style.char_style)
        if style.bold:
            run.bold = True
        if style.italic:
            run.italic = True
        if link is not None:
            link.append(run.element)
        return run
