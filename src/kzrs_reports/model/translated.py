"""Text a data file gives in several languages, and which version an edition prints.

A translatable field (:class:`Translatable` marks its type) takes plain text, in the brief's
own language, or a mapping of language tag to text (``title: {en: …, ru: …}``), each version
checked as plain text would be. Plain text stays a ``str``; a mapping becomes a
:class:`Translated`, a ``str`` whose value is the version in the brief's language (or the
first given) and which carries every version, so code that only prints the brief's language
needs to know nothing of translations. :func:`choose` says which version an edition in
another language prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreConfig, PydanticCustomError, SchemaValidator, core_schema

from kzrs_reports.core.languages import DERIVED, candidates, derive, fold
from kzrs_reports.model.text import LANGUAGE_PATTERN, is_language

KEY = "[key]"
"""The last part of a problem's path when a mapping's key (here: a language tag) is wrong."""

VERSIONS_DESCRIPTION = (
    "The text by language tag (en, en-GB, ru, kk, sr-Cyrl); plain text is in the brief's "
    "language. A Serbian Latin (sr-Latn) edition spells the sr-Cyrl text in Latin letters "
    "when no sr-Latn is given."
)


class Translated(str):
    """Text given per language: the version in the brief's language (or, when it has none,
    the first given), with every version in :attr:`versions`."""

    _versions: tuple[tuple[str, str], ...]

    def __new__(cls, text: str, versions: Mapping[str, str]) -> Translated:
        """``text`` (one of ``versions``, or derived from one) carrying ``versions``."""
        self = super().__new__(cls, text)
        self._versions = tuple(versions.items())
        return self

    @property
    def versions(self) -> dict[str, str]:
        """Every version, by language tag as the file gives it, in the file's order."""
        return dict(self._versions)

    def __reduce__(self) -> tuple[Callable[..., Translated], tuple[str, dict[str, str]]]:
        return (Translated, (str(self), self.versions))


def versions_of(text: str, original: str) -> Mapping[str, str]:
    """The versions of a field's ``text``: a :class:`Translated` text's own, else the plain
    text as the version in the brief's language ``original``."""
    return text.versions if isinstance(text, Translated) else {original: text}


def choose(versions: Mapping[str, str], language: str) -> tuple[str, str] | None:
    """The text an edition in ``language`` prints from ``versions``, and the tag it comes from;
    None when no version serves.

    A version serves when :func:`~kzrs_reports.core.languages.candidates` says so (the same
    tag first); failing that, for a language made from another (Serbian Latin from Serbian
    Cyrillic), the other's version made into it.
    """
    found = candidates(language, versions)
    if found:
        return versions[found[0]], found[0]
    source = DERIVED.get(fold(language))
    if source is not None:
        found = candidates(source, versions)
        if found:
            return derive(versions[found[0]], language), found[0]
    return None


@dataclass
class _Reading:
    language: str | None
    given: set[str] = field(default_factory=set)


_READING: ContextVar[_Reading | None] = ContextVar("kzrs_translated_reading", default=None)


@contextmanager
def reading(language: str | None) -> Iterator[set[str]]:
    """While validating a file whose plain text is in ``language``: mappings built in the
    block take their value from its version in that language, and the set yielded collects
    every tag they give."""
    state = _Reading(language)
    token = _READING.set(state)
    try:
        yield state.given
    finally:
        _READING.reset(token)


def _translated(versions: dict[str, str]) -> Translated:
    state = _READING.get()
    chosen = choose(versions, state.language) if state and state.language else None
    if state is not None:
        state.given.update(versions)
    return Translated(chosen[0] if chosen else next(iter(versions.values())), versions)


def _as_given(text: str) -> str | dict[str, str]:
    """A text as the file gives it: plain, or its versions by language."""
    return text.versions if isinstance(text, Translated) else text


def _same_language_twice(versions: dict[str, str]) -> ValidationError | None:
    seen: dict[str, str] = {}
    for tag in versions:
        if fold(tag) in seen:
            error = PydanticCustomError(
                "language_twice",
                "{tag} is the same language as {first}: give each language once",
                {"tag": tag, "first": seen[fold(tag)]},
            )
            return ValidationError.from_exception_data(
                "versions", [{"type": error, "loc": (tag, KEY), "input": tag}]
            )
        seen[fold(tag)] = tag
    return None


@dataclass(frozen=True)
class Translatable:
    """Marks a text type (``Annotated[str, …, Translatable()]``) a file may give per language.

    The type's own checks (length, control characters) apply to each version, reported at the
    version's own place; keys must be language tags, each language given once, and the
    mapping must hold at least one version.
    """

    strip: bool = True
    """Strip white space from each version's ends, as the model's config does for plain text."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text = handler(source)
        keys = core_schema.str_schema(pattern=LANGUAGE_PATTERN)
        versions = core_schema.dict_schema(keys, text, min_length=1)
        config = CoreConfig(str_strip_whitespace=self.strip)
        # Built on the first text given per language: a model has dozens of text fields,
        # most files give none of them so, and each validator costs a regex compiled.
        check = cache(lambda: SchemaValidator(versions, config))

        def validate(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> Any:
            if isinstance(value, list):
                raise PydanticCustomError("text_or_versions", "expected text")
            if not isinstance(value, dict):
                return inner(value)
            if value and not any(isinstance(k, str) and is_language(k.strip()) for k in value):
                # no key is a language: YAML read "a: b" or {…} in unquoted text as a mapping
                raise PydanticCustomError("text_or_versions", "expected text")
            if not value:
                raise PydanticCustomError(
                    "no_versions",
                    "empty: give the text, or a language tag and the text in it (en: …)",
                )
            checked = check().validate_python(value)
            twice = _same_language_twice(checked)
            if twice is not None:
                raise twice
            return _translated(checked)

        return core_schema.no_info_wrap_validator_function(
            validate,
            text,
            json_schema_input_schema=core_schema.union_schema([text, versions]),
            serialization=core_schema.plain_serializer_function_ser_schema(_as_given),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        document = handler(schema)
        for choice in document.get("anyOf", []):
            if choice.get("type") == "object":
                choice["additionalProperties"] = False
                choice["description"] = VERSIONS_DESCRIPTION
        return document


def language_of(data: Any) -> str | None:
    """The language of a raw visit file's plain text (``brief.language``, ``en`` when not
    given), or None when the file gives none that can be read."""
    brief = data.get("brief") if isinstance(data, dict) else None
    if not isinstance(brief, dict):
        return None
    tag = brief.get("language", "en")
    return tag.strip() if isinstance(tag, str) and is_language(tag.strip()) else None
