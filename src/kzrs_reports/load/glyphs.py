"""Characters the brief's fonts cannot draw, named with the field that holds them."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterator
from typing import Any

from kzrs_reports.core.problems import Problem
from kzrs_reports.load.locate import locate
from kzrs_reports.load.problems import Loc, format_loc
from kzrs_reports.model.text import normalise_text, refused

_MAX_NAMED = 3
"""Characters named per field; more are counted."""


def glyph_problems(data: Any, file: str, drawable: Collection[int], fonts: str) -> list[Problem]:
    """One problem per text value in ``data`` holding characters not in ``drawable``.

    Control characters, lone surrogates and bidi controls are left to the model's own text
    check, which names them once (and never echoes them raw to a terminal).
    """
    problems = []
    for loc, typed in _strings(data, ()):
        text = normalise_text(typed)  # as it will print: accents composed, paste debris gone
        missing = list(
            dict.fromkeys(
                c for c in text if ord(c) not in drawable and not c.isspace() and not refused(c)
            )
        )
        if not missing:
            continue
        named = ", ".join(
            f"{c} U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}"
            for c in missing[:_MAX_NAMED]
        )
        more = f" and {len(missing) - _MAX_NAMED} more" if len(missing) > _MAX_NAMED else ""
        message = f"{fonts} cannot print {named}{more}; remove or replace it"
        line, col = locate(data, loc)
        problems.append(Problem(file, line, col, format_loc(loc), message))
    return problems


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
