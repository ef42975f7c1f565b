"""Walking a document: the one place that knows where nodes hold other nodes.

Validation, the contents list, page estimates and the writers all walk the same tree; they
do it through :func:`blocks_in`, :func:`inline_runs` and :func:`inlines_in`, so a new node
type is taught to all of them here. :class:`NodeVisitor` is the dispatch both writers share:
``visit_<snake_case type name>`` per node type, and a loud error for a type without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kzrs_reports.document import nodes as n


def blocks_in(blocks: Iterable[n.Block]) -> Iterator[n.Block]:
    """Every block of ``blocks`` in reading order, those inside callouts after their callout."""
    for block in blocks:
        yield block
        if isinstance(block, n.Callout):
            yield from blocks_in(block.children)


def inline_runs(block: n.Block) -> Iterator[tuple[n.Inline, ...]]:
    """Each run of inlines ``block`` holds itself (not those of the blocks inside a callout),
    in reading order: a heading's text, each list item, each table cell then its caption…"""
    if isinstance(block, n.TitleBlock):
        yield from (block.kicker, block.title, block.subtitle, *block.details)
    elif isinstance(block, n.Heading | n.Paragraph):
        yield block.children
    elif isinstance(block, n.BulletList):
        yield from (item.children for item in block.items)
    elif isinstance(block, n.Table):
        for row in ((block.header,) if block.header else ()) + block.rows:
            yield from (cell.children for cell in row)
        yield block.caption
    elif isinstance(block, n.Figure):
        yield block.caption
    elif isinstance(block, n.Callout | n.Contents):
        yield block.title


def inlines_in(inlines: Iterable[n.Inline]) -> Iterator[n.Inline]:
    """Every inline of ``inlines`` in reading order, each before the inlines it holds."""
    for inline in inlines:
        yield inline
        if isinstance(inline, n.Emphasis | n.Strong | n.Link):
            yield from inlines_in(inline.children)


def headings(blocks: Iterable[n.Block]) -> list[n.Heading]:
    """Every heading of ``blocks`` in reading order, those inside callouts included."""
    return [block for block in blocks_in(blocks) if isinstance(block, n.Heading)]


def anchors(blocks: Iterable[n.Block], nested: bool = True) -> Iterator[str]:
    """Every link target ``blocks`` define: headings' anchors and anchored list items', with
    those inside callouts unless not ``nested``."""
    for block in blocks_in(blocks) if nested else blocks:
        if isinstance(block, n.Heading):
            yield block.anchor
        elif isinstance(block, n.BulletList):
            yield from (item.anchor for item in block.items if item.anchor)


def snake_case(name: str) -> str:
    """``BulletList`` → ``bullet_list``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_visit_names: dict[type, str] = {}


def visit_name(node_type: type) -> str:
    """The visitor method for nodes of ``node_type``: ``visit_bullet_list`` for BulletList."""
    name = _visit_names.get(node_type)
    if name is None:
        name = _visit_names[node_type] = "visit_" + snake_case(node_type.__name__)
    return name


class NodeVisitor:
    """Calls ``visit_<snake_case type name>(node)`` for each node it is given.

    A subclass writes one method per node type it handles; a node of any other type is a
    :class:`TypeError` naming the subclass and the type, so a new node type can never be
    dropped silently by one writer. Share a handler between types by assigning it
    (``visit_emphasis = _visit_styled``).
    """

    def dispatch(self, node: Any) -> Any:
        """The result of this visitor's method for ``node``'s type."""
        method = getattr(self, visit_name(type(node)), None)
        if method is None:
            raise TypeError(f"{type(self).__name__} has no {visit_name(type(node))} method")
        return method(node)
