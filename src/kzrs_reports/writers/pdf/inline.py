"""Inline nodes → ReportLab paragraph markup, one ``visit_`` method per node type.

This is the only place that writes paragraph markup from document text. Every
:class:`~kzrs_reports.document.nodes.Text` is XML-escaped, so data such as ``AT&T``,
``<b>x</b>`` or ``{{ 7*7 }}`` prints exactly as typed; link targets are escaped as quoted
attributes. The document was validated before it got here, so every link is one the link
policy allows (:mod:`kzrs_reports.core.links`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kzrs_reports.core.links import is_external
from kzrs_reports.document import nodes as n
from kzrs_reports.document.walk import NodeVisitor
from kzrs_reports.writers.markup import escape_attr, escape_text


@dataclass(frozen=True, slots=True)
class RunStyle:
    """What the text inside nested inline nodes inherits: a change applied to every run."""

    transform: Callable[[str], str] = str
    """Applied to the text of each run (``str.upper`` for a kicker)."""


class InlineWriter(NodeVisitor):
    """Appends the markup of inline nodes to a list of markup pieces."""

    def __init__(self, link_colour: str) -> None:
        self.link_colour = link_colour
        self._out: list[str] = []
        self._style = RunStyle()

    def write(self, out: list[str], inlines: Iterable[n.Inline], style: RunStyle) -> None:
        """Append the markup of ``inlines`` to ``out``, each run in ``style``."""
        saved = self._out, self._style
        self._out, self._style = out, style
        try:
            for node in inlines:
                self.dispatch(node)
        finally:
            self._out, self._style = saved

    def markup(self, inlines: Iterable[n.Inline], style: RunStyle | None = None) -> str:
        """The markup of ``inlines`` as one string."""
        out: list[str] = []
        self.write(out, inlines, style or RunStyle())
        return "".join(out)

    def _wrapped(self, opening: str, children: Iterable[n.Inline], closing: str) -> None:
        self._out.append(opening)
        for child in children:
            self.dispatch(child)
        self._out.append(closing)

    def visit_text(self, node: n.Text) -> None:
        """The text, escaped."""
        self._out.append(escape_text(self._style.transform(node.text)))

    def visit_line_break(self, node: n.LineBreak) -> None:
        """A forced line break."""
        self._out.append("<br/>")

    def visit_emphasis(self, node: n.Emphasis) -> None:
        """Italic."""
        self._wrapped("<i>", node.children, "</i>")

    def visit_strong(self, node: n.Strong) -> None:
        """Bold."""
        self._wrapped("<b>", node.children, "</b>")

    def visit_link(self, node: n.Link) -> None:
        """A link in the link colour; a web or mail link is underlined, a jump inside the
        document is not."""
        underline = ' underline="1"' if is_external(node.target) else ""
        opening = (
            f'<a href="{escape_attr(node.target)}" color="{escape_attr(self.link_colour)}"'
            f"{underline}>"
        )
        self._wrapped(opening, node.children, "</a>")
