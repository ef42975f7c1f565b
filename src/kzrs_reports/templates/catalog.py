"""The words of a document in its reader's language: gettext catalogs, read through Babel.

Every word a reader sees that is not data is an English message, written once: in a
template as ``{% trans %}…{% endtrans %}`` or ``_("…")``, or as a value of the set's
``labels.yaml`` (page furniture, captions, chart labels, the changes' sentences, the pack's
words), which Python code prints. ``pybabel extract -F babel.cfg`` collects both into
``locale/kzrs_reports.pot`` (labels through :func:`extract_labels`, each with its path as
context), and each language's catalog, ``locale/<lang>/LC_MESSAGES/kzrs_reports.po``, says
them in that language, plural forms included.

A language is a catalog file: the ones shipped in the package's ``locale`` folder, or a
template set's own ``locale`` folder, whose messages win over the shipped ones. English is the
language the messages are written in and needs none. Serbian Latin, when no catalog of its
own is found, is the Serbian Cyrillic catalog transliterated
(:func:`kzrs_reports.core.languages.derive`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kzrs_reports.core.languages import DERIVED, candidates, derive, fold

if TYPE_CHECKING:
    from babel.support import NullTranslations

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
"""The catalogs shipped with the package."""
DOMAIN = "kzrs_reports"
"""The catalogs' file name, without ``.po``."""
SOURCE_LANGUAGE = "en-GB"
"""The language the messages are written in: it needs no catalog."""


def catalog_languages(*folders: Path) -> list[str]:
    """The languages with a catalog in ``folders`` (the shipped ones by default), and those
    derived from one, as BCP 47 tags (``sr-Cyrl``), sorted; the source language first."""
    found = {
        path.parent.parent.name.replace("_", "-")
        for folder in (folders or (LOCALE_DIR,))
        for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    }
    for derived, origin in DERIVED.items():
        if any(fold(tag) == fold(origin) for tag in found):
            found.add(_tag_of(derived))
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]


def _tag_of(folded: str) -> str:
    """``sr-latn`` → ``sr-Latn``: a script subtag in title case, a region in capitals."""
    first, *rest = folded.split("-")
    parts = [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p for p in rest]
    return "-".join([first, *parts])


def is_source_language(language: str) -> bool:
    """True for English, in which the messages are written."""
    return fold(language).split("-")[0] == "en"


def translations(language: str, template_dir: Path | None = None) -> NullTranslations:
    """The messages in ``language``: the template set's own catalog, if it has one, over the
    shipped catalog. English, and a language with no catalog, give the messages as written.

    Loaded once a process per language and set while the catalog files stay unchanged.
    Raises :class:`~kzrs_reports.core.errors.TemplateError` naming a catalog that cannot
    be read.
    """
    paths = catalog_files(language, template_dir)
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return _translations(language, stamps)


def catalog_files(language: str, template_dir: Path | None = None) -> list[Path]:
    """The catalog files :func:`translations` reads for ``language``: the template set's own,
    if any, then the shipped one; none for a language with no catalog."""
    folders = [template_dir / "locale"] if template_dir else []
    return [p for folder in [*folders, LOCALE_DIR] for p in _catalog_files(folder, language)]


def has_catalog(language: str, template_dir: Path | None = None) -> bool:
    """True if the messages can be given in ``language``: English, or a catalog for it."""
    if is_source_language(language):
        return True
    folders = [template_dir / "locale"] if template_dir else []
    return any(_catalog_files(folder, language) for folder in [*folders, LOCALE_DIR])


def with_catalogs(languages: Iterable[str], template_dir: Path | None = None) -> list[str]:
    """``languages`` (BCP 47 tags), each once, in their order, every one a language the words
    can be given in (:func:`has_catalog`). Raises
    :class:`~kzrs_reports.core.errors.UsageError` naming those that are not, and those that
    are."""
    from kzrs_reports.core.errors import UsageError
    from kzrs_reports.model.text import is_language

    chosen = list(dict.fromkeys(languages))
    unknown = [t for t in chosen if not is_language(t) or not has_catalog(t, template_dir)]
    if unknown:
        known = ", ".join(catalog_languages(*([template_dir / "locale"] if template_dir else [])))
        raise UsageError(
            f"no catalog for {', '.join(unknown)}; the languages are {known} "
            "(a new one is a catalog file: README, Languages)"
        )
    return chosen


def _catalog_files(folder: Path, language: str) -> list[Path]:
    """The catalog in ``folder`` for ``language`` (or for the language it derives from)."""
    if not folder.is_dir():
        return []
    tags = {p.name.replace("_", "-"): p for p in folder.iterdir() if p.is_dir()}
    wanted = candidates(language, tags) or candidates(DERIVED.get(fold(language), ""), tags)
    return [f for t in wanted[:1] if (f := tags[t] / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()]


@lru_cache(maxsize=16)
def _translations(language: str, stamps: tuple[tuple[str, int, int], ...]) -> NullTranslations:
    from babel.support import NullTranslations

    result: NullTranslations | None = None
    for path, _, _ in reversed(stamps):  # the shipped catalog first, the set's over it
        loaded = _load(Path(path), language)
        if result is not None:
            loaded.add_fallback(result)
        result = loaded
    return result or NullTranslations()


def _load(path: Path, language: str) -> NullTranslations:
    """One ``.po`` file as translations, made into ``language`` if it is a derived one."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    from kzrs_reports.core.errors import TemplateError

    try:
        with path.open("rb") as po:
            catalog = read_po(po, domain=DOMAIN, abort_invalid=True)
    except Exception as exc:  # a catalog is a set's file: its mistakes are the set's
        raise TemplateError(f"{path}: not a readable gettext catalog: {exc}") from None
    own = path.parent.parent.name.replace("_", "-")
    if fold(own) != fold(language) and fold(language) in DERIVED:
        for message in catalog:
            if message.id and message.string:
                strings = message.string
                message.string = (
                    tuple(derive(s, language) for s in strings)
                    if isinstance(strings, tuple | list)
                    else derive(strings, language)
                )
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translate_labels(labels: Mapping[str, Any], words: NullTranslations) -> dict[str, Any]:
    """``labels`` with every text in the language of ``words``: each value is looked up by
    its path (``changes.sections.brief``) as context, so one English word may be said two
    ways in another language where the labels use it twice."""
    return dict(_translated(labels, words, ()))


def _translated(value: Any, words: NullTranslations, path: tuple[str, ...]) -> Any:
    if isinstance(value, Mapping):
        return {k: _translated(v, words, (*path, str(k))) for k, v in value.items()}
    if isinstance(value, str) and value:
        return words.pgettext(".".join(path), value)
    return value


def extract_labels(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """A Babel extraction method for ``labels.yaml``: every text value as a message whose
    context is its path, at its line, with the comment above it for the translator.

    Named in ``babel.cfg`` as ``kzrs_reports.templates.catalog:extract_labels``.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    data = YAML(typ="rt", pure=True).load(fileobj.read().decode("utf-8"))

    def walk(node: CommentedMap, path: tuple[str, ...]) -> Iterator[Any]:
        for key, value in node.items():
            here = (*path, str(key))
            if isinstance(value, CommentedMap):
                yield from walk(value, here)
            elif isinstance(value, str) and value:
                line = node.lc.value(key)[0] + 1
                yield line, "pgettext", (".".join(here), str(value)), [".".join(here)]

    if isinstance(data, CommentedMap):
        yield from walk(data, ())
