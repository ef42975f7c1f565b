"""Validate parsed data against a document model and its cross checks, locating every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarbool import ScalarBoolean

from kzrs_reports.core.problems import Problem
from kzrs_reports.load.locate import Target, key_text, locate
from kzrs_reports.load.messages import message_for
from kzrs_reports.load.problems import format_loc
from kzrs_reports.model.checks import Finding, cross_check
from kzrs_reports.model.translated import KEY
from kzrs_reports.model.visit import VisitFile

M = TypeVar("M", bound=BaseModel)

_SKIPPED = {"end_before_start"}
"""Model errors the cross checks report at a better place (``visit.end``)."""


def to_plain(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """Copy round-trip data into plain dicts, lists, str, int, float, bool, dates."""
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    plain: Any
    if isinstance(value, dict):
        plain = {}
        memo[id(value)] = plain
        for key, item in value.items():
            plain[key if type(key) is str else key_text(key)] = to_plain(item, memo)
    elif isinstance(value, list):
        plain = []
        memo[id(value)] = plain
        plain.extend(to_plain(item, memo) for item in value)
    elif isinstance(value, ScalarBoolean):
        plain = bool(value)
    elif isinstance(value, str):
        plain = str(value)
    elif isinstance(value, float):
        plain = float(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        plain = int(value)
    elif isinstance(value, dt.datetime):
        plain = dt.datetime(*value.timetuple()[:6], value.microsecond, value.tzinfo)
    elif hasattr(value, "value") and isinstance(value.value, str):  # a tagged scalar
        plain = str(value.value)
    else:
        plain = value
    return plain


def _spelt(data: Any, loc: tuple[Any, ...]) -> str | None:
    """A number, date or time at ``loc`` as the file spells it (``3.10``, ``1e3``,
    ``2026-05-01``), or None for anything else."""
    value = data
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
        return None
    return str(RoundTripRepresenter().represent_data(value).value)


def _model_problems(
    data: Any, exc: ValidationError, file: str, root: type[BaseModel]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        if error["type"] in _SKIPPED:
            continue
        loc = tuple(error["loc"])
        target = {"extra_forbidden": Target.KEY, "missing": Target.PARENT}.get(
            error["type"], Target.VALUE
        )
        if loc[-1:] == (KEY,):  # a mapping's key is wrong (a language tag): point at it
            loc, target = loc[:-1], Target.KEY
        line, col = locate(data, loc, target)
        message = message_for(error, root, _spelt(data, loc))
        problems.append(Problem(file, line, col, format_loc(loc), message))
    return problems


def validate(
    data: Any,
    file: str,
    model: type[M] = VisitFile,  # type: ignore[assignment]
    checks: Callable[[Any], Iterable[Finding]] = cross_check,
    context: Any = None,
) -> tuple[M | None, list[Problem]]:
    """Validate round-trip ``data`` as a ``model`` (the visit unless told) and its ``checks``,
    with ``context`` given to the model's validators (the marking schemes: ``model.scheme``).

    Returns (the document, or None if there is any problem; the problems).
    """
    plain = to_plain(data)
    visit: M | None = None
    problems: list[Problem] = []
    try:
        visit = model.model_validate(plain, context=context)
    except ValidationError as exc:
        problems = _model_problems(data, exc, file, model)
    for finding in checks(plain):
        line, col = locate(data, finding.loc)
        message = finding.message
        if finding.first is not None:
            message += f" (first at line {locate(data, finding.first)[0]})"
        problems.append(Problem(file, line, col, format_loc(finding.loc), message))
    return (None if problems else visit), problems
