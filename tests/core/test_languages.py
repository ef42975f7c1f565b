"""Language tags and Serbian Latin derived from Serbian Cyrillic."""

from __future__ import annotations

import pytest

from kzrs_reports.core.languages import candidates, derive, serbian_latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Љубљана", "Ljubljana"),
        ("ЉУБЉАНА", "LJUBLJANA"),
        ("Његош", "Njegoš"),
        ("ЏЕП и Џеп", "DŽEP i Džep"),
        ("Ђорђе Ћирић, чаша, жута шума", "Đorđe Ćirić, čaša, žuta šuma"),
        ("СТРОГО ПОВЕРЉИВО", "STROGO POVERLJIVO"),
        ("Страна 3 од 7", "Strana 3 od 7"),
        ("Касим-Жомарт Токајев", "Kasim-Žomart Tokajev"),
        ("Алматы, Ақорда", "Almaty, Akorda"),
        ("AT&T, 2026.", "AT&T, 2026."),
    ],
)
def test_serbian_latin_is_the_standard_transliteration(cyrillic: str, latin: str) -> None:
    assert serbian_latin(cyrillic) == latin
    assert derive(cyrillic, "sr-Latn") == latin


def test_only_serbian_latin_is_derived() -> None:
    assert derive("Москва", "ru") == "Москва"


def test_a_text_for_a_language_serves_its_regional_editions_but_not_another_script() -> None:
    assert candidates("en-GB", ["ru", "en"]) == ["en"]
    assert candidates("en", ["en-GB"]) == ["en-GB"]
    assert candidates("ru", ["ru"]) == ["ru"]
    assert candidates("sr-Latn", ["sr-Cyrl"]) == []
    assert candidates("sr-Cyrl", ["sr-Latn", "sr-cyrl"]) == ["sr-cyrl"]
    assert candidates("kk", ["ru"]) == []
