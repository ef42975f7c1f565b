"""Inline nodes → ReportLab paragraph markup.

This is the only place that writes paragraph markup from document text. Every
:class:`~kzrs_reports.document.nodes.Text` is XML-escaped, so data such as ``AT&T``,
``<b>x</b>`` or ``{{ 7*7 }}`` prints exactly as typed; link targets are escaped as quoted
attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from kzrs_reports.document.nodes import (
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Strong,
    Text,
)

EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
"""Link targets that may leave the document."""


def escape_text(text: str) -> str:
    """``text`` escaped for paragraph markup (``&``, ``<``, ``>``)."""
    return escape(text)


def escape_attr(value: str) -> str:
    """``value`` escaped for a double-quoted markup attribute."""
    return escape(value, {'"': "&quot;"})


def is_external(target: str) -> bool:
    """Whether ``target`` is an allowed external (http, https, mailto) link."""
    return target.lower().startswith(EXTERNAL_SCHEMES)


def check_link_target(target: str) -> None:
    """Raise :class:`ValueError` unless ``target`` is ``#anchor`` or an allowed URL."""
    if (target.startswith("#") and len(target) > 1) or is_external(target):
        return
    raise ValueError(f"unsupported link target {target!r}: use #anchor, http(s):// or mailto:")


def to_markup(
    inlines: Iterable[Inline],
    link_colour: str,
    transform: Callable[[str], str] = str,
) -> str:
    """Paragraph markup for ``inlines``; ``transform`` is applied to each text run first."""
    return "".join(_node(node, link_colour, transform) for node in inlines)


def _node(node: Inline, link_colour: str, transform: Callable[[str], str]) -> str:
    if isinstance(node, Text):
        return escape_text(transform(node.text))
    if isinstance(node, LineBreak):
        return "<br/>"
    inner = to_markup(node.children, link_colour, transform)
    if isinstance(node, Emphasis):
        return f"<i>{inner}</i>"
    if isinstance(node, Strong):
        return f"<b>{inner}</b>"
    if isinstance(node, Link):
        check_link_target(node.target)
        underline = ' underline="1"' if is_external(node.target) else ""
        return (
            f'<a href="{escape_attr(node.target)}" color="{escape_attr(link_colour)}"'
            f"{underline}>{inner}</a>"
        )
    raise TypeError(f"PDF writer: unknown inline node {type(node).__name__}")
