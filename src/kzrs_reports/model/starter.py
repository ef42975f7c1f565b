"""A new visit file to start a brief from: every section, the rules in comments.

The file (``starter.yaml`` beside this module) is written by hand, so that its comments can
teach; only its id, its file name and its dates are filled in. Its values are written the way
the loader reads them as what they are: text that YAML would take for something else is in
quotes. It passes ``check`` and builds as it stands, in every kind of document
(``tests/cli/test_new.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from kzrs_reports.model.text import is_id

STARTER = Path(__file__).with_name("starter.yaml")
"""The new visit file, with ``${…}`` where its id, file name and dates go."""

FALLBACK_ID = "new-brief"
"""The id of a new file whose name gives none."""

_NOT_ID = re.compile(r"[^a-z0-9]+")
_PRINTABLE = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$")


def brief_id_for(path: Path) -> str:
    """An id for the brief in a new file at ``path``, from its name: ``Visit 2027.yaml`` gives
    ``visit-2027``; a name without a letter or digit gives :data:`FALLBACK_ID`."""
    found = _NOT_ID.sub("-", path.stem.lower()).strip("-")[:64].rstrip("-")
    return found if found and is_id(found) else FALLBACK_ID


def starter_visit(path: Path, today: dt.date) -> str:
    """The text of a new visit file to be written at ``path``, dated ``today``.

    Its brief is dated ``today`` (a one-day visit ending that day); its planned milestone
    falls next year and its next step's due date a month on, so the file holds no event in
    the wrong tense on the day it is written.
    """
    name = str(path) if _PRINTABLE.match(str(path)) else "FILE"
    values = {
        "id": brief_id_for(path),
        "file": name,
        "stem": brief_id_for(path),
        "date": today.isoformat(),
        "start": (today - dt.timedelta(days=1)).isoformat(),
        "end": today.isoformat(),
        "next_year": str(today.year + 1),
        "due": (today + dt.timedelta(days=30)).isoformat(),
    }
    return Template(STARTER.read_text(encoding="utf-8")).substitute(values)
