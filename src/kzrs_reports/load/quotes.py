"""Quoted evidence, checked: every ``quote`` is found in its source's own text.

A source may name a local copy of its text (``sources[].file``, plain text or Markdown,
relative to the data file). A quote is found when its words occur in that text with only
white space, typographic quotes and dashes told apart no further (a curly ``’`` matches a
straight ``'``, an em dash a hyphen); nothing else is forgiven, so a quote that says more or
less than the source is refused at its own line, with the closest passage of the source as a
hint. A quote whose source has no local copy cannot be checked: it is a note, not a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzrs_reports.core.errors import InputFileError
from kzrs_reports.core.problems import Problem
from kzrs_reports.load.locate import locate
from kzrs_reports.load.problems import Loc, format_loc
from kzrs_reports.load.sniff import sniff
from kzrs_reports.load.source import read_bytes
from kzrs_reports.model.checks import statements
from kzrs_reports.model.text import normalise_text
from kzrs_reports.model.visit import VisitFile

MAX_SOURCE_BYTES = 5 * 1024 * 1024
"""The largest source text read: a report or a long speech is far smaller."""

HINT_CHARACTERS = 160
"""The most characters of the closest passage a message shows."""

_QUOTES = str.maketrans({**dict.fromkeys("‘’‚‛′‹›", "'"), **dict.fromkeys("“”„‟″«»", '"')})
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` as quotes are compared: as printed (accents composed, soft hyphens and
    zero-width characters dropped: :func:`~kzrs_reports.model.text.normalise_text`), white
    space runs as one space, typographic quotes as straight ones, every dash as a
    hyphen-minus, the ends stripped."""
    printed = normalise_text(text)
    return _SPACE.sub(" ", _DASHES.sub("-", printed.translate(_QUOTES))).strip()


@dataclass
class QuoteCheck:
    """What checking a visit file's quotes found."""

    problems: list[Problem] = field(default_factory=list)
    """Quotes not in their source, source files that cannot be read; with ``require``, sourced
    statements without a quote and quotes that cannot be checked."""
    notes: list[Problem] = field(default_factory=list)
    """Quotes whose source has no local copy of its text: listed, not passed."""
    read: list[Path] = field(default_factory=list)
    """The source text files read (inputs of a build)."""


def check_quotes(
    visit: VisitFile, data: Any, file: str, base: Path, require: bool = False
) -> QuoteCheck:
    """Check every quote of ``visit`` (loaded from ``data``, the round-trip YAML of ``file``)
    against the texts its sources name, relative to the folder ``base``.

    With ``require``, a sourced statement without a quote, or with one that cannot be checked,
    is a problem too: for houses that want every claim evidenced.
    """
    result = QuoteCheck()
    texts: dict[str, str | None] = {}
    for index, entry in enumerate(visit.sources):
        texts[entry.id] = None
        if entry.file is None:
            continue
        path = base / entry.file
        where = ("sources", index, "file")
        try:
            texts[entry.id] = normalise(_plain(path, read_bytes(path, MAX_SOURCE_BYTES, "a text")))
            result.read.append(path)
        except (InputFileError, UnicodeDecodeError) as exc:
            reason = (
                str(exc).removeprefix(f"{path}: ")
                if isinstance(exc, InputFileError)
                else ("not UTF-8 text")
            )
            result.problems.append(_problem(data, file, where, f"{path}: {reason}"))
    for loc, item in statements(data):
        cited = item.get("source")
        if not isinstance(cited, str) or cited.strip() not in texts:
            continue  # an assessed statement, or an unknown source the cross checks report
        quote = item.get("quote")
        if not isinstance(quote, str):
            if require:
                message = "give the quote this statement rests on (the source's own words)"
                result.problems.append(_problem(data, file, loc, message))
            continue
        source = cited.strip()
        text = texts[source]
        at = (*loc, "quote")
        if text is None:
            message = f"quote unchecked: source {source} names no local copy of its text (file)"
            if require:
                result.problems.append(_problem(data, file, at, message))
            else:
                result.notes.append(_problem(data, file, at, message, "note"))
        elif normalise(quote) not in text:
            hint = closest_passage(normalise(quote), text)
            message = f"not in the text of source {source}; closest passage: “{hint}”"
            result.problems.append(_problem(data, file, at, message))
    return result


def closest_passage(quote: str, text: str) -> str:
    """The passage of ``text`` most like ``quote`` (rapidfuzz's partial alignment), widened
    to whole words, at least as long as the quote, and cut to :data:`HINT_CHARACTERS`."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None:
        return text[:HINT_CHARACTERS]
    # The alignment may cut a word at either end: take a little more, then whole words.
    margin = max(8, len(quote) // 10)
    start, end = max(0, found.dest_start - margin), min(len(text), found.dest_end + margin)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    passage = text[start:end].strip()
    return passage if len(passage) <= HINT_CHARACTERS else passage[: HINT_CHARACTERS - 1] + "…"


def _plain(path: Path, raw: bytes) -> str:
    """The words of a source file: a Markdown file's text without its markup.

    Raises :class:`InputFileError` for a file that is not text (a PDF, an image…), naming
    what it appears to be, and UnicodeDecodeError for text that is not UTF-8.
    """
    kind = sniff(raw)
    if kind is not None and kind.endswith("text"):  # UTF-16 or UTF-32
        raise InputFileError(f"{path}: is {kind}; save it as UTF-8")
    if kind is not None:
        raise InputFileError(
            f"{path}: appears to be {kind}, not text; give a plain-text or Markdown copy of "
            "the source's text"
        )
    text = raw.decode("utf-8-sig")
    if path.suffix.lower() not in (".md", ".markdown"):
        return text
    from markdown_it import MarkdownIt

    words = []
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type.endswith("_close") and token.block:
            words.append("\n")
    return "".join(words)


def _problem(data: Any, file: str, loc: Loc, message: str, severity: str = "error") -> Problem:
    line, col = locate(data, loc)
    return Problem(file, line, col, format_loc(loc), message, severity)  # type: ignore[arg-type]
