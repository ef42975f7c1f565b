"""The document model: a closed, typed, writer-agnostic set of nodes.

Templates produce Markdown; :mod:`kzrs_reports.document.parse` turns it into these nodes;
each writer walks them. Nodes say *what* a thing is (a heading, a callout of kind
``"warning"``), never how it looks: no fonts, colours, points or EMUs live here.

Every node is a frozen dataclass, so a document can be hashed, compared and shared between
writers without either of them changing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from operator import attrgetter
from typing import Literal, TypeAlias

# --------------------------------------------------------------------------- inline nodes


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text, exactly as the reader sees it (never markup)."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasised (italic) inline content."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly emphasised (bold) inline content."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink.

    ``target`` is either an absolute ``http(s)://`` or ``mailto:`` URL, or ``#anchor`` naming
    an :attr:`Heading.anchor` or :attr:`ListItem.anchor` in the same document.
    """

    children: tuple[Inline, ...]
    target: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph or cell."""


Inline: TypeAlias = Text | Emphasis | Strong | Link | LineBreak

# --------------------------------------------------------------------------- block nodes


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The cover's title block: the first thing in a brief."""

    title: tuple[Inline, ...]
    """The document's title."""
    subtitle: tuple[Inline, ...] = ()
    """A line under the title; empty when there is none."""
    kicker: tuple[Inline, ...] = ()
    """A short line above the title (the organisation, the kind of document)."""
    details: tuple[tuple[Inline, ...], ...] = ()
    """Further lines under the subtitle (date, edition), one per entry."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; levels 1–3. Every heading gets an outline entry and a TOC line."""

    level: Literal[1, 2, 3]
    children: tuple[Inline, ...]
    anchor: str
    """A document-unique name, usable as a ``#anchor`` link target and a bookmark name."""
    number: str = ""
    """The section number shown before the text ("2.1"), empty for unnumbered headings."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text."""

    children: tuple[Inline, ...]
    role: Literal["body", "lead", "note"] = "body"
    """``lead`` opens a section in a larger size; ``note`` is small print (sources, notes)."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a :class:`BulletList`; its content is a single paragraph's inlines."""

    children: tuple[Inline, ...]
    anchor: str = ""
    """A ``#anchor`` link target for this item (numbered sources use it), or empty."""


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list, bulleted or numbered."""

    items: tuple[ListItem, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class TableCell:
    """One table cell: a single paragraph's inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table. Writers repeat :attr:`header` on every page and never split a row."""

    header: tuple[TableCell, ...]
    """The header row; empty for a table without one (a key–value table)."""
    rows: tuple[tuple[TableCell, ...], ...]
    widths: tuple[float, ...]
    """Relative column widths, one per column, summing to 1."""
    align: tuple[Literal["left", "right", "center"], ...]
    """Horizontal alignment per column."""
    caption: tuple[Inline, ...] = ()
    """Caption shown under the table, numbered by the writer as "Table n"; may be empty."""
    number: int = 0
    """The table's number when it has a caption, else 0."""
    role: Literal["data", "keyvalue"] = "data"
    """``keyvalue`` tables (document control) print their first column as labels."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart with a numbered caption.

    ``vector`` (SVG) is what the PDF draws; ``outlined`` (SVG, text as outlines) is what Word
    shows, ``raster`` (PNG, ≥ 300 dpi) where it cannot read SVG.
    """

    chart: str
    """The chart's name ("priorities", "timeline")."""
    vector: str
    """Path of the SVG file."""
    raster: str
    """Path of the PNG file."""
    caption: tuple[Inline, ...]
    alt_text: str
    """A plain-text description for screen readers."""
    number: int
    width: float = 1.0
    """Width as a fraction of the text width."""
    aspect: float = 0.5
    """Height divided by width, so writers can reserve space without opening the image."""
    outlined: str = ""
    """Path of the SVG whose text is drawn as outlines; empty when there is none."""


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed aside: a summary, a note or a warning, with an optional title."""

    kind: Literal["summary", "note", "warning"]
    children: tuple[Block, ...]
    title: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Contents:
    """Where the table of contents goes. Writers fill it with every heading and its page."""

    title: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start the next block on a new page."""


Block: TypeAlias = (
    TitleBlock | Heading | Paragraph | BulletList | Table | Figure | Callout | Contents | PageBreak
)

BLOCK_TYPES: tuple[type, ...] = (
    TitleBlock,
    Heading,
    Paragraph,
    BulletList,
    Table,
    Figure,
    Callout,
    Contents,
    PageBreak,
)
"""Every block node class; a test checks that every writer handles each one."""

INLINE_TYPES: tuple[type, ...] = (Text, Emphasis, Strong, Link, LineBreak)
"""Every inline node class."""

# --------------------------------------------------------------------------- the document


@dataclass(frozen=True, slots=True)
class PageLabels:
    """Words the writers print on every page or in captions; they come from the templates."""

    page: str = "Page {page} of {pages}"
    """Footer page label; ``{page}`` and ``{pages}`` are replaced by the writer."""
    figure: str = "Figure {n}"
    table: str = "Table {n}"
    contents: str = "Contents"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a document says about itself: file properties and page furniture."""

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"
    """BCP 47 language tag, e.g. ``en-GB``."""
    classification: str = ""
    """The overall marking, printed centred at the top and bottom of every page."""
    date: str = ""
    """ISO 8601 date of the document (used for file properties)."""
    organisation: str = ""
    edition: str = ""
    labels: PageLabels = field(default_factory=PageLabels)


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: metadata and an ordered tuple of blocks."""

    meta: Metadata
    blocks: tuple[Block, ...]


def _pickled_as_a_call(cls: type) -> None:
    """Pickle ``cls``, a frozen dataclass with slots, as a call with its fields in order.

    The dataclass's own way sets each field in turn through ``fields()``, three times
    slower both ways: a document goes to the Word writer's helper process on every build.
    """
    names = tuple(f.name for f in fields(cls))
    get = attrgetter(*names) if names else None
    several = len(names) > 1

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        if get is None:
            return cls, ()
        return cls, get(self) if several else (get(self),)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]


for _node in [v for v in globals().values() if isinstance(v, type) and is_dataclass(v)]:
    _pickled_as_a_call(_node)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of ``inlines`` with all formatting dropped (line breaks become spaces)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
