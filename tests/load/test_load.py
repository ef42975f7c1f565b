"""Loading good files, and the loader's behaviour beyond the golden fixtures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kzrs_reports.core.errors import DataError, InputFileError, KzrsError
from kzrs_reports.core.problems import Problem
from kzrs_reports.load import load_visit, source

HERE = Path(__file__).parent
MINIMAL = HERE / "minimal.yaml"
BY_LANGUAGE = "the text by language (en: …, ru: …)"
SAMPLE = HERE.parents[1] / "data" / "kz-rs-visit-2026.yaml"
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: \S.*: .+$")


def _write(tmp_path: Path, text: str, name: str = "visit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_visit(path)
    return caught.value.problems


def test_the_sample_loads_without_problems() -> None:
    visit = load_visit(SAMPLE)
    assert visit.brief.id == "kz-rs-visit-2026"
    assert visit.visit.start == dt.date(2026, 2, 26)
    assert len(visit.relations.milestones) == 5


def test_json_and_yaml_give_the_same_visit() -> None:
    assert load_visit(HERE / "minimal.json") == load_visit(MINIMAL)


def test_no_stays_text_under_yaml_1_2(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("city: Astana", "city: NO")
    assert load_visit(_write(tmp_path, text)).visit.city == "NO"


def test_a_quoted_date_is_accepted(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("start: 2026-02-26", 'start: "2026-02-26"')
    assert load_visit(_write(tmp_path, text)).visit.start == dt.date(2026, 2, 26)


def test_anchors_and_aliases_are_allowed(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  distribution: [Desk]", "  distribution: &d [Desk]\n  keywords: *d"
    )
    assert load_visit(_write(tmp_path, text)).brief.keywords == ["Desk"]


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        load_visit(tmp_path / "missing.yaml")


def test_a_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a directory"):
        load_visit(tmp_path)


def test_input_and_data_errors_share_one_base() -> None:
    assert issubclass(InputFileError, KzrsError) and issubclass(DataError, KzrsError)


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 100)
    [problem] = _problems(_write(tmp_path, MINIMAL.read_text(encoding="utf-8")))
    assert (problem.line, problem.col, problem.field) == (1, 1, "(file)")
    assert "too big" in problem.message


def test_a_raw_control_character_is_located(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("city: Astana", "city: Ast\x0bana")
    [problem] = _problems(_write(tmp_path, text))
    assert (problem.line, problem.col) == (15, 12)
    assert "U+000B" in problem.message


def test_a_tag_never_constructs_an_object(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "city: Astana", "city: !!python/object/new:builtins.exit [1]"
    )
    [problem] = _problems(_write(tmp_path, text))
    assert problem.message.startswith("tags are not allowed")


def test_an_explicit_str_tag_is_fine(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('edition: "1.0"', "edition: !!str 1.0")
    assert load_visit(_write(tmp_path, text)).brief.edition == "1.0"


def test_a_json_syntax_error_is_located(tmp_path: Path) -> None:
    [problem] = _problems(_write(tmp_path, '{"brief": {"id": "x",}}', "visit.json"))
    assert (problem.line, problem.col) == (1, 22)


def test_problems_print_as_file_line_col_field_message(tmp_path: Path) -> None:
    problem = Problem("a.yaml", 3, 5, "brief.title", "must not be empty")
    assert str(problem) == "a.yaml:3:5: brief.title: must not be empty"


def test_data_error_lists_every_problem_in_line_order(tmp_path: Path) -> None:
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("    priority: 5", "    priority: 9")
        .replace("  city: Astana", "  city: ''")
        .replace("  end: 2026-02-27", "  end: 2025-01-01")
    )
    problems = _problems(_write(tmp_path, text))
    assert [p.field for p in problems] == ["visit.city", "visit.end", "sectors[0].priority"]
    assert all(PROBLEM_LINE.match(line) for line in str(DataError(problems)).splitlines())


def test_cross_checks_run_when_other_sections_are_invalid(tmp_path: Path) -> None:
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("  title: Test visit\n", "")
        .replace("    source: news\nsectors:", "    source: dknews\nsectors:")
    )
    fields = [p.field for p in _problems(_write(tmp_path, text))]
    assert fields == ["brief.title", "agreements[0].source"]


def test_an_item_that_fails_validation_is_still_cross_checked(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "    sector: transport\n    status: launched", "    sector: energy\n    status: done"
    )
    fields = [p.field for p in _problems(_write(tmp_path, text))]
    assert fields == ["agreements[0].sector", "agreements[0].status"]


def test_an_escaped_control_character_is_named_once(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("city: Astana", 'city: "Ast\\eana"')
    problems = _problems(_write(tmp_path, text))
    assert [(p.line, p.col, p.field) for p in problems] == [(15, 9, "visit.city")]
    assert problems[0].message == "contains control character U+001B at character 4; remove it"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("visit.yaml", "city: Astana", 'city: "Ast\\ud800ana"'),
        ("visit.json", '"Astana"', '"Ast\\ud800ana"'),
    ],
)
def test_a_lone_surrogate_escape_is_named_at_its_field(
    tmp_path: Path, name: str, old: str, new: str
) -> None:
    base = MINIMAL if name.endswith(".yaml") else HERE / "minimal.json"
    text = base.read_text(encoding="utf-8").replace(old, new)
    [problem] = _problems(_write(tmp_path, text, name))
    assert problem.field == "visit.city"
    assert problem.message == "contains lone surrogate U+D800 at character 4; remove it"


def test_a_number_in_a_text_field_is_quoted_as_typed(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('edition: "1.0"', "edition: 3.10")
    [problem] = _problems(_write(tmp_path, text))
    assert problem.message == "expected text (got 3.10); put it in quotes"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-05-01", "expected text (got 2026-05-01); put it in quotes"),
        ("2026-05-01T10:00:00", "expected text (got 2026-05-01T10:00:00); put it in quotes"),
        ("true", "expected text (got true); put it in quotes"),
        # a list or a mapping where the text may also be given by language
        ("[Astana]", f"expected text, or {BY_LANGUAGE} (got a list); put it in quotes"),
        ("{Astana}", f"expected text, or {BY_LANGUAGE} (got a mapping); put it in quotes"),
        (
            "#1 city",
            "expected text (got nothing); write it after the colon, in quotes if it starts with #",
        ),
    ],
)
def test_every_type_error_on_text_says_to_quote_it(
    tmp_path: Path, value: str, message: str
) -> None:
    """Whatever YAML made of a value written without quotes, the message says to quote it."""
    text = MINIMAL.read_text(encoding="utf-8")
    city = next(line for line in text.splitlines() if line.strip().startswith("city:"))
    [problem] = _problems(_write(tmp_path, text.replace(city, f"  city: {value}")))
    assert (problem.field, problem.message) == ("visit.city", message)


def test_a_list_over_the_limit_is_named_with_its_field(tmp_path: Path) -> None:
    items = "".join(f"    - Desk {i}\n" for i in range(10_001))
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  distribution: [Desk]\n", "  distribution:\n" + items
    )
    [problem] = _problems(_write(tmp_path, text))
    assert (problem.line, problem.field) == (11, "brief.distribution")
    assert problem.message == "holds 10,001 items (the limit is 10,000)"


def test_json_nested_deeper_than_the_limit_is_located_not_a_crash(tmp_path: Path) -> None:
    text = (HERE / "minimal.json").read_text(encoding="utf-8")
    text = text.replace('"Astana"', "[" * 5_000 + "]" * 5_000)
    [problem] = _problems(_write(tmp_path, text, "visit.json"))
    assert (problem.line, problem.field) == (26, "(file)")
    assert problem.message == f"nested more than {source.MAX_DEPTH} levels deep"
