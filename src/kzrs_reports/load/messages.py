"""Turn pydantic's validation errors into plain desk-officer English."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from kzrs_reports.load.problems import Loc
from kzrs_reports.model.text import check_text
from kzrs_reports.model.visit import VisitFile

_ID_HINT = "lower-case letters, digits and hyphens, e.g. dknews-2026-02"
_PATTERN_HINTS = {
    "a-z0-9][a-z0-9-]": f"must be an id: {_ID_HINT}",
    "[a-z]{2,3}": "must be a language tag such as en or en-GB",
    "https?://": "must be a web address starting with http:// or https://",
    "\\p{Ll}": "must be a lower-case name (letters, spaces and hyphens)",
}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional from a type."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def field_at(
    loc: Loc, root: type[BaseModel] = VisitFile
) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """Return (the model holding the last part of ``loc`` below ``root``, its field info)."""
    current: Any = root
    model: type[BaseModel] | None = None
    info: FieldInfo | None = None
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) and get_origin(current) is list:
            current, model, info = get_args(current)[0], None, None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            model = current
            info = current.model_fields.get(str(part))
            if info is None:
                return model, None
            current = info.annotation
        else:
            return None, None
    return model, info


def describe(value: Any) -> str:
    """Describe an input value briefly, as a desk officer would read it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _range(info: FieldInfo | None, error: ErrorDetails) -> str:
    ctx = error.get("ctx", {})
    low = next((m.ge for m in info.metadata if isinstance(m, Ge)), None) if info else None
    high = next((m.le for m in info.metadata if isinstance(m, Le)), None) if info else None
    low = ctx.get("ge", low)
    high = ctx.get("le", high)
    if low is not None and high is not None:
        return f"must be from {low} to {high}"
    return f"must be at least {low}" if low is not None else f"must be at most {high}"


def _choices(info: FieldInfo | None, error: ErrorDetails) -> list[str]:
    if info is not None:
        kind = _unwrap(info.annotation)
        if get_origin(kind) is Literal:
            return [str(a) for a in get_args(kind)]
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _unknown_field(loc: Loc, root: type[BaseModel]) -> str:
    name = str(loc[-1])
    model, _ = field_at(loc, root)
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"unknown field '{name}'; did you mean '{close[0]}'?"
    return (
        f"unknown field '{name}' (allowed: {', '.join(known)})"
        if known
        else f"unknown field '{name}'"
    )


def message_for(
    error: ErrorDetails, root: type[BaseModel] = VisitFile, spelt: str | None = None
) -> str:
    """Return a plain-English message for one pydantic error in a ``root`` document.

    ``spelt`` is the value as the file spells it (``3.10``, not the number 3.1), if known.
    """
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    got = f" (got {spelt or describe(value)})"
    _, info = field_at(loc, root)
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc, root)
    if kind == "literal_error":
        return f"must be one of: {', '.join(_choices(info, error))}{got}"
    if kind.startswith(("date_", "datetime_")):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return f"{value.strip()} is not a real date"
        return f"expected a date as YYYY-MM-DD{got}"
    if kind.startswith("bool_"):
        note = ""
        if isinstance(value, str) and value.lower() in _YAML11_BOOLS:
            note = "; YAML 1.2 reads yes, no, on and off as text"
        return f"expected true or false{got}{note}"
    if kind.startswith("int_"):
        hint = "; remove the quotes" if isinstance(value, str) and value.strip().isdigit() else ""
        return f"expected a whole number{got}{hint}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _range(info, error) + got
    if kind == "text_or_versions":
        # a list or a value YAML read as a number, a date or true is text once it is quoted
        return f"expected text, or the text by language (en: …, ru: …){got}; put it in quotes"
    if kind == "string_type":
        # Whatever YAML made of it (a number, a date, true, a list from [..], a mapping from
        # "a: b"), written in quotes it is text.
        if value is None:
            return f"expected text{got}; write it after the colon, in quotes if it starts with #"
        return f"expected text{got}; put it in quotes"
    if kind == "string_unicode" and isinstance(value, str):
        # A lone surrogate (from a \ud800 escape) stops pydantic before the text check runs.
        try:
            check_text(value)
        except ValueError as exc:
            return str(exc)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"is too long: {len(str(value))} characters, at most {limit}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        hints = [h for key, h in _PATTERN_HINTS.items() if key in pattern]
        return (hints[0] if hints else f"does not match the pattern {pattern}") + got
    if kind == "too_short":
        return "must list at least one entry"
    if kind == "list_type":
        return f"expected a list{got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields (name: value){got}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    msg = str(error["msg"])
    return msg[:1].lower() + msg[1:]
