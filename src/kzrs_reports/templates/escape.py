"""Escaping data on its way into Markdown.

Templates produce Markdown, so a data value must never be read as Markdown syntax: a title of
``# x`` would add a heading, ``&amp;`` would become ``&``. Every value is escaped by default
(see :mod:`kzrs_reports.templates.environment`); fields documented as rich text may keep their
emphasis and links, and nothing else.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kzrs_reports.model.text import NO_BREAK_SPACES, collapse_spaces

_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_SPACE = re.compile(r"\s+")
_BREAKING_SPACE = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_UNDERSCORE = re.compile(r"(\\*)_")
MAX_EMPHASIS = 4
"""Emphasis nested deeper than this prints its asterisks as typed; hundreds of levels would
otherwise exhaust the recursion of the Markdown tree the writers read."""


class Markdown(str):
    """A string that is already Markdown: the template environment passes it through as is."""

    __slots__ = ()


def escape_markdown(text: object) -> Markdown:
    """``text`` as Markdown that reads back as exactly that text, on one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of
    them), and runs of white space, newlines included, become one space, so a value can never
    start a block of its own or break out of a table cell; a no-break space stays one.
    """
    return Markdown(_escape(str(text)).strip())


def _escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", _BREAKING_SPACE.sub(" ", text))


@cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("zero").enable(["emphasis", "link", "image", "escape", "newline"])


def rich_markdown(text: object) -> Markdown:
    """``text`` as Markdown keeping only its emphasis, strong emphasis and web links.

    Emphasis is ``*x*`` and ``**x**`` only: underscores print as typed, so ``__init__`` or
    ``getattr(x, '__globals__')`` is never bold. Anything else that looks like Markdown or
    markup (headings, lists, images, HTML, code) comes out as literal text; links to anything
    but ``http(s)://`` or ``mailto:`` keep their words and lose the link.
    """
    tokens = _inline_parser().parseInline(_escape_underscores(collapse_spaces(str(text))))
    children = tokens[0].children if tokens else None
    return Markdown("".join(_serialise(children or [])))


def _escape_underscores(text: str) -> str:
    # An underscore after an even run of backslashes is unescaped: escape it (a link's
    # destination reads "\\_" back as "_", so web addresses keep theirs).
    return _UNDERSCORE.sub(lambda m: m[1] + ("\\_" if len(m[1]) % 2 == 0 else "_"), text)


def _serialise(tokens: list[Token]) -> list[str]:
    parts: list[str] = []
    open_links: list[str | None] = []  # the href of each open link, None where it was dropped
    emphasis: list[bool] = []  # for each open emphasis: kept (True) or printed as typed
    for token in tokens:
        kind = token.type
        if kind == "text":
            parts.append(_escape(token.content))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind in ("em_open", "strong_open"):
            emphasis.append(len(emphasis) < MAX_EMPHASIS)
            parts.append("**" if kind == "strong_open" else "*")
            if not emphasis[-1]:
                parts[-1] = _escape(parts[-1])
        elif kind in ("em_close", "strong_close"):
            parts.append("**" if kind == "strong_close" else "*")
            if not emphasis.pop():
                parts[-1] = _escape(parts[-1])
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            open_links.append(href if href.startswith(_LINK_SCHEMES) else None)
            if open_links[-1] is not None:
                parts.append("[")
        elif kind == "link_close":
            href_or_none = open_links.pop()
            if href_or_none is not None:
                parts.append(f"](<{_escape_destination(href_or_none)}>)")
        elif kind == "image":  # images are not rich text: print the syntax as typed
            parts.append(_escape(f"![{token.content}]({token.attrs.get('src', '')})"))
        else:  # anything the inline parser was not asked to know: keep its source text
            parts.append(_escape(token.content or token.markup))
    return parts


def _escape_destination(href: str) -> str:
    return re.sub(r"([<>\\])", r"\\\1", href.replace("\n", ""))


def web_link(url: object) -> Markdown:
    """An ``http(s)://`` or ``mailto:`` URL as a link showing the URL; anything else as text."""
    text = str(url).strip()
    if not text.startswith(_LINK_SCHEMES) or _SPACE.search(text):
        return escape_markdown(text)
    return Markdown(f"[{escape_markdown(text)}](<{_escape_destination(text)}>)")
