"""Partial dates: a year, a month or a day, and nothing that does not exist."""

from __future__ import annotations

import pytest

from kzrs_reports.model.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2026-02", "2026-02-01", "2026-02-28"),
        ("2026-02-26", "2026-02-26", "2026-02-26"),
    ],
)
def it_reads_a_year_a_month_or_a_day(text: str, earliest: str, latest: str) -> None:
    date = PartialDate.parse(text)
    assert (date.earliest.isoformat(), date.latest.isoformat()) == (earliest, latest)
    assert str(date) == text


@pytest.mark.parametrize("text", ["2026-00", "2026-13", "2026-02-00", "2026-02-30"])
def it_refuses_a_month_or_day_that_does_not_exist(text: str) -> None:
    with pytest.raises(ValueError, match=f"{text} is not a real date"):
        PartialDate.parse(text)
