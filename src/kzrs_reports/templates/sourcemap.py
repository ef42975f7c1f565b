"""Where each line of a template's output was written, so a mistake in it names the template.

The document model is parsed from a template's output, and what the parser refuses (a
heading too deep, a link to a heading that does not exist) is a mistake in the template. A
:class:`SourceMap` says which file and line of the template set wrote a line of the output.

Jinja compiles a template to a Python generator and keeps a table from the generator's lines
back to the template's. Each time the generator yields a piece of output, the line it is
paused on is the statement that wrote the piece; text copied from the template as it stands
is found again on the template's own lines, so its place is exact. An included template's
output is placed at its ``include``. Noting where the generator paused makes rendering five
times slower (a paused generator's frame must be made to be read), and a place is asked for
only when something is wrong: so a template is rendered plainly (:func:`render_bounded`), and
rendered again, noting, when the first place is asked for (:class:`LateSourceMap`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, Template

LOOK_AHEAD = 12
"""How many template lines after the statement's own are searched for its literal text (a
piece of text after a loop is placed at the loop's last statement, some lines above it)."""


@dataclass(frozen=True)
class Paused:
    """Where the generator paused after yielding a piece of output."""

    template: str
    """The template's name in its set."""
    code_line: int
    """The line of the compiled template's Python code."""
    text: str
    """The piece of output."""


@dataclass(frozen=True)
class SourceMap:
    """For each piece of output, the output line it starts on and where it was written."""

    environment: Environment
    starts: tuple[int, ...]
    pieces: tuple[Paused, ...]

    def place(self, line: int) -> str | None:
        """``file:line`` of the template line that wrote output ``line`` (1-based), or None."""
        index = bisect.bisect_right(self.starts, line) - 1
        if index < 0:
            return None
        paused = self.pieces[index]
        template = self.environment.get_template(paused.template)
        template_line = template.get_corresponding_lineno(paused.code_line)
        file = template.filename or paused.template
        first = next((text for text in paused.text.split("\n") if text.strip()), "")
        loader = self.environment.loader
        if first and loader is not None:
            lines = loader.get_source(self.environment, paused.template)[0].split("\n")
            found = _literal_line(lines, template_line, first)
            if found is not None:
                # Literal text: the lines of the piece follow the template's one for one.
                skipped = paused.text[: paused.text.index(first)].count("\n")
                return f"{file}:{found - skipped + line - self.starts[index]}"
        return f"{file}:{template_line}"


def _literal_line(lines: list[str], near: int, text: str) -> int | None:
    """The template line, from ``near`` on, that holds ``text``: one that is exactly it if
    there is one, else the first that contains it."""
    window = range(near, min(near + LOOK_AHEAD, len(lines)) + 1)
    exact = next((n for n in window if lines[n - 1].strip() == text.strip()), None)
    return exact if exact is not None else next((n for n in window if text in lines[n - 1]), None)


@dataclass
class LateSourceMap:
    """A source map made when the first place is asked for, by rendering again.

    ``remake`` renders the template again as it was rendered (:func:`render_mapped`); the text
    it gives must be ``text``, or no place is known.
    """

    remake: Callable[[], tuple[str, SourceMap]]
    text: str
    _made: list[SourceMap | None] = field(default_factory=list)

    def place(self, line: int) -> str | None:
        """As :meth:`SourceMap.place`; None when the template no longer renders ``text``."""
        if not self._made:
            try:
                text, places = self.remake()
            except Exception:  # a template that fails now: its first rendering stands alone
                text, places = "", None
            self._made.append(places if text == self.text else None)
        made = self._made[0]
        return made.place(line) if made is not None else None


def render_bounded(template: Template, context: Mapping[str, Any], limit: int) -> str:
    """``template`` rendered with ``context``. Raises what rendering raises; a
    :class:`jinja2.exceptions.SecurityError` when the output would pass ``limit`` characters.
    """
    from jinja2.exceptions import SecurityError

    parts: list[str] = []
    size = 0
    for chunk in template.generate(**context):
        size += len(chunk)
        if size > limit:
            raise SecurityError(f"the template wrote more than {limit:,} characters")
        parts.append(chunk)
    return "".join(parts)


def render_mapped(
    template: Template, context: Mapping[str, Any], limit: int
) -> tuple[str, SourceMap]:
    """``template`` rendered with ``context``, and where each line of the output came from.

    Raises what rendering raises; a :class:`jinja2.exceptions.SecurityError` when the output
    would pass ``limit`` characters.
    """
    from jinja2.exceptions import SecurityError

    parts: list[str] = []
    starts: list[int] = []
    pieces: list[Paused] = []
    size, line = 0, 1
    generator = template.generate(**context)
    for chunk in generator:
        size += len(chunk)
        if size > limit:
            raise SecurityError(f"the template wrote more than {limit:,} characters")
        paused = _paused(generator, chunk)
        if paused is not None:
            starts.append(line)
            pieces.append(paused)
        parts.append(chunk)
        line += chunk.count("\n")
    return "".join(parts), SourceMap(template.environment, tuple(starts), tuple(pieces))


def _paused(generator: Iterator[str], chunk: str) -> Paused | None:
    """Where the template generator is paused, having just yielded ``chunk``."""
    inner: Any = generator
    while getattr(inner, "gi_yieldfrom", None) is not None:
        inner = inner.gi_yieldfrom
    frame = getattr(inner, "gi_frame", None)
    name = frame.f_globals.get("name") if frame is not None else None
    if frame is None or not isinstance(name, str):
        return None
    return Paused(name, frame.f_lineno, chunk)
