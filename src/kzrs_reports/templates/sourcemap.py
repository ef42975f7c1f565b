"""Where each line of a template's output was written, so a mistake in it names the template.

The document model is parsed from a template's output, and what the parser refuses (a
heading too deep, a link to a heading that does not exist) is a mistake in the template. A
:class:`SourceMap` says which file and line of the template set wrote a line of the output.

Jinja compiles a template to a Python generator and keeps a table from the generator's lines
back to the template's. Each time the generator yields a piece of output, the line it is
paused on is the statement that wrote the piece; text copied from the template as it stands
is found again on the template's own lines, so its place is exact. An included template's
output is placed at its ``include``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

LOOK_AHEAD = 4
"""How many template lines after the statement's own are searched for its literal text."""


@dataclass(frozen=True)
class SourceMap:
    """For each piece of output: the output line it starts on, its template file and line,
    and whether it is text copied from the template (whose later lines follow the template's
    lines one for one)."""

    starts: tuple[int, ...]
    pieces: tuple[tuple[str, int, bool], ...]

    def place(self, line: int) -> str | None:
        """``file:line`` of the template line that wrote output ``line`` (1-based), or None."""
        index = bisect.bisect_right(self.starts, line) - 1
        if index < 0:
            return None
        file, template_line, literal = self.pieces[index]
        offset = line - self.starts[index] if literal else 0
        return f"{file}:{template_line + offset}"


def render_mapped(
    template: Template, context: Mapping[str, Any], limit: int
) -> tuple[str, SourceMap]:
    """``template`` rendered with ``context``, and where each line of the output came from.

    Raises what rendering raises; a :class:`jinja2.exceptions.SecurityError` when the output
    would pass ``limit`` characters.
    """
    from jinja2.exceptions import SecurityError

    environment = template.environment
    sources: dict[str, list[str]] = {}
    parts: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[str, int, bool]] = []
    size, line = 0, 1
    generator = template.generate(**context)
    for chunk in generator:
        size += len(chunk)
        if size > limit:
            raise SecurityError(f"the template wrote more than {limit:,} characters")
        place = _place(generator, environment, sources, chunk)
        if place is not None and (not pieces or pieces[-1] != place or place[2]):
            starts.append(line)
            pieces.append(place)
        parts.append(chunk)
        line += chunk.count("\n")
    return "".join(parts), SourceMap(tuple(starts), tuple(pieces))


def _place(
    generator: Iterator[str],
    environment: SandboxedEnvironment | Any,
    sources: dict[str, list[str]],
    chunk: str,
) -> tuple[str, int, bool] | None:
    """The template file and line the generator is paused on after yielding ``chunk``, and
    whether ``chunk`` is literal text found on the template's lines from there."""
    inner: Any = generator
    while getattr(inner, "gi_yieldfrom", None) is not None:
        inner = inner.gi_yieldfrom
    frame = getattr(inner, "gi_frame", None)
    name = frame.f_globals.get("name") if frame is not None else None
    if frame is None or not isinstance(name, str) or environment.loader is None:
        return None
    template = environment.get_template(name)
    line = template.get_corresponding_lineno(frame.f_lineno)
    file = template.filename or name
    first = next((text for text in chunk.split("\n") if text.strip()), "")
    if first:
        lines = sources.get(name)
        if lines is None:
            source = environment.loader.get_source(environment, name)[0]
            lines = sources[name] = source.split("\n")
        for candidate in range(line, min(line + LOOK_AHEAD, len(lines)) + 1):
            if first in lines[candidate - 1]:
                skipped = chunk[: chunk.index(first)].count("\n")
                return file, candidate - skipped, True
    return file, line, False
