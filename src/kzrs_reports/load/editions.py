"""A visit in one language: every translatable text as that language's version, and every
text that has none reported where the file gives it.

A text without a version in the edition's language prints the brief's original (or, for a
text given only in other languages, its first version); the fallback is never silent: each
is a note, ``file:line:col: field: note: no ru text; the en-GB text is printed``, which
``check --strict-translations`` makes an error. Serbian Latin is made from Serbian Cyrillic
where it is not given (:func:`kzrs_reports.model.translated.choose`), so that is no fallback.

An edition in the language of a file whose texts are all plain is the loaded visit itself:
no walk of the model.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from kzrs_reports.core.languages import candidates, fold
from kzrs_reports.core.problems import Problem
from kzrs_reports.load.locate import locate
from kzrs_reports.load.problems import Loc, format_loc
from kzrs_reports.model.translated import Translatable, Translated, choose, versions_of
from kzrs_reports.model.visit import VisitFile

if TYPE_CHECKING:
    from kzrs_reports.load import LoadedVisit


@dataclass(frozen=True)
class Edition:
    """A visit as an edition in one language prints it."""

    visit: VisitFile
    """The visit with every translatable text as plain text in :attr:`language` (or its
    fallback), and ``brief.language`` the edition's language."""
    language: str
    """The edition's language tag, as asked for."""
    untranslated: tuple[Problem, ...] = field(default=())
    """One note per text printed in another language, located, in line order: what the
    edition's document control reports as partly untranslated."""

    @property
    def complete(self) -> bool:
        """True when every text is in the edition's language."""
        return not self.untranslated


def edition_of(loaded: LoadedVisit, language: str) -> Edition:
    """The edition of ``loaded`` in ``language`` (a language tag, e.g. ``ru`` or ``sr-Latn``).

    Each translatable text is its version in ``language`` (the same tag first, then one of
    the same language; Serbian Latin made from Serbian Cyrillic when not given); failing
    that, the version in the brief's language, or the first given, with a note at the
    text's place in the file saying which was printed instead.
    """
    visit = loaded.visit
    original = visit.brief.language
    if not visit.languages and candidates(language, [original]):
        return Edition(_in(visit, language), language)
    walk = _Walk(language, original, loaded.file, loaded.data)
    edited = walk.model(visit, ())
    assert isinstance(edited, VisitFile)
    if edited is visit:
        edited = visit.model_copy()
    edited._languages = frozenset()
    notes = sorted(walk.notes, key=lambda p: p.sort_key)
    return Edition(_in(edited, language), language, tuple(notes))


def _in(visit: VisitFile, language: str) -> VisitFile:
    """``visit`` with ``brief.language`` set to ``language``, unless it names it already."""
    if fold(visit.brief.language) == fold(language):
        return visit
    brief = visit.brief.model_copy(update={"language": language})
    return visit.model_copy(update={"brief": brief})


_TEXT, _MODEL = "text", "model"


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to edit a field's value: a translatable text or a model, inside ``lists`` lists."""

    kind: str
    lists: int = 0


def _plan(annotation: Any) -> _Plan | None:
    """How to edit a value of type ``annotation``; None when it holds no translatable text."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        if any(isinstance(m, Translatable) for m in metadata):
            return _Plan(_TEXT)
        return _plan(inner)
    if origin in (Union, types.UnionType):
        plans = [_plan(a) for a in get_args(annotation) if a is not type(None)]
        return next((p for p in plans if p is not None), None)
    if origin is list:
        item = _plan(get_args(annotation)[0])
        return None if item is None else _Plan(item.kind, item.lists + 1)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Plan(_MODEL)
    return None


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, _Plan], ...]:
    """The fields of ``model`` that hold translatable text, each with how to edit it."""
    found = []
    for name, info in model.model_fields.items():
        if any(isinstance(m, Translatable) for m in info.metadata):
            found.append((name, _Plan(_TEXT)))
        elif (plan := _plan(info.annotation)) is not None:
            found.append((name, plan))
    return tuple(found)


class _Walk:
    """One edition's walk of the model, collecting a note for each fallback."""

    def __init__(self, language: str, original: str, file: str, data: Any) -> None:
        self.language = language
        self.original = original
        self.file = file
        self.data = data
        self.notes: list[Problem] = []

    def value(self, value: Any, plan: _Plan, loc: Loc) -> Any:
        if value is None:
            return None
        if plan.lists:
            inner = _Plan(plan.kind, plan.lists - 1)
            items = [self.value(item, inner, (*loc, i)) for i, item in enumerate(value)]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if plan.kind == _TEXT:
            return self.text(value, loc)
        return self.model(value, loc)

    def model(self, model: BaseModel, loc: Loc) -> BaseModel:
        updates = {}
        for name, plan in _fields(type(model)):
            value = getattr(model, name)
            edited = self.value(value, plan, (*loc, name))
            if edited is not value:
                updates[name] = edited
        return model.model_copy(update=updates) if updates else model

    def text(self, text: str, loc: Loc) -> str:
        versions = versions_of(text, self.original)
        chosen = choose(versions, self.language)
        if chosen is None:
            fallback = choose(versions, self.original)
            if fallback is not None:
                printed, instead = fallback[0], self.original
            else:
                instead, printed = next(iter(versions.items()))
            self.note(loc, f"no {self.language} text; the {instead} text is printed")
        else:
            printed = chosen[0]
        if printed == text and not isinstance(text, Translated):
            return text
        return str(printed)

    def note(self, loc: Loc, message: str) -> None:
        line, col = locate(self.data, loc)
        self.notes.append(Problem(self.file, line, col, format_loc(loc), message, "note"))
