"""The checks every document passes before any writer sees it, made once for all of them.

A writer may then take for granted what the node model promises: every link leaves for an
allowed URL or names an anchor the document has, no link holds another, anchors are unique,
a table is rectangular with one width and one alignment per column and widths adding up to
1, a figure's width is a share of the text width. A document that breaks a promise is the
template's mistake (or a script's that built it by hand), so the error is a
:class:`~kzrs_reports.core.errors.TemplateError` naming, where it can, the template file and
line that wrote the offending node.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.core.links import anchor_of, is_internal, is_link
from kzrs_reports.document import nodes as n
from kzrs_reports.document.walk import anchors, blocks_in, inline_runs, inlines_in

Place = Callable[[object], str | None]
"""Where a node came from (``brief.md.j2:42``), or None when nobody knows."""

WIDTH_TOLERANCE = 1e-6
"""How far a table's widths may add up from 1 (they are floats)."""


def check_document(blocks: tuple[n.Block, ...], place: Place = lambda node: None) -> None:
    """Raise :class:`TemplateError` for the first broken promise in ``blocks``, in reading
    order, prefixed with ``place`` of the node that breaks it (else "the document")."""
    for node, message in problems(blocks):
        raise TemplateError(f"{place(node) or 'the document'}: {message}")


def problems(blocks: tuple[n.Block, ...]) -> Iterator[tuple[object, str]]:
    """Each broken promise in ``blocks``: the node that breaks it and what is wrong."""
    seen: set[str] = set()
    for block in blocks_in(blocks):
        for anchor in anchors((block,), nested=False):
            if anchor in seen:
                yield block, f"two link targets are named {anchor!r}"
            seen.add(anchor)
    for block in blocks_in(blocks):
        if isinstance(block, n.Table):
            yield from ((block, message) for message in table_problems(block))
        elif isinstance(block, n.Figure):
            if not 0 < block.width <= 1:
                yield block, f"figure {block.number}: width {block.width} is not in (0, 1]"
            if not (block.aspect > 0 and math.isfinite(block.aspect)):
                yield block, f"figure {block.number}: aspect {block.aspect} is not positive"
        for run in inline_runs(block):
            for inline in inlines_in(run):
                if isinstance(inline, n.Link):
                    yield from ((inline, m) for m in _link_problems(inline, seen))


def _link_problems(link: n.Link, anchors: set[str]) -> Iterator[str]:
    if not is_link(link.target):
        yield (
            f"a link to {link.target!r}: a link goes to an http(s):// or mailto: address, "
            "or to #anchor"
        )
    elif is_internal(link.target) and anchor_of(link.target) not in anchors:
        yield f"a link to {link.target!r}, which names no heading or source of the document"
    if any(isinstance(inner, n.Link) for inner in inlines_in(link.children)):
        yield f"a link to {link.target!r} holds another link"


def table_problems(table: n.Table) -> Iterator[str]:
    """What is wrong with ``table``'s shape: ragged rows, widths or alignments that do not
    give one value per column, widths that are not positive or do not add up to 1."""
    columns = len(table.widths)
    if columns == 0:
        yield "a table needs at least one column"
        return
    if len(table.align) != columns:
        yield f"a table of {columns} widths has {len(table.align)} alignments"
    rows = ((("header", table.header),) if table.header else ()) + tuple(
        (f"row {number}", row) for number, row in enumerate(table.rows, start=1)
    )
    for name, row in rows:
        if len(row) != columns:
            yield f"table {name} has {len(row)} cells; the table has {columns} columns"
    if any(not (w > 0 and math.isfinite(w)) for w in table.widths):
        yield f"table widths must be positive: {list(table.widths)}"
    elif abs(sum(table.widths) - 1) > WIDTH_TOLERANCE:
        yield f"table widths must add up to 1, not {sum(table.widths):g}"
