"""Comparing two editions and wording the changes: matching, order, and labels as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kzrs_reports.changes import Change, compare, describe, sentence
from kzrs_reports.changes.compare import match
from kzrs_reports.changes.words import plain_text
from kzrs_reports.core.errors import TemplateError
from kzrs_reports.load import load_visit
from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates import load_template_set

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
EDITION_2 = ROOT / "tests" / "data" / "edition-2.yaml"


@pytest.fixture(scope="module")
def sample() -> VisitFile:
    return load_visit(SAMPLE)


@pytest.fixture(scope="module")
def labels() -> Any:
    return load_template_set().labels


def edit(visit: VisitFile, **sections: Any) -> VisitFile:
    """``visit`` with whole sections replaced (lists of dicts or models)."""
    data = visit.model_dump()
    data.update(sections)
    return VisitFile.model_validate(data)


def iso(value: dt.date | PartialDate) -> str:
    return str(value) if isinstance(value, PartialDate) else value.isoformat()


def it_finds_no_changes_between_equal_files(sample: VisitFile) -> None:
    assert compare(sample, sample) == []


def it_lists_the_second_editions_changes_in_the_briefs_order(sample: VisitFile) -> None:
    changes = compare(sample, load_visit(EDITION_2))
    assert [(c.section, c.kind, c.field) for c in changes] == [
        ("brief", "changed", "edition"),
        ("brief", "changed", "date"),
        ("key_messages", "added", None),
        ("agreements", "changed", "status"),
        ("agreements", "added", "status"),
        ("agreements", "removed", "status"),
        ("sectors", "changed", "priority"),
        ("sectors", "changed", "basis"),
        ("sectors", "changed", "priority"),
        ("milestones", "added", "date"),
        ("milestones", "changed", "date"),
        ("milestones", "removed", "date"),
        ("risks", "changed", "detail"),
        ("risks", "removed", None),
        ("next_steps", "changed", "owner"),
        ("next_steps", "changed", "due"),
        ("next_steps", "removed", "due"),
    ]
    energy = changes[6]
    assert (energy.subject, energy.before, energy.after) == ("Energy", 3, 4)


def it_matches_equal_names_first_with_first_and_keeps_order() -> None:
    old = ["a", "b", "a", "c"]
    new = ["c", "a", "d", "a", "a"]
    pairs, removed = match(old, new, lambda x: x)
    assert pairs == [("c", "c"), ("a", "a"), (None, "d"), ("a", "a"), (None, "a")]
    assert removed == ["b"]


def it_pairs_a_moved_milestone_by_its_title(sample: VisitFile) -> None:
    milestones = [m.model_dump() for m in sample.relations.milestones]
    milestones[1]["date"] = "2020"
    relations = {"established": 1996, "milestones": milestones}
    (change,) = compare(sample, edit(sample, relations=relations))
    assert change == Change(
        "milestones",
        "changed",
        "Serbia–EAEU free trade agreement signed",
        "date",
        PartialDate(2019),
        PartialDate(2020),
    )


def it_words_a_change_with_the_labels(labels: Any) -> None:
    raised = Change("sectors", "changed", "Energy", "priority", 3, 4)
    lowered = Change("sectors", "changed", "Energy", "priority", 4, 3)
    assert sentence(raised, labels, iso) == "Priority of Energy raised from 3 to 4"
    assert sentence(lowered, labels, iso) == "Priority of Energy lowered from 4 to 3"
    moved = Change("agreements", "changed", "X", "sector", None, "Energy")
    assert sentence(moved, labels, iso) == "Sector of “X” changed from none to Energy"


def it_takes_every_word_from_the_labels_so_a_language_needs_no_code(labels: Any) -> None:
    french = {
        "changes": {
            **labels["changes"],
            "sectors": {"raised": "Priorité « {subject} » relevée de {before} à {after}"},
            "sections": {**labels["changes"]["sections"], "sectors": "Priorités"},
        }
    }
    changes = [Change("sectors", "changed", "Énergie", "priority", 3, 4)]
    previous = load_visit(SAMPLE).brief
    described = describe(changes, previous, french, "fr")
    assert described.groups == [("Priorités", ["Priorité « Énergie » relevée de 3 à 4"])]
    none = describe([], previous, french, "fr").none
    assert none == "No changes since edition 1.0 of 2 mars 2026."


def it_fills_placeholders_once_so_values_stay_as_typed(labels: Any) -> None:
    hostile = "{after} {{ 7*7 }} <b>x</b> *x* $x$"
    change = Change("next_steps", "changed", hostile, "owner", "{subject}", "{before}")
    assert sentence(change, labels, iso) == (
        f"Owner of “{hostile}” changed from {{subject}} to {{before}}"
    )


def it_shows_the_words_of_a_rich_key_message() -> None:
    assert plain_text("Move *from symbolic* to [real](https://x.org) \\*work\\*") == (
        "Move from symbolic to real *work*"
    )


def it_names_a_missing_label(labels: Any) -> None:
    cut = {"changes": {**labels["changes"], "risks": {}}}
    with pytest.raises(TemplateError, match=r"labels.yaml: missing label changes.risks.added"):
        sentence(Change("risks", "added", "X"), cut, iso)
    odd = {"changes": {**labels["changes"], "risks": {"added": "Risk {title}"}}}
    with pytest.raises(TemplateError, match=r"changes.risks.added: unknown placeholder \{title\}"):
        sentence(Change("risks", "added", "X"), odd, iso)
