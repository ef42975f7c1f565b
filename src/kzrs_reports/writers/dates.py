"""The one instant a document says it was made, the same on every machine and every day.

reproducible-builds.org's ``SOURCE_DATE_EPOCH`` (whole seconds since 1970-01-01 UTC) wins
when it is set; otherwise the document's own date (the brief's date) is used. The clock is
never read.
"""

from __future__ import annotations

import datetime as dt
import os

from kzrs_reports.core.errors import SourceDateError

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def document_instant(iso_date: str) -> dt.datetime | None:
    """When a document says it was created and last modified, as an aware UTC datetime.

    ``SOURCE_DATE_EPOCH`` when set (and not empty); else ``iso_date`` (a bare date is midnight
    UTC; a time with an offset is converted to UTC); None when neither gives one.
    Raises :class:`SourceDateError` for a malformed ``SOURCE_DATE_EPOCH`` and
    :class:`ValueError` for an ``iso_date`` that is not ISO 8601.
    """
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch:
        if not epoch.isascii() or not epoch.isdigit():
            raise SourceDateError(
                f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970, not {epoch!r}"
            )
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise SourceDateError(f"{SOURCE_DATE_EPOCH}={epoch} is out of range") from None
    if not iso_date:
        return None
    try:
        when = dt.datetime.fromisoformat(iso_date)
    except ValueError as error:
        raise ValueError(f"metadata date {iso_date!r} is not an ISO 8601 date") from error
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)
