"""A document crosses to a helper process whole: pickled and read back, every node of every
kind is equal to its original, fields and defaults alike."""

from __future__ import annotations

import pickle
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from documents import sample_document

from kzrs_reports.document import nodes


def _kinds(node: Any, seen: set[type]) -> set[type]:
    """Every dataclass type in ``node``, nested in fields and tuples."""
    if isinstance(node, tuple):
        for item in node:
            _kinds(item, seen)
    elif is_dataclass(node):
        seen.add(type(node))
        for f in fields(node):
            _kinds(getattr(node, f.name), seen)
    return seen


def it_reads_back_every_kind_of_node_equal(charts: tuple[Path, Path]) -> None:
    document = sample_document(*charts)
    labels = nodes.PageLabels(page="Страна {page} од {pages}", figure="Slika {n}")
    document = replace(document, meta=replace(document.meta, edition="2.1", labels=labels))
    every = {v for v in vars(nodes).values() if isinstance(v, type) and is_dataclass(v)}
    assert _kinds(document, set()) == every  # the sample holds each kind of node
    for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(document, protocol))  # noqa: S301 (our own bytes)
        assert again == document
        assert again.meta.labels.page == "Страна {page} од {pages}"
        assert again.meta.labels.table == "Table {n}"  # a default
    empty = pickle.loads(pickle.dumps(nodes.LineBreak()))  # noqa: S301 (our own bytes)
    assert empty == nodes.LineBreak()
