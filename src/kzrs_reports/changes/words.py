"""Changes in words: every word a reader sees comes from the template set's ``labels.yaml``.

The ``changes:`` labels hold one sentence per kind of change, with ``{subject}``,
``{before}`` and ``{after}`` where the values go (see the default set's file for the full
list). Placeholders are filled in one pass, so a value holding ``{after}`` or ``{{ 7*7 }}``
stays as typed. The sentences are plain text: the brief's template escapes them like any value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

from kzrs_reports.changes.compare import SECTIONS, Change, Value
from kzrs_reports.core.errors import TemplateError
from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.visit import Brief

DateText = Callable[[dt.date | PartialDate], str]
"""Formats a date for a reader (a template's ``long_date``)."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_RICH_SUBJECTS = {"key_messages"}
"""Sections whose subject is rich text: the sentence shows the words, not the Markdown."""


def sentence(change: Change, labels: Mapping[str, Any], long_date: DateText) -> str:
    """The sentence a reader sees for ``change``, e.g. "Priority of Energy raised from 3 to 4".

    ``labels`` is a template set's labels; its ``changes.<section>.<key>`` entry gives the
    words, where the key is ``added``, ``removed`` or the field that changed (a priority is
    ``raised`` or ``lowered``, a milestone ``now_planned`` or ``no_longer_planned``).
    Raises :class:`~kzrs_reports.core.errors.TemplateError` when the labels lack that sentence.
    """
    key = _sentence_key(change)
    words = _label(labels, "changes", change.section, key)
    subject = plain_text(change.subject) if change.section in _RICH_SUBJECTS else change.subject
    values = {
        "subject": subject,
        "before": _value(change.field, change.before, labels, long_date),
        "after": _value(change.field, change.after, labels, long_date),
    }
    return fill(words, values, f"changes.{change.section}.{key}")


def grouped(
    changes: Sequence[Change], labels: Mapping[str, Any], long_date: DateText
) -> list[tuple[str, list[str]]]:
    """The sentences for ``changes`` under their section's name, sections in the brief's order.

    Sections without changes are left out.
    """
    groups: list[tuple[str, list[str]]] = []
    for section in SECTIONS:
        lines = [sentence(c, labels, long_date) for c in changes if c.section == section]
        if lines:
            groups.append((_label(labels, "changes", "sections", section), lines))
    return groups


def no_changes(previous: Brief, labels: Mapping[str, Any], long_date: DateText) -> str:
    """The one line that says nothing changed since the ``previous`` edition."""
    values = {"edition": previous.edition, "date": long_date(previous.date)}
    return fill(_label(labels, "changes", "none"), values, "changes.none")


@dataclass(frozen=True)
class Described:
    """The changes since an edition, in a reader's words."""

    groups: list[tuple[str, list[str]]]
    """Each section's name and its sentences, sections in the brief's order."""
    none: str
    """The one line to show instead when there are no changes."""

    @property
    def sentences(self) -> list[str]:
        """Every sentence, in order."""
        return [line for _, lines in self.groups for line in lines]


def describe(
    changes: Sequence[Change], previous: Brief, labels: Mapping[str, Any], language: str
) -> Described:
    """``changes`` since the ``previous`` edition in words, dates in ``language`` (BCP 47)."""
    from kzrs_reports.templates.environment import date_filters

    long_date = date_filters(language)["long_date"]
    return Described(grouped(changes, labels, long_date), no_changes(previous, labels, long_date))


def fill(words: str, values: Mapping[str, str], where: str) -> str:
    """``words`` with each ``{name}`` replaced by ``values[name]``, in one pass.

    Raises :class:`~kzrs_reports.core.errors.TemplateError` naming the label ``where`` when it uses
    a name ``values`` does not hold.
    """

    def put(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in values:
            known = ", ".join(f"{{{k}}}" for k in values)
            raise TemplateError(f"labels.yaml: {where}: unknown placeholder {{{name}}} ({known})")
        return values[name]

    return _PLACEHOLDER.sub(put, words)


def plain_text(rich: str) -> str:
    """The words a rich-text value shows: emphasis marks and link targets dropped."""
    tokens = _inline_parser().parseInline(" ".join(rich.split()))
    children = (tokens[0].children if tokens else None) or []
    parts: list[str] = []
    for token in children:
        if token.type == "text":
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":  # not rich text: the brief prints the syntax as typed
            parts.append(f"![{token.content}]({token.attrs.get('src', '')})")
        elif not token.type.endswith(("_open", "_close")):
            parts.append(token.content or token.markup)
    return "".join(parts)


@cache
def _inline_parser() -> MarkdownIt:
    # The same inline syntax the brief gives rich text (templates.escape.rich_markdown).
    from markdown_it import MarkdownIt  # only when a rich-text value is worded

    return MarkdownIt("zero").enable(["emphasis", "link", "image", "escape", "newline"])


def _sentence_key(change: Change) -> str:
    if change.kind != "changed":
        return change.kind
    if change.field == "priority" and isinstance(change.before, int):
        assert isinstance(change.after, int)
        return "raised" if change.after > change.before else "lowered"
    if change.field == "planned":
        return "now_planned" if change.after else "no_longer_planned"
    return change.field or "changed"


def _value(field: str | None, value: Value, labels: Mapping[str, Any], long_date: DateText) -> str:
    if value is None:
        return str(_label(labels, "changes", "values", "none"))
    if isinstance(value, bool):
        return ""
    if isinstance(value, dt.date | PartialDate):
        return long_date(value)
    values = labels["changes"].get("values")
    names = values.get(field) if field and isinstance(values, Mapping) else None
    if isinstance(names, Mapping) and value in names:
        return str(names[value])
    return str(value)


def _label(labels: Mapping[str, Any], *path: str) -> str:
    node: Any = labels
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            raise TemplateError(f"labels.yaml: missing label {'.'.join(path)}")
        node = node[part]
    if not isinstance(node, str):
        raise TemplateError(f"labels.yaml: {'.'.join(path)}: expected text")
    return node
