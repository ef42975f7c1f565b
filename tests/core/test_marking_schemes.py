"""The shipped marking schemes: each reads cleanly as a house file would, its levels in the
order its law gives, each printed as a reader of each language expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrs_reports.core.markings import SHIPPED_SCHEMES_DIR
from kzrs_reports.load.schemes import load_scheme
from kzrs_reports.model.scheme import shipped_scheme, shipped_schemes

ORDERS = {
    "uk": ["PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"],
    "kz": ["PUBLIC", "FOR OFFICIAL USE ONLY", "SECRET", "TOP SECRET", "OF SPECIAL IMPORTANCE"],
    "rs": ["JAVNO", "INTERNO", "POVERLJIVO", "STROGO POVERLJIVO", "DRZAVNA TAJNA"],
    "nato": [
        "PUBLICLY DISCLOSED",
        "NATO UNCLASSIFIED",
        "NATO RESTRICTED",
        "NATO CONFIDENTIAL",
        "NATO SECRET",
        "COSMIC TOP SECRET",
    ],
}


def it_ships_the_uk_kazakh_serbian_and_nato_schemes() -> None:
    assert shipped_schemes() == ["kz", "nato", "rs", "uk"]


@pytest.mark.parametrize("scheme_id", sorted(ORDERS))
def it_reads_each_shipped_scheme_strictly_with_its_levels_lowest_first(scheme_id: str) -> None:
    # Read as a house file is (every rule of a scheme checked, problems located)...
    strict = load_scheme(f"{scheme_id}.yaml", SHIPPED_SCHEMES_DIR)
    assert [level.id for level in strict.levels] == ORDERS[scheme_id]
    assert strict.id == scheme_id
    # ...and the same as the shipped reading a build uses.
    shipped = shipped_scheme(scheme_id)
    assert shipped.levels == strict.levels and shipped.public == shipped.levels[0]


@pytest.mark.parametrize(
    ("scheme_id", "language", "printed"),
    [
        ("uk", "en-GB", ["PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"]),
        # No Russian UK markings: a UK document prints them in English.
        ("uk", "ru", ["PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"]),
        (
            "kz",
            "ru",
            [
                "Общедоступно",
                "Для служебного пользования",
                "Секретно",
                "Совершенно секретно",
                "Особой важности",
            ],
        ),
        (
            "kz",
            "kk",
            [
                "Жалпыға қолжетімді",
                "Қызмет бабында пайдалану үшін",
                "Құпия",
                "Өте құпия",
                "Аса маңызды",
            ],
        ),
        ("rs", "sr-Cyrl", ["ЈАВНО", "ИНТЕРНО", "ПОВЕРЉИВО", "СТРОГО ПОВЕРЉИВО", "ДРЖАВНА ТАЈНА"]),
        ("rs", "sr-Latn", ["JAVNO", "INTERNO", "POVERLJIVO", "STROGO POVERLJIVO", "DRŽAVNA TAJNA"]),
        ("rs", "en", ["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"]),
        # Russian has no Serbian markings of its own: the Serbian Cyrillic is printed.
        ("rs", "ru", ["ЈАВНО", "ИНТЕРНО", "ПОВЕРЉИВО", "СТРОГО ПОВЕРЉИВО", "ДРЖАВНА ТАЈНА"]),
        (
            "nato",
            "fr",
            [
                "MIS EN LECTURE PUBLIQUE",
                "NATO SANS CLASSIFICATION",
                "NATO DIFFUSION RESTREINTE",
                "NATO CONFIDENTIEL",
                "NATO SECRET",
                "COSMIC TRÈS SECRET",
            ],
        ),
        ("nato", "kk", ORDERS["nato"]),
    ],
)
def it_prints_each_level_in_the_documents_language(
    scheme_id: str, language: str, printed: list[str]
) -> None:
    scheme = shipped_scheme(scheme_id)
    assert [scheme.printed(level, language) for level in scheme.levels] == printed


def it_names_a_level_by_its_id_or_any_printed_form_folding_case_and_spaces() -> None:
    rs = shipped_scheme("rs")
    for name in ("POVERLJIVO", "ПОВЕРЉИВО", "поверљиво", " Poverljivo ", "CONFIDENTIAL"):
        level = rs.level(name)
        assert level is not None and level.id == "POVERLJIVO", name
    assert rs.level("Strogo   poverljivo") == rs.levels[3]
    assert rs.level("državna tajna") == rs.levels[4]
    assert rs.level("OFFICIAL") is None
    kz = shipped_scheme("kz")
    assert kz.level("ДСП") == kz.level("для служебного пользования") == kz.levels[1]
    assert shipped_scheme("nato").level("ns") == shipped_scheme("nato").levels[4]


def it_lets_a_reader_read_up_to_their_clearance_and_no_unknown_marking() -> None:
    rs = shipped_scheme("rs")
    assert rs.may_read("ИНТЕРНО", "JAVNO") and rs.may_read("interno", "ИНТЕРНО")
    assert not rs.may_read("INTERNO", "ПОВЕРЉИВО")
    assert not rs.may_read("DRZAVNA TAJNA", "TAJNO")
    assert rs.public.id == "JAVNO"
    assert rs.highest(["interno", "ЈАВНО", "POVERLJIVO"]).id == "POVERLJIVO"


def it_lists_every_shipped_scheme_in_the_readme_and_the_schema_as_its_file_does() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    from kzrs_reports.model.visit import VisitFile

    described = VisitFile.model_json_schema()["$defs"]["Brief"]["properties"]["classification"]
    flat = " ".join(described["description"].split())
    for scheme_id, order in ORDERS.items():
        assert f"{scheme_id} {', '.join(order)}" in flat
        assert f"| `{scheme_id}` | {' < '.join(order)} |" in readme
