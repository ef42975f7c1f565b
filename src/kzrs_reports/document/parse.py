"""Markdown with directives → the document model.

Templates write CommonMark plus GFM tables, and a few fenced *directives* (markdown-it-py's
container syntax) for what Markdown has no words for::

    :::: titleblock          kicker / title / subtitle / details, each a ::: block inside
    ::: lead                 a paragraph in the lead style
    ::: callout KIND [TITLE] summary | note | warning, holding any blocks
    ::: table [keyvalue] widths=0.3,0.7
                             a GFM table, then an optional caption paragraph
    :::: figure NAME         a caption paragraph, then ::: alt with the alt text
    ::: contents TITLE       the table of contents
    ::: pagebreak
    ::: sources              a numbered list whose items become link targets #source-N

Anything else (HTML, images, code, quotes, headings below level 3) is a template error: the
parser never guesses what an unknown construct should look like in print.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Literal, Protocol, cast

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.core.links import is_link
from kzrs_reports.document import nodes as n
from kzrs_reports.document.validate import check_document

DIRECTIVES = (
    "titleblock",
    "kicker",
    "title",
    "subtitle",
    "details",
    "lead",
    "callout",
    "table",
    "figure",
    "alt",
    "contents",
    "pagebreak",
    "sources",
)


class ChartImage(Protocol):
    """What the parser needs to know of a drawn chart."""

    @property
    def svg(self) -> Path: ...
    @property
    def png(self) -> Path: ...
    @property
    def outlined(self) -> Path: ...
    @property
    def aspect(self) -> float: ...


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name in DIRECTIVES:
        container_plugin(md, name, validate=_validator(name))
    return md


def _validator(name: str) -> Callable[[str, str], bool]:
    def validate(params: str, markup: str) -> bool:
        return params.strip().split(" ", 1)[0] == name

    return validate


def output_line(line: int) -> str:
    """Where output ``line`` came from when nothing more is known: the line itself."""
    return f"template output line {line}"


def parse_markdown(
    source: str, charts: Mapping[str, ChartImage], place: Callable[[int], str] = output_line
) -> tuple[n.Block, ...]:
    """Parse template output into blocks, resolving ``figure NAME`` against ``charts``, and
    check them (:func:`~kzrs_reports.document.validate.check_document`).

    ``place`` says which template file and line wrote a line of ``source``. Raises
    :class:`TemplateError` naming that place for any construct the document model does not
    have and for a document that breaks the model's promises (a link to no heading, say).
    """
    tree = SyntaxTreeNode(_parser().parse(source))
    builder = _Builder(charts, place)
    blocks = builder.blocks(tree.children)
    check_document(blocks, builder.place_of)
    return blocks


class _Builder:
    def __init__(self, charts: Mapping[str, ChartImage], place: Callable[[int], str]) -> None:
        self.charts = charts
        self.place = place
        self.figures = 0
        self.tables = 0
        self.anchors: set[str] = set()
        self.line = 0
        """The output line being read: a block's first, moved on by each line break of its
        text, so a link or an error in a paragraph is placed on its own line."""
        self.lines: dict[int, int] = {}
        """The output line each block and link was built from, by the node's ``id``."""

    def place_of(self, node: object) -> str | None:
        """The template file and line that wrote ``node``, if it was built here."""
        line = self.lines.get(id(node))
        return self.place(line) if line is not None else None

    def error(self, node: SyntaxTreeNode, message: str) -> TemplateError:
        """The error for ``message`` at ``node``'s line of the template."""
        line = node.map[0] + 1 if node.map else self.line
        return TemplateError(f"{self.place(line)}: {message}")

    # ------------------------------------------------------------------ blocks

    def blocks(self, children: list[SyntaxTreeNode]) -> tuple[n.Block, ...]:
        out: list[n.Block] = []
        for node in children:
            built = self.block(node)
            line = node.map[0] + 1 if node.map else self.line
            for block in built:
                self.lines.setdefault(id(block), line)
            out.extend(built)
        return tuple(out)

    def block(self, node: SyntaxTreeNode) -> list[n.Block]:
        kind = node.type
        if node.map:
            self.line = node.map[0] + 1
        if kind == "heading":
            return [self.heading(node)]
        if kind == "paragraph":
            return [n.Paragraph(self.inlines(node))]
        if kind in ("bullet_list", "ordered_list"):
            return [self.list_block(node, ordered=kind == "ordered_list")]
        if kind == "table":
            return [self.table(node, {})]
        if kind.startswith("container_"):
            return self.directive(node, kind.removeprefix("container_"))
        raise self.error(node, f"the document model has no '{kind}'")

    def heading(self, node: SyntaxTreeNode) -> n.Heading:
        level = int(node.tag[1])
        if level > 3:
            raise self.error(node, "headings go down to level 3 (###)")
        children = self.inlines(node)
        return n.Heading(
            level=cast(Literal[1, 2, 3], level),
            children=children,
            anchor=self.anchor(n.plain_text(children)),
        )

    def anchor(self, text: str) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "section"
        anchor, i = slug, 2
        while anchor in self.anchors:
            anchor, i = f"{slug}-{i}", i + 1
        self.anchors.add(anchor)
        return anchor

    def list_block(
        self, node: SyntaxTreeNode, *, ordered: bool, anchor_prefix: str = ""
    ) -> n.BulletList:
        items = []
        for i, item in enumerate(node.children, start=1):
            paragraphs = [c for c in item.children if c.type == "paragraph"]
            if len(paragraphs) != len(item.children) or len(paragraphs) > 1:
                raise self.error(item, "a list item holds one paragraph (no nested blocks)")
            inlines = self.inlines(paragraphs[0]) if paragraphs else ()
            anchor = f"{anchor_prefix}{i}" if anchor_prefix else ""
            if anchor:
                self.anchors.add(anchor)
            items.append(n.ListItem(inlines, anchor=anchor))
        return n.BulletList(tuple(items), ordered=ordered)

    def table(self, node: SyntaxTreeNode, options: Mapping[str, str]) -> n.Table:
        rows: list[tuple[n.TableCell, ...]] = []
        aligns: list[Literal["left", "right", "center"]] = []
        header: tuple[n.TableCell, ...] = ()
        for section in node.children:
            for row in section.children:
                if row.map:
                    self.line = row.map[0] + 1
                cells = tuple(n.TableCell(self.inlines(cell)) for cell in row.children)
                if section.type == "thead":
                    header = cells
                    aligns = [_alignment(cell) for cell in row.children]
                else:
                    rows.append(cells)
        keyvalue = "keyvalue" in options
        if keyvalue and any(n.plain_text(c.children).strip() for c in header):
            rows.insert(0, header)
        widths = self.widths(options.get("widths"), len(aligns), node)
        return n.Table(
            header=() if keyvalue else header,
            rows=tuple(rows),
            widths=widths,
            align=tuple(aligns),
            role="keyvalue" if keyvalue else "data",
        )

    def widths(self, spec: str | None, columns: int, node: SyntaxTreeNode) -> tuple[float, ...]:
        """Relative widths from ``widths=0.3,0.7``, made to add up to 1; equal without one."""
        if not spec:
            return tuple(1 / columns for _ in range(columns))
        try:
            values = [float(v) for v in spec.split(",")]
        except ValueError:
            raise self.error(node, f"widths must be numbers, not {spec!r}") from None
        if len(values) != columns or any(v <= 0 for v in values):
            raise self.error(node, f"widths needs {columns} positive numbers, got {spec!r}")
        total = sum(values)
        return tuple(v / total for v in values)

    # ------------------------------------------------------------------ directives

    def directive(self, node: SyntaxTreeNode, name: str) -> list[n.Block]:
        words = node.info.strip().split(" ", 1)
        rest = words[1].strip() if len(words) > 1 else ""
        if name == "titleblock":
            return [self.title_block(node)]
        if name == "lead":
            return [n.Paragraph(self.only_paragraph(node), role="lead")]
        if name == "callout":
            kind, _, title = rest.partition(" ")
            if kind not in ("summary", "note", "warning"):
                raise self.error(
                    node, f"callout kind must be summary, note or warning, not {kind!r}"
                )
            return [
                n.Callout(
                    kind=cast(Literal["summary", "note", "warning"], kind),
                    children=self.blocks(node.children),
                    title=(n.Text(_unescape(title)),) if title else (),
                )
            ]
        if name == "table":
            return [self.captioned_table(node, rest)]
        if name == "figure":
            return [self.figure(node, rest)]
        if name == "contents":
            return [n.Contents(title=(n.Text(_unescape(rest)),) if rest else ())]
        if name == "pagebreak":
            return [n.PageBreak()]
        if name == "sources":
            lists = [c for c in node.children if c.type == "ordered_list"]
            if len(lists) != 1 or len(node.children) != 1:
                raise self.error(node, "'sources' holds one numbered list")
            return [self.list_block(lists[0], ordered=True, anchor_prefix="source-")]
        raise self.error(node, f"'{name}' is not allowed here")

    def title_block(self, node: SyntaxTreeNode) -> n.TitleBlock:
        parts: dict[str, list[tuple[n.Inline, ...]]] = {}
        for child in node.children:
            name = child.type.removeprefix("container_")
            if name not in ("kicker", "title", "subtitle", "details"):
                raise self.error(child, "a titleblock holds kicker, title, subtitle and details")
            parts[name] = [self.inlines(p) for p in child.children if p.type == "paragraph"]
        if not parts.get("title"):
            raise self.error(node, "a titleblock needs a title")
        return n.TitleBlock(
            title=parts["title"][0],
            subtitle=(parts.get("subtitle") or [()])[0],
            kicker=(parts.get("kicker") or [()])[0],
            details=tuple(parts.get("details", [])),
        )

    def captioned_table(self, node: SyntaxTreeNode, params: str) -> n.Table:
        options = _options(params)
        tables = [c for c in node.children if c.type == "table"]
        captions = [c for c in node.children if c.type == "paragraph"]
        if (
            len(tables) != 1
            or len(captions) > 1
            or len(node.children) != len(tables) + len(captions)
        ):
            raise self.error(node, "'table' holds one table and at most one caption paragraph")
        table = self.table(tables[0], options)
        if not captions:
            return table
        self.tables += 1
        return n.Table(
            header=table.header,
            rows=table.rows,
            widths=table.widths,
            align=table.align,
            caption=self.inlines(captions[0]),
            number=self.tables,
            role=table.role,
        )

    def figure(self, node: SyntaxTreeNode, name: str) -> n.Figure:
        if name not in self.charts:
            raise self.error(node, f"no chart named {name!r} was drawn")
        captions = [c for c in node.children if c.type == "paragraph"]
        alts = [c for c in node.children if c.type == "container_alt"]
        if len(captions) != 1 or len(alts) > 1:
            raise self.error(node, "'figure' holds one caption paragraph and at most one 'alt'")
        alt = " ".join(n.plain_text(self.inlines(p)) for p in alts[0].children) if alts else ""
        chart = self.charts[name]
        self.figures += 1
        return n.Figure(
            chart=name,
            vector=str(chart.svg),
            raster=str(chart.png),
            caption=self.inlines(captions[0]),
            alt_text=alt,
            number=self.figures,
            aspect=chart.aspect,
            outlined=str(chart.outlined),
        )

    def only_paragraph(self, node: SyntaxTreeNode) -> tuple[n.Inline, ...]:
        if len(node.children) != 1 or node.children[0].type != "paragraph":
            raise self.error(node, f"'{node.type.removeprefix('container_')}' holds one paragraph")
        return self.inlines(node.children[0])

    # ------------------------------------------------------------------ inlines

    def inlines(self, node: SyntaxTreeNode) -> tuple[n.Inline, ...]:
        children = node.children
        if len(children) == 1 and children[0].type == "inline":
            children = children[0].children
        out: list[n.Inline] = []
        for child in children:
            out.extend(self.inline(child))
        return _merge_text(out)

    def inline(self, node: SyntaxTreeNode) -> list[n.Inline]:
        kind = node.type
        if kind in ("text", "code_inline"):
            return [n.Text(node.content)] if node.content else []
        if kind == "softbreak":
            self.line += 1
            return [n.Text(" ")]
        if kind == "hardbreak":
            self.line += 1
            return [n.LineBreak()]
        if kind == "em":
            return [n.Emphasis(self.inlines(node))]
        if kind == "strong":
            return [n.Strong(self.inlines(node))]
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            children = self.inlines(node)
            if not is_link(href):  # a link the policy refuses keeps its words
                return list(children)
            link = n.Link(children, href)
            self.lines[id(link)] = self.line
            return [link]
        raise TemplateError(f"{self.place(self.line)}: the document model has no inline '{kind}'")


def _merge_text(inlines: list[n.Inline]) -> tuple[n.Inline, ...]:
    merged: list[n.Inline] = []
    for node in inlines:
        if merged and isinstance(node, n.Text) and isinstance(merged[-1], n.Text):
            merged[-1] = n.Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


def _alignment(cell: SyntaxTreeNode) -> Literal["left", "right", "center"]:
    style = str(cell.attrs.get("style", ""))
    if "right" in style:
        return "right"
    if "center" in style:
        return "center"
    return "left"


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(text: str) -> str:
    """A directive's title as the text it stands for: CommonMark backslash escapes undone, as
    in any paragraph (a value escaped into a title prints without its backslashes)."""
    return _BACKSLASH_ESCAPE.sub(r"\1", text)


def _options(params: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for word in params.split():
        key, _, value = word.partition("=")
        options[key] = value
    return options
