"""A build's outcome says what the document is (title, marking, edition…), whether it was
built just now or found up to date, so nothing downstream reads the data file again."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest

import kzrs_reports.load
from clirun import SAMPLE
from kzrs_reports.build import BuildOptions, DocumentFacts
from kzrs_reports.incremental import run_build
from kzrs_reports.incremental.record import read_record, record_path

SAMPLE_FACTS = DocumentFacts(
    id="kz-rs-visit-2026",
    kind="summary",
    title="Kazakhstan–Serbia: the 2026 visit to Astana",
    classification="OFFICIAL",
    marking_scheme="uk",
    language="en-GB",
    edition="1.0",
    date=dt.date(2026, 3, 2),
)


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory) -> BuildOptions:
    root = tmp_path_factory.mktemp("facts")
    return BuildOptions(root / "out", root / "charts", formats=("pdf",), kind="summary")


def it_gives_the_documents_facts_when_it_builds(options: BuildOptions) -> None:
    outcome = run_build(SAMPLE, options, force=True)
    assert outcome.status == "built", outcome.reason
    assert outcome.facts == SAMPLE_FACTS


def it_gives_them_from_the_record_without_loading_the_data_when_current(
    options: BuildOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_build(SAMPLE, options).status in ("built", "current")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an up-to-date build loaded its data file")

    monkeypatch.setattr(kzrs_reports.load, "load_visit", refuse)
    outcome = run_build(SAMPLE, options)
    assert outcome.status == "current"
    assert outcome.facts == SAMPLE_FACTS


def it_keeps_the_facts_when_an_outcome_crosses_to_another_process(
    options: BuildOptions,
) -> None:
    outcome = run_build(SAMPLE, options)
    assert pickle.loads(pickle.dumps(outcome)) == outcome  # noqa: S301 (our own bytes)


def it_builds_again_when_a_record_of_an_older_format_has_no_facts(options: BuildOptions) -> None:
    run_build(SAMPLE, options)
    path = record_path(options.out_dir, SAMPLE, options.kind)
    body = json.loads(path.read_text(encoding="utf-8"))
    del body["facts"]
    body["format"] = 1
    path.write_text(json.dumps(body), encoding="utf-8")
    assert read_record(path) is None
    outcome = run_build(SAMPLE, options)
    assert outcome.status == "built"
    assert outcome.facts == SAMPLE_FACTS


def it_does_not_trust_a_record_whose_facts_are_damaged(options: BuildOptions) -> None:
    run_build(SAMPLE, options)
    path = record_path(options.out_dir, SAMPLE, options.kind)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["facts"]["date"] = "the second of March"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert read_record(path) is None
    assert run_build(SAMPLE, options).status == "built"
