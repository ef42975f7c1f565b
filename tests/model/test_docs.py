"""Field docstrings are the descriptions ``kzrs-reports schema`` gives editors."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

from kzrs_reports.model import visit


def _property(schema: dict, model: str, field: str) -> dict:
    return schema["$defs"][model]["properties"][field]


def it_describes_a_field_by_the_docstring_under_it() -> None:
    schema = visit.VisitFile.model_json_schema()
    brief = _property(schema, "Brief", "classification")
    assert brief["description"].startswith(
        "The overall protective marking: a level of `marking_scheme`, by its id or as printed\n"
        "in any language,"
    )
    # The docstring wins over the description its type (PartialDate) gives.
    date = _property(schema, "Milestone", "date")
    assert date["description"] == "A year (2019), a month (2026-04) or a day (2026-02-26)."


def it_keeps_the_description_a_fields_type_gives() -> None:
    # As pydantic does: Field(description=...) in the type (Id) beats the docstring.
    schema = visit.VisitFile.model_json_schema()
    assert _property(schema, "Brief", "id")["description"].startswith("A short identifier")


def it_gives_the_schema_pydantics_own_docstring_reading_gives(tmp_path: Path) -> None:
    source = inspect.getsource(visit)
    assert "json_schema_extra=describe_fields" in source
    copy = tmp_path / "visit_documented.py"
    copy.write_text(
        source.replace("json_schema_extra=describe_fields", "use_attribute_docstrings=True"),
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("visit_documented", copy)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        assert visit.VisitFile.model_json_schema() == module.VisitFile.model_json_schema()
    finally:
        del sys.modules[spec.name]
