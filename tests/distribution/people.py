"""Test recipients."""

from __future__ import annotations

from kzrs_reports.distribution.recipients import Recipient


def person(n: int, clearance: str = "OFFICIAL", name: str | None = None) -> Recipient:
    """The ``n``-th test recipient, ``reader{n}@example.org``."""
    return Recipient(name or f"Reader {n}", f"reader{n}@example.org", "MFA", clearance, "en", n + 1)
