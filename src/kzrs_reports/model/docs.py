"""Field docstrings as descriptions in the JSON Schema, read only when a schema is made.

pydantic's ``use_attribute_docstrings`` reads them while each model class is built, walking
frames and tokenizing source: a tenth of the time ``check`` takes, for text that only
``kzrs-reports schema`` prints. Here one parse of the models' module, on the first schema,
gives the same descriptions.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import BaseModel


def describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Give each property of ``model``'s JSON ``schema`` the docstring under its field.

    For use as ``json_schema_extra``. As with pydantic's ``use_attribute_docstrings``, a field
    whose type already carries a description (``Field(description=...)``) keeps that one.
    """
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):  # a field declared on a base keeps the base's docstring
        docs |= field_docstrings(cls.__module__).get(cls.__qualname__, {})
    properties = schema.get("properties", {})
    for name, info in model.model_fields.items():
        key = info.alias or name
        if name in docs and info.description is None and key in properties:
            properties[key]["description"] = docs[name]


@cache
def field_docstrings(module: str) -> dict[str, dict[str, str]]:
    """Per class of ``module`` (top-level classes), each annotated field's docstring.

    A docstring is a string statement right after the field's annotated assignment, cleaned
    like any docstring (:func:`inspect.cleandoc`).
    """
    try:
        source = inspect.getsource(sys.modules[module])
    except (OSError, TypeError):  # installed without its source: no descriptions, no crash
        return {}
    tree = ast.parse(source)
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = _class_docstrings(node.body)
    return found


def _class_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    docs = {}
    for previous, statement in pairwise(body):
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
    return docs
