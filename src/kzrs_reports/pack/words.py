"""The words of a pack a reader sees besides the cover's: the number stamped on every page,
the bookmarks, and each kind of document's name, from the ``pack`` section of the labels.

The cover's template reads its own words (``labels.pack``) itself; these are the ones Python
code prints, so they are read and checked here, once, before anything of the pack is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kzrs_reports.changes.words import fill
from kzrs_reports.core.errors import TemplateError


@dataclass(frozen=True, slots=True)
class PackWords:
    """The pack's words, as ``labels.yaml`` gives them."""

    stamp: str
    """The number on every pack page: ``{page}`` of ``{pages}``."""
    cover_page: str
    """The cover's own footer page label; empty for none."""
    kinds: Mapping[str, str]
    """Each kind of document's name (``talking-points`` → ``Talking points``)."""
    annex: str
    """What the cover calls an external PDF."""
    bookmark_cover: str
    bookmark_document: str
    """A visit document's bookmark: ``{kind}`` (its name) and ``{title}``."""
    bookmark_annex: str
    """An annex's bookmark: ``{title}``."""

    def kind_name(self, kind: str | None) -> str:
        """The name the reader sees for ``kind``; None is an annex."""
        return self.annex if kind is None else self.kinds[kind]

    def bookmark(self, kind: str | None, title: str) -> str:
        """The bookmark of a document of ``kind`` (None for an annex) called ``title``."""
        if kind is None:
            return fill(self.bookmark_annex, {"title": title}, "pack.bookmarks.annex")
        values = {"kind": self.kind_name(kind), "title": title}
        return fill(self.bookmark_document, values, "pack.bookmarks.document")


def pack_words(labels: Mapping[str, Any], kinds: Iterable[str]) -> PackWords:
    """The pack's words from ``labels``, with a name for each of ``kinds``.

    Raises :class:`TemplateError` naming the first label that is missing or is not text.
    """
    names = _section(labels, "pack", "kinds")
    for kind in kinds:
        _text(names, f"pack.kinds.{kind}", kind)
    return PackWords(
        stamp=_label(labels, "pack", "stamp"),
        cover_page=_label(labels, "pack", "page"),
        kinds={str(k): str(v) for k, v in names.items()},
        annex=_label(labels, "pack", "annex"),
        bookmark_cover=_label(labels, "pack", "bookmarks", "cover"),
        bookmark_document=_label(labels, "pack", "bookmarks", "document"),
        bookmark_annex=_label(labels, "pack", "bookmarks", "annex"),
    )


def _label(labels: Mapping[str, Any], *path: str) -> str:
    return _text(_section(labels, *path[:-1]), ".".join(path), path[-1])


def _section(labels: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    node: Mapping[str, Any] = labels
    for depth, key in enumerate(path, start=1):
        inner = node.get(key)
        if not isinstance(inner, Mapping):
            where = ".".join(path[:depth])
            raise TemplateError(f"labels.yaml: {where}: missing, or not a section of labels")
        node = inner
    return node


def _text(section: Mapping[str, Any], where: str, key: str) -> str:
    value = section.get(key)
    if not isinstance(value, str):
        said = "missing label" if value is None else "must be text, in quotes"
        raise TemplateError(f"labels.yaml: {where}: {said}")
    return value
