"""YAML scanned and parsed by libyaml (``ruamel.yaml.clib``) under ruamel.yaml's own composer.

ruamel.yaml's pure-Python scanner and parser take most of the time of reading a file: about
30 ms of the sample visit file, read on every ``check``, build and save in ``watch``.
libyaml's C parser gives the same events some five times faster. Only the events come from
C: nodes, anchors, the depth limit, tags and the resolution of plain scalars (YAML 1.2) stay
ruamel's, in Python, so the data and every position are those the pure parser gives
(``tests/load/test_yaml_parser.py`` compares the two over every YAML file of the tests).

Whatever libyaml refuses — a syntax error, a construct of YAML 1.2 that libyaml (YAML 1.1)
lacks, a repeated anchor — is read again by the pure parser, so an error and its position
are always the pure parser's. So is what the two read differently without an error: a
directive (``%YAML``, ``%TAG``, which changes how ruamel resolves values), a tag (ruamel
keeps its handle), a tab (ruamel refuses some that YAML 1.2 allows), and a last line with no
line break (libyaml ends the stream on a line of its own, ruamel where the text ends). Data
files have none of these. Without ``ruamel.yaml.clib`` (a platform with no wheel) everything
is pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.docinfo import DocInfo, version
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

try:
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - the wheel exists wherever the tests run
    CParser = None

_PURE_ONLY = re.compile(r"^%|\t", re.MULTILINE)
"""A directive, or a tab: ruamel refuses some tabs that YAML 1.2 and libyaml allow."""
T = TypeVar("T")


class _PureOnly(Exception):
    """What libyaml read is left to the pure parser."""


class _Events:
    """libyaml's events for ``text``, as ruamel's composer asks for them."""

    def __init__(self, text: str) -> None:
        self._parser = CParser(text)
        self.check_event = self._parser.check_event
        self.peek_event = self._parser.peek_event
        # Per open collection: whether it is a block mapping, and whether its next node is
        # a key (the two parsers place an empty value of a block mapping differently).
        self._open: list[list[bool]] = []

    def get_event(self) -> Event:
        event: Event = self._parser.get_event()
        if getattr(event, "tag", None) is not None:
            # ruamel keeps a tag's handle (``!!str``) for its constructor; libyaml gives
            # only the resolved tag. Tags are rare in a data file: the pure parser reads them.
            raise _PureOnly
        if isinstance(event, CollectionEndEvent):
            self._open.pop()
            return event
        block_value = bool(self._open) and self._open[-1][0] and not self._open[-1][1]
        if self._open and isinstance(event, NodeEvent):
            self._open[-1][1] = not self._open[-1][1]
        if isinstance(event, CollectionStartEvent):
            self._open.append([isinstance(event, MappingStartEvent) and not event.flow_style, True])
        elif isinstance(event, ScalarEvent) and event.style == "":
            event.style = None  # a plain scalar, as ruamel's own parser marks it
            if block_value and event.value == "" and event.implicit[0]:
                # ``title:`` and nothing: ruamel places the empty value where the next
                # thing starts, libyaml where the colon ends.
                event.start_mark = event.end_mark = self._parser.peek_event().start_mark
        return event

    def dispose(self) -> None:
        """Nothing to release (ruamel's loader calls this when it is done)."""


def c_parser_available() -> bool:
    """True when libyaml's parser can be used (``ruamel.yaml.clib`` is installed)."""
    return CParser is not None


def read_fast_or_pure(make: Callable[[], YAML], text: str, read: Callable[[YAML], T]) -> T:
    """``read(yaml)`` on a loader ``make()`` fed ``text`` by libyaml; if that fails in any
    way, or libyaml cannot be used for ``text``, ``read`` on a fresh loader fed by ruamel's
    pure parser, whose result or error is returned or raised.

    ``read`` gets a loader set up for ``text`` (as its ``load`` would set it up) and must
    not call ``load``, which would make a parser of its own.
    """
    if CParser is not None and text.endswith("\n") and not _PURE_ONLY.search(text):
        yaml = _fed(make(), text, _Events(text))
        try:
            return read(yaml)
        except Exception:  # any failure at all: the pure parser says what is wrong, and where
            pass
    yaml = _fed(make(), text)
    try:
        return read(yaml)
    finally:
        yaml.parser.dispose()


def _fed(yaml: YAML, text: str, events: _Events | None = None) -> YAML:
    """``yaml`` set up to read ``text`` as its ``load`` sets it up, from ``events`` if given
    (its own reader, scanner and parser are then never made)."""
    # The document's version, recorded before parsing; without it a %YAML or %TAG directive
    # crashes the scanner.
    yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))
    yaml.tags = {}
    if events is None:
        yaml.get_constructor_parser(text)
    else:
        # ruamel keeps the parser its ``parser`` property makes on first use in ``_parser``;
        # set there, libyaml's events take its place.
        yaml._parser = events  # type: ignore[attr-defined]
    return yaml


def safe_load(text: str) -> Any:
    """``text`` loaded as ruamel's pure safe loader (YAML 1.2) loads it, errors included."""
    return read_fast_or_pure(
        lambda: YAML(typ="safe", pure=True), text, lambda y: y.constructor.get_single_data()
    )
