"""Checks on the parsed YAML node graph, before any value is constructed.

Catches what the constructor would either hide or choke on: duplicate keys (each reported at
the second key), tags (refused, so nothing but plain data is ever built), impossible
timestamps such as 2026-02-30 (left as text for the model to report), lists and mappings used
as keys (left out), aliases that expand to too many values (alias bombs) and aliases that
refer to themselves, and lists longer than :data:`MAX_ITEMS`.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kzrs_reports.core.problems import Problem
from kzrs_reports.load.problems import Loc, format_loc

MAX_VALUES = 100_000
"""Most keys and values a file may expand to once aliases are followed."""
MAX_ITEMS = 10_000
"""Most items one list may hold; a brief's longest table has a few dozen rows."""
MAX_ALIAS_DEPTH = 50
"""Deepest nesting accepted once aliases are followed."""

_YAML = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = (_YAML + t for t in ("str", "map", "seq", "merge"))
_TIMESTAMP = _YAML + "timestamp"
_COMPLEX_KEY = "a key must be a field name, not a list or a mapping (a stray '?' or bracket?)"


class _Fatal(Exception):
    """The graph cannot be constructed safely; the problem is already recorded."""


class _Walker:
    def __init__(self, file: str, constructor: Any) -> None:
        self.file = file
        self.constructor = constructor
        self.resolver = constructor.resolver
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        self.problems: list[Problem] = []
        self.aliased = False

    def report(self, node: Node, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, format_loc(loc), message)
        )

    def walk(self, node: Node, loc: Loc) -> int:
        """Check ``node`` once and return how many values it expands to."""
        if id(node) in self.sizes:
            self.aliased = True
            return self.sizes[id(node)]
        if id(node) in self.active:
            self.report(node, loc, "an alias refers to the value that contains it")
            raise _Fatal
        if len(loc) > MAX_ALIAS_DEPTH:
            self.report(node, loc, f"nested more than {MAX_ALIAS_DEPTH} levels deep")
            raise _Fatal
        self.active.add(id(node))
        if isinstance(node, MappingNode):
            size = self._mapping(node, loc)
        elif isinstance(node, SequenceNode):
            self._collection_tag(node, loc, _SEQ)
            if len(node.value) > MAX_ITEMS:
                message = f"holds {len(node.value):,} items (the limit is {MAX_ITEMS:,})"
                self.report(node, loc, message)
                raise _Fatal
            size = 1 + sum(self.walk(item, (*loc, i)) for i, item in enumerate(node.value))
        else:
            assert isinstance(node, ScalarNode)
            self._scalar(node, loc)
            size = 1
        self.active.discard(id(node))
        self.sizes[id(node)] = size
        return size

    def _mapping(self, node: MappingNode, loc: Loc) -> int:
        self._collection_tag(node, loc, _MAP)
        first_line: dict[str, int] = {}
        size = 1
        kept = []
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                # A list or mapping as a key (`? ...`, `[a, b]: ...`) names no field, and a
                # mapping key holding a list cannot even be built: report it and leave it out.
                self.report(key, loc, _COMPLEX_KEY)
                continue
            kept.append((key, value))
            name = key.value
            if key.tag != _MERGE:
                if name in first_line:
                    message = f"duplicate key '{name}' (first at line {first_line[name]})"
                    self.report(key, (*loc, name), message)
                else:
                    first_line[name] = key.start_mark.line + 1
            size += self.walk(key, (*loc, name)) + self.walk(value, (*loc, name))
        node.value[:] = kept
        return size

    def _collection_tag(self, node: Node, loc: Loc, expected: str) -> None:
        if node.tag != expected:
            self.report(node, loc, _tag_message(node.tag))
            node.tag = expected

    def _scalar(self, node: ScalarNode, loc: Loc) -> None:
        tag = node.tag
        if tag == _MERGE:
            return
        implicit = node.style is None
        expected = str(self.resolver.resolve(ScalarNode, node.value, (implicit, not implicit)))
        if tag not in (expected, _STR):
            self.report(node, loc, _tag_message(tag))
            node.tag = tag = expected
        if tag == _TIMESTAMP:
            try:
                RoundTripConstructor.construct_yaml_timestamp(self.constructor, node)
            except ValueError:  # e.g. 2026-02-30: keep the text; the model reports it
                node.tag = _STR


def _tag_message(tag: str | None) -> str:
    shown = str(tag).replace(_YAML, "!!")
    return f"tags are not allowed (found {shown}); remove it"


def _biggest_path(walker: _Walker, node: Node, loc: Loc) -> tuple[Node, Loc]:
    """Descend into the child that expands beyond the limit, as far as one does."""
    while True:
        children: list[tuple[Node, Loc]] = []
        if isinstance(node, SequenceNode):
            children = [(item, (*loc, i)) for i, item in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            children = [(v, (*loc, str(k.value))) for k, v in node.value]
        big = [(n, at) for n, at in children if walker.sizes.get(id(n), 0) > MAX_VALUES]
        if not big:
            return node, loc
        node, loc = big[0]


def check_nodes(root: Node, file: str, constructor: Any) -> tuple[list[Problem], bool]:
    """Check the graph under ``root``; return (problems, fatal).

    ``fatal`` means the data must not be constructed (an alias bomb or a recursive alias).
    Tags and impossible timestamps are neutralised in place so construction only ever
    builds plain mappings, lists, text, numbers, booleans, nulls and dates.
    """
    walker = _Walker(file, constructor)
    try:
        total = walker.walk(root, ())
    except _Fatal:
        return walker.problems, True
    if total > MAX_VALUES:
        node, loc = _biggest_path(walker, root, ())
        size = walker.sizes[id(node)]
        message = (
            f"too many aliases: the data expands to {size:,} values (the limit is {MAX_VALUES:,})"
            if walker.aliased
            else f"holds {size:,} values (the limit is {MAX_VALUES:,})"
        )
        walker.report(node, loc, message)
        return walker.problems, True
    return walker.problems, False
