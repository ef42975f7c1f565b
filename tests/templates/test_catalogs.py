"""The catalogs: one template of every message a reader sees, and every shipped language
saying all of them, with the same placeholders and the same emphasis."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from kzrs_reports.templates import load_template_set
from kzrs_reports.templates.catalog import DOMAIN, LOCALE_DIR, catalog_languages, translations
from kzrs_reports.templates.coverage import drawable_characters

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["kk", "ru", "sr_Cyrl"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, domain=DOMAIN)


def _key(message: Message) -> tuple[str | None, str]:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, ident


def _extracted() -> set[tuple[str | None, str]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _strings(message: Message) -> Iterator[str]:
    if isinstance(message.string, str):
        yield message.string
    else:
        yield from message.string


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def it_holds_in_one_template_every_message_of_the_templates_and_labels() -> None:
    template = _read(LOCALE_DIR / f"{DOMAIN}.pot")
    written = {_key(m) for m in template if m.id}
    extracted = _extracted()
    assert extracted - written == set(), "run pybabel extract (README, Languages)"
    assert written - extracted == set(), "run pybabel extract (README, Languages)"
    assert len(written) > 150


def it_ships_as_languages_the_catalogs_and_serbian_latin() -> None:
    assert catalog_languages() == ["en-GB", "kk", "ru", "sr-Cyrl", "sr-Latn"]


@pytest.mark.parametrize("language", SHIPPED)
def it_has_each_language_say_every_message_with_its_placeholders(language: str) -> None:
    template = {_key(m): m for m in _read(LOCALE_DIR / f"{DOMAIN}.pot") if m.id}
    catalog = _read(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")
    # gettext's forms, as `pybabel init` writes them and translators' tools expect
    nplurals = get_plural(language).num_plurals
    assert catalog.num_plurals == nplurals
    messages = {_key(m): m for m in catalog if m.id}
    assert set(messages) == set(template), "run pybabel update (README, Languages)"
    for key, message in messages.items():
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = list(_strings(message))
        assert all(s.strip() for s in strings), f"{language}: untranslated: {key}"
        assert not message.fuzzy, f"{language}: fuzzy: {key}"
        if not isinstance(message.id, str):
            assert len(strings) == nplurals, f"{language}: plural forms of {key}"
        wanted = _placeholders(source) | (
            _placeholders(message.id[1]) if not isinstance(message.id, str) else set()
        )
        for text in strings:
            # a plural form may leave the number out ("one year" may be said without "1")
            assert _placeholders(text) <= wanted, f"{language}: placeholders of {key}: {text}"
            assert _placeholders(text) >= wanted - {"count", "num"}, f"{language}: {key}: {text}"
            assert text.count("**") == source.count("**"), f"{language}: emphasis of {key}"
            assert text.count("<strong>") == source.count("<strong>"), f"{language}: {key}"


@pytest.mark.parametrize("language", ["kk", "ru", "sr-Cyrl", "sr-Latn"])
def it_prints_every_word_of_each_language_with_the_shipped_fonts(language: str) -> None:
    drawable = drawable_characters(load_template_set().theme)
    words = translations(language)
    template = _read(LOCALE_DIR / f"{DOMAIN}.pot")
    said = ""
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, str):
            said += (
                words.pgettext(message.context, message.id)
                if message.context
                else (words.gettext(message.id))
            )
        else:
            said += "".join(words.ngettext(*message.id, n) for n in (1, 2, 5, 21))
    missing = sorted({c for c in said if ord(c) not in drawable and not c.isspace()})
    assert missing == []
    # the language's own letters, not the English messages it would fall back to
    letters = [c for c in said if c.isalpha()]
    if language == "sr-Latn":
        assert {"č", "š", "ž"} <= set(said)
        assert not any("\u0400" <= c <= "\u04ff" for c in letters)
    else:
        assert sum("\u0400" <= c <= "\u04ff" for c in letters) > 0.8 * len(letters)
