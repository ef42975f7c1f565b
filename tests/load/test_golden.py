"""Golden tests: each rejected case of the hostile corpus (tests/hostile/visit/<name>.yaml or
.json beside <name>.expected) gives exactly the expected lines when loaded.

Messages are compared with the file shown by name only, so the tests run from any directory.
The same cases run through the command line in tests/hostile/test_corpus.py; this test loads
them in-process, to point at the loader when one fails. To add a case: copy
tests/load/minimal.yaml into tests/hostile/visit/, break it, and write the lines you expect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrs_reports.core.errors import DataError
from kzrs_reports.load import load_visit
from kzrs_reports.templates import load_template_set
from kzrs_reports.templates.coverage import drawable_characters, font_names

BAD = Path(__file__).parents[1] / "hostile" / "visit"

CASES = sorted(
    p
    for p in BAD.iterdir()
    if p.suffix in (".yaml", ".json") and p.with_suffix(".expected").exists()
)


THEME = load_template_set().theme


def _lines(path: Path) -> list[str]:
    """The problems as ``check`` reports them with the default house style."""
    with pytest.raises(DataError) as caught:
        load_visit(path, drawable_characters(THEME), font_names(THEME))
    return [str(p).replace(str(path), path.name, 1) for p in caught.value.problems]


def test_every_fixture_has_its_expected_outcome() -> None:
    data = {p.with_suffix("") for p in BAD.iterdir() if p.suffix in (".yaml", ".json")}
    outcomes = {p.with_suffix("") for p in BAD.iterdir() if p.suffix in (".expected", ".literal")}
    assert data <= outcomes


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_bad_file_reports_exactly_the_expected_problems(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _lines(path) == expected
