"""The Jinja2 environment templates run in: sandboxed, strict, and escaping every value.

Every ``{{ … }}`` output passes through :func:`_finalize`, which escapes it as Markdown text
unless it is already :class:`~kzrs_reports.templates.escape.Markdown` (the result of the
``rich`` filter or of ``cite``). So no data value can add a heading, a table row or markup,
and since the data is only ever a *value* here, never template source, ``{{ 7*7 }}`` in a
title prints as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kzrs_reports.model.dates import PartialDate
from kzrs_reports.templates.escape import Markdown, escape_markdown, rich_markdown, web_link


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return value
    return escape_markdown(value)


def make_environment(template_dir: Path) -> SandboxedEnvironment:
    """A sandboxed, StrictUndefined environment loading templates from ``template_dir``."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(template_dir),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rich"] = rich_markdown
    env.filters["link"] = web_link
    return env


@cache
def date_filters(language: str) -> dict[str, Callable[..., str]]:
    """Date formatting in ``language`` (a BCP 47 tag), for a template's globals."""
    locale = Locale.parse(language, sep="-")

    def long_date(value: dt.date | PartialDate) -> str:
        if isinstance(value, PartialDate):
            if value.day is not None:
                return format_date(value.earliest, "long", locale=locale)
            if value.month is not None:
                return format_skeleton("yMMMM", value.earliest, locale=locale)
            return str(value.year)
        return format_date(value, "long", locale=locale)

    def date_range(start: dt.date, end: dt.date) -> str:
        if start == end:
            return format_date(start, "long", locale=locale)
        return format_interval(start, end, "yMMMMd", locale=locale)

    return {"long_date": long_date, "date_range": date_range}


def citation_function(source_ids: list[str]) -> Callable[[str], Markdown]:
    """``cite(id)``: the citation ``[n]`` for source ``id``, linked to its entry in the list.

    Sources are numbered in the order the data file lists them.
    """
    numbers: Mapping[str, int] = {sid: i for i, sid in enumerate(source_ids, start=1)}

    def cite(source_id: str) -> Markdown:
        n = numbers[source_id]
        return Markdown(f"[\\[{n}\\]](#source-{n})")

    return cite
