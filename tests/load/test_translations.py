"""Texts given per language: each version checked where it is typed, the edition in one
language printing its own version, and every fallback to another language reported at the
text's place, by ``check --lang`` and the API alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kzrs_reports
from clirun import SAMPLE, kzrs
from kzrs_reports.core.errors import DataError, UsageError
from kzrs_reports.load import read_visit
from kzrs_reports.load.editions import edition_of
from kzrs_reports.model.translated import Translated

MINIMAL = Path(__file__).parent / "minimal.yaml"

PER_LANGUAGE = {
    "  title: Test visit\n": (
        "  title:\n    en: Test visit\n    ru: Тестовый визит\n    sr-Cyrl: Тестна посета\n"
    ),
    "  guest: {country: Serbia, leader: A. Vučić, title: President}\n": (
        "  guest:\n"
        "    country: {en: Serbia, ru: Сербия, sr-Cyrl: Србија}\n"
        "    leader: {en: A. Vučić, ru: А. Вучич, sr-Cyrl: А. Вучић}\n"
        "    title: {en: President, ru: Президент, sr-Cyrl: Председник}\n"
    ),
    "  city: Astana\n": "  city: {en: Astana, ru: Астана, kk: Астана}\n",
}
"""Edits of tests/load/minimal.yaml: a few texts in Russian and Serbian Cyrillic."""


def visit_file(tmp_path: Path, edits: dict[str, str], name: str = "visit.yaml") -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def at(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where the value after ``needle`` starts, in ``path``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number, line.index(needle) + len(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def refused(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_visit(path)
    return [str(p) for p in caught.value.problems]


# ------------------------------------------------------------------------- the model


def it_reads_a_mapping_as_the_text_in_the_briefs_language(tmp_path: Path) -> None:
    visit = read_visit(visit_file(tmp_path, PER_LANGUAGE)).visit
    assert visit.brief.title == "Test visit"
    assert isinstance(visit.brief.title, Translated)
    assert visit.brief.title.versions == {
        "en": "Test visit",
        "ru": "Тестовый визит",
        "sr-Cyrl": "Тестна посета",
    }
    assert visit.brief.author == "Desk" and type(visit.brief.author) is str
    assert visit.languages == {"en", "ru", "sr-Cyrl", "kk"}


def it_reads_a_mapping_without_the_briefs_language_as_its_first_version(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  title: Test visit\n": "  title: {ru: Визит, kk: Сапар}\n"})
    assert read_visit(path).visit.brief.title == "Визит"


def it_refuses_a_key_that_is_not_a_language_tag_at_the_key(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  city: Astana\n": "  city: {english: Astana, ru: Астана}\n"})
    line, col = at(path, "city: {")
    assert refused(path) == [
        f"{path}:{line}:{col}: visit.city.english: must be a language tag such as en or "
        "en-GB (got 'english')"
    ]


def it_refuses_an_empty_mapping(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  city: Astana\n": "  city: {}\n"})
    line, col = at(path, "city: ")
    assert refused(path) == [
        f"{path}:{line}:{col}: visit.city: empty: give the text, or a language tag and the "
        "text in it (en: …)"
    ]


def it_refuses_a_control_character_at_its_versions_own_line(tmp_path: Path) -> None:
    edits = {"  title: Test visit\n": '  title:\n    en: Test visit\n    ru: "Тест\\vвизит"\n'}
    path = visit_file(tmp_path, edits)
    line, col = at(path, "ru: ")
    assert line == 6
    assert refused(path) == [
        f"{path}:{line}:{col}: brief.title.ru: contains control character U+000B at "
        "character 5; remove it"
    ]


def it_holds_each_version_to_the_fields_length_limit(tmp_path: Path) -> None:
    edits = {"  title: Test visit\n": f"  title:\n    en: Test visit\n    kk: {'ә' * 301}\n"}
    path = visit_file(tmp_path, edits)
    line, col = at(path, "kk: ")
    assert refused(path) == [
        f"{path}:{line}:{col}: brief.title.kk: is too long: 301 characters, at most 300"
    ]


def it_refuses_one_language_given_twice(tmp_path: Path) -> None:
    edits = {"  city: Astana\n": "  city: {en-GB: Astana, en-gb: Astana}\n"}
    path = visit_file(tmp_path, edits)
    line, col = at(path, "Astana, ")
    assert refused(path) == [
        f"{path}:{line}:{col}: visit.city.en-gb: en-gb is the same language as en-GB: "
        "give each language once"
    ]


def it_refuses_a_list_where_a_text_goes(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  city: Astana\n": "  city: [Astana]\n"})
    [problem] = refused(path)
    assert problem.endswith(
        "visit.city: expected text, or the text by language (en: …, ru: …) (got a list); "
        "put it in quotes"
    )


def it_keeps_quotes_and_ids_in_one_language(tmp_path: Path) -> None:
    edits = {"    title: A news report\n": "    title: {en: A news report}\n"}
    [problem] = refused(visit_file(tmp_path, edits))
    assert problem.endswith("sources[0].title: expected text (got a mapping); put it in quotes")


def it_accepts_a_category_in_any_script(tmp_path: Path) -> None:
    edits = {"      category: diplomatic\n": "      category: {en: diplomatic, ru: дипломатия}\n"}
    loaded = read_visit(visit_file(tmp_path, edits))
    assert loaded.visit.relations.milestones[0].category == "diplomatic"
    assert edition_of(loaded, "ru").visit.relations.milestones[0].category == "дипломатия"


# ---------------------------------------------------------------------- the editions


def it_prints_each_editions_own_version(tmp_path: Path) -> None:
    loaded = read_visit(visit_file(tmp_path, PER_LANGUAGE))
    ru = edition_of(loaded, "ru")
    assert ru.language == "ru" and ru.visit.brief.language == "ru"
    assert ru.visit.brief.title == "Тестовый визит"
    assert (ru.visit.visit.guest.title, ru.visit.visit.guest.leader) == ("Президент", "А. Вучич")
    assert ru.visit.visit.city == "Астана"
    assert type(ru.visit.brief.title) is str  # an edition holds plain text only
    assert edition_of(loaded, "sr-Cyrl").visit.visit.guest.leader == "А. Вучић"
    assert edition_of(loaded, "kk").visit.visit.city == "Астана"
    en = edition_of(loaded, "en")
    assert (en.visit.brief.title, en.visit.visit.city) == ("Test visit", "Astana")
    assert en.untranslated == ()


def it_serves_a_regional_edition_with_the_languages_text(tmp_path: Path) -> None:
    loaded = read_visit(visit_file(tmp_path, PER_LANGUAGE))
    edition = edition_of(loaded, "ru-KZ")
    assert edition.visit.brief.title == "Тестовый визит"
    assert "brief.title" not in {p.field for p in edition.untranslated}


def it_makes_serbian_latin_from_serbian_cyrillic(tmp_path: Path) -> None:
    edits = {"  title: Test visit\n": "  title: {en: Test visit, sr-Cyrl: Посета Вучића}\n"}
    edition = edition_of(read_visit(visit_file(tmp_path, edits)), "sr-Latn")
    assert edition.visit.brief.title == "Poseta Vučića"
    assert "brief.title" not in {p.field for p in edition.untranslated}


def it_prefers_a_serbian_latin_version_to_the_transliteration(tmp_path: Path) -> None:
    edits = {"  city: Astana\n": "  city: {en: Astana, sr-Cyrl: Астана, sr-Latn: Astana (SLat)}\n"}
    edition = edition_of(read_visit(visit_file(tmp_path, edits)), "sr-Latn")
    assert edition.visit.visit.city == "Astana (SLat)"


def it_notes_every_text_printed_in_another_language_at_its_place(tmp_path: Path) -> None:
    path = visit_file(tmp_path, PER_LANGUAGE)
    edition = edition_of(read_visit(path), "ru")
    by_field = {p.field: p for p in edition.untranslated}
    assert "brief.title" not in by_field and "visit.city" not in by_field
    line, col = at(path, "author: ")
    assert str(by_field["brief.author"]) == (
        f"{path}:{line}:{col}: brief.author: note: no ru text; the en text is printed"
    )
    line, col = at(path, "- date: 2027")
    assert by_field["relations.milestones[1].title"].line == line + 1
    line, col = at(path, "distribution: [")
    assert (by_field["brief.distribution[0]"].line, by_field["brief.distribution[0]"].col) == (
        line,
        col,
    )
    assert all(p.severity == "note" for p in edition.untranslated)
    assert [p.sort_key for p in edition.untranslated] == sorted(
        p.sort_key for p in edition.untranslated
    )
    # Ids, dates, quotes, a source's title and publisher are never translated.
    assert not [p for p in edition.untranslated if p.field.startswith(("sources[0].t", "brief.e"))]


def it_notes_a_text_the_briefs_own_language_lacks(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  title: Test visit\n": "  title: {ru: Визит}\n"})
    edition = edition_of(read_visit(path), "en")
    line, col = at(path, "title: ")
    assert [str(p) for p in edition.untranslated] == [
        f"{path}:{line}:{col}: brief.title: note: no en text; the ru text is printed"
    ]
    assert edition.visit.brief.title == "Визит"


def it_gives_the_loaded_visit_itself_for_plain_text_in_its_own_language() -> None:
    loaded = read_visit(MINIMAL)
    edition = edition_of(loaded, "en")
    assert edition.visit is loaded.visit
    assert edition.untranslated == () and edition.complete


# ------------------------------------------------------------ check, and the sample


def it_lists_each_missing_translation_with_check_lang(tmp_path: Path) -> None:
    path = visit_file(tmp_path, PER_LANGUAGE)
    run = kzrs("check", "--lang", "ru,sr-Latn", path)
    assert run.code == 0, run.err
    notes = run.err.splitlines()
    ru = [n for n in notes if ": note: no ru text;" in n]
    sr = [n for n in notes if ": note: no sr-Latn text;" in n]
    assert notes == ru + sr  # language by language
    line, col = at(path, "kind: ")
    assert f"{path}:{line}:{col}: visit.kind: note: no ru text; the en text is printed" in ru
    assert not [n for n in ru if "brief.title" in n or "visit.guest." in n or "visit.city" in n]
    # Serbian Latin is made from the Cyrillic where there is no Latin: only the city lacks it.
    assert not [n for n in sr if "brief.title" in n or "visit.guest." in n]
    line, col = at(path, "city: ")
    assert f"{path}:{line}:{col}: visit.city: note: no sr-Latn text; the en text is printed" in sr
    assert run.out == f"{path}: ok (untranslated: {len(ru)} text(s) in ru, {len(sr)} in sr-Latn)\n"


def it_makes_missing_translations_errors_with_strict_translations(tmp_path: Path) -> None:
    path = visit_file(tmp_path, PER_LANGUAGE)
    run = kzrs("check", "--lang", "ru", "--strict-translations", path)
    assert run.code == 1
    line, col = at(path, "kind: ")
    assert f"{path}:{line}:{col}: visit.kind: no ru text; the en text is printed\n" in run.err
    assert ": note:" not in run.err
    assert run.out == ""
    assert run.err.endswith("1 of 1 file(s) have problems\n")


def it_passes_strict_translations_when_every_text_has_its_version(tmp_path: Path) -> None:
    path = visit_file(tmp_path, {"  title: Test visit\n": "  title: {ru: Визит}\n"})
    assert kzrs_reports.check(path, languages=["ru"], strict_translations=True) != []
    assert kzrs_reports.check(path, strict_translations=True) != []  # the brief's own: en
    assert kzrs_reports.check(MINIMAL, strict_translations=True) == []
    assert kzrs_reports.check(MINIMAL, languages=["en-GB"], strict_translations=True) == []


def it_refuses_a_language_that_is_not_a_tag() -> None:
    run = kzrs("check", "--lang", "ru,Russian", MINIMAL)
    assert run.code == 2
    assert "not a language tag: 'Russian'" in run.err
    with pytest.raises(UsageError, match="not a language tag: 'english'"):
        kzrs_reports.check(MINIMAL, languages=["english"])


def it_gives_the_api_the_same_notes(tmp_path: Path) -> None:
    path = visit_file(tmp_path, PER_LANGUAGE)
    found = kzrs_reports.check(path, notes=True, languages="ru")
    assert found and all(p.severity == "note" for p in found)
    assert found[0].message == "no ru text; the en text is printed"
    assert kzrs_reports.check(path, languages="ru") == []
    strict = kzrs_reports.check(path, languages="ru", strict_translations=True)
    assert [str(p).replace(": note:", ":") for p in found] == [str(p) for p in strict]
    assert all(p.is_error for p in strict)


def it_lists_the_untranslated_after_the_other_notes_language_by_language() -> None:
    found = kzrs_reports.check(SAMPLE, notes=True, languages=["kk", "ru"])
    kinds = ["quote" if "quote unchecked" in p.message else p.message.split()[1] for p in found]
    assert kinds == sorted(kinds, key=["quote", "kk", "ru"].index)
    assert set(kinds) == {"quote", "kk", "ru"}


def it_prints_the_samples_names_in_each_language() -> None:
    loaded = read_visit(SAMPLE)
    names = {
        language: (
            v.brief.title,
            v.visit.host.leader,
            v.visit.guest.leader,
            v.visit.guest.country,
            v.visit.guest.title,
            v.visit.city,
        )
        for language in ("en-GB", "ru", "kk", "sr-Cyrl", "sr-Latn")
        for v in [edition_of(loaded, language).visit]
    }
    assert names == {
        "en-GB": (
            "Kazakhstan–Serbia: the 2026 visit to Astana",
            "Kassym-Jomart Tokayev",
            "Aleksandar Vučić",
            "Serbia",
            "President",
            "Astana",
        ),
        "ru": (
            "Казахстан–Сербия: визит в Астану в 2026 году",
            "Касым-Жомарт Токаев",
            "Александр Вучич",
            "Сербия",
            "Президент",
            "Астана",
        ),
        "kk": (
            "Қазақстан–Сербия: 2026 жылғы Астанаға сапар",
            "Қасым-Жомарт Тоқаев",
            "Александар Вучич",
            "Сербия",
            "Президент",
            "Астана",
        ),
        "sr-Cyrl": (
            "Казахстан–Србија: посета Астани 2026. године",
            "Касим-Жомарт Токајев",
            "Александар Вучић",
            "Србија",
            "Председник",
            "Астана",
        ),
        "sr-Latn": (
            "Kazahstan–Srbija: poseta Astani 2026. godine",
            "Kasim-Žomart Tokajev",
            "Aleksandar Vučić",
            "Srbija",
            "Predsednik",
            "Astana",
        ),
    }
    assert edition_of(loaded, "en-GB").untranslated == ()


def it_shows_the_mapping_form_in_the_schema() -> None:
    run = kzrs("schema")
    assert run.code == 0, run.err
    schema = json.loads(run.out)
    title = schema["$defs"]["Brief"]["properties"]["title"]
    text, versions = title["anyOf"]
    assert text == {"type": "string", "minLength": 1, "maxLength": 300}
    assert versions["type"] == "object" and versions["additionalProperties"] is False
    assert versions["minProperties"] == 1
    [(pattern, each)] = versions["patternProperties"].items()
    assert pattern == "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$" and each == text
    assert "sr-Latn" in versions["description"]
    quote = schema["$defs"]["Milestone"]["properties"]["quote"]  # the source's own words
    assert [c["type"] for c in quote["anyOf"]] == ["string", "null"]
