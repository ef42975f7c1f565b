"""Dates known to a year, a month or a day, as news reports give them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date with year, optional month and optional day; sorts by its earliest moment."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``2019``, ``"2019"``, ``"2026-04"``, ``"2026-02-26"`` or a date.

        Raises ValueError for anything else, or for a month or day that does not exist.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("expected a date, not a date and time")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not (match := _PATTERN.match(value.strip())):
            raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:  # a month or day of 00 is not "no month": it does not exist
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as exc:
            raise ValueError(f"{value.strip()} is not a real date: {exc}") from None
        return cls(year, month, day)

    def __lt__(self, other: PartialDate) -> bool:
        return (self.earliest, self.latest) < (other.earliest, other.latest)

    @property
    def earliest(self) -> dt.date:
        """The first day the date could mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date could mean."""
        if self.day is not None:
            return self.earliest
        if self.month is None:
            return dt.date(self.year, 12, 31)
        next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    @property
    def as_year_fraction(self) -> float:
        """Position on a year axis: the middle of the period the date names."""
        first, last = self.earliest, self.latest
        middle = first + (last - first) / 2
        start = dt.date(middle.year, 1, 1)
        length = (dt.date(middle.year + 1, 1, 1) - start).days
        return middle.year + (middle - start).days / length

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": ["string", "integer"],
            "pattern": _PATTERN.pattern,
            "description": "A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD.",
        }
