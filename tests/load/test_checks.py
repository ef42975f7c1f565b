"""The cross checks of kzrs_reports.model.checks, on raw data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kzrs_reports.load import load_visit
from kzrs_reports.model import checks

MINIMAL = Path(__file__).parent / "minimal.yaml"


def _raw() -> Any:
    return YAML(typ="safe").load(MINIMAL)


def test_a_valid_visit_has_no_findings() -> None:
    assert checks.check_visit(load_visit(MINIMAL)) == []


def test_a_source_reference_must_name_a_source() -> None:
    data = _raw()
    data["risks"] = [{"title": "R", "detail": "D", "source": "other"}]
    assert checks.check_source_refs(data) == [
        checks.Finding(("risks", 0, "source"), "unknown source 'other' (known: news)")
    ]


def test_a_reference_that_is_not_an_id_is_left_to_the_model() -> None:
    data = _raw()
    data["visit"]["source"] = ["not", "an", "id"]
    assert checks.check_source_refs(data) == []


def test_a_duplicate_id_points_at_the_first() -> None:
    data = _raw()
    data["sources"].append({"id": "news", "title": "T", "publisher": "P"})
    [finding] = checks.check_unique_ids(data)
    assert finding.loc == ("sources", 1, "id") and finding.first == ("sources", 0, "id")


def test_a_month_milestone_in_the_brief_month_is_not_after_it() -> None:
    data = _raw()
    data["relations"]["milestones"][1] = {"date": "2026-03", "title": "T", "source": "news"}
    assert checks.check_milestones(data) == []


def test_checks_survive_any_shape_of_data() -> None:
    for data in (None, [], "text", {"visit": [], "relations": {"milestones": "x"}, "sources": 3}):
        assert checks.cross_check(data) == []
