"""Text escaped for the XML both writers write by hand: ReportLab's paragraph markup and
the Word package's parts.

The same three (or four) replacements as ``xml.sax.saxutils.escape``, which a writer
process would otherwise import with ``urllib.request``, ``http.client`` and ``ssl`` behind
it: some ten milliseconds of every cold build, for four string replacements.
"""

from __future__ import annotations


def escape_text(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped: safe as element content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute (``"`` too)."""
    return escape_text(value).replace('"', "&quot;")
