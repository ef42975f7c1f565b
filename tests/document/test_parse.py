"""Template Markdown → document model: each directive, and the errors for what has no node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kzrs_reports.core.errors import TemplateError
from kzrs_reports.document import nodes as n
from kzrs_reports.document.parse import parse_markdown


@dataclass(frozen=True)
class Chart:
    svg: Path
    png: Path
    aspect: float
    outlined: Path


CHARTS = {"timeline": Chart(Path("t.svg"), Path("t.png"), 0.4, Path("t-outlined.svg"))}


def parse(source: str) -> tuple[n.Block, ...]:
    return parse_markdown(source, CHARTS)


def it_gives_headings_unique_anchors() -> None:
    blocks = parse("# Key messages\n\n## Key messages\n\n# Қазақстан\n")
    assert [b.anchor for b in blocks if isinstance(b, n.Heading)] == [
        "key-messages",
        "key-messages-2",
        "section",
    ]
    assert [b.level for b in blocks if isinstance(b, n.Heading)] == [1, 2, 1]


def it_builds_a_title_block() -> None:
    source = (
        ":::: titleblock\n::: kicker\nUnit\n:::\n::: title\nThe *title*\n:::\n"
        "::: subtitle\nSub\n:::\n::: details\nLine one\n\nLine two\n:::\n::::\n"
    )
    assert parse(source) == (
        n.TitleBlock(
            title=(n.Text("The "), n.Emphasis((n.Text("title"),))),
            subtitle=(n.Text("Sub"),),
            kicker=(n.Text("Unit"),),
            details=((n.Text("Line one"),), (n.Text("Line two"),)),
        ),
    )


def it_builds_a_callout_holding_blocks() -> None:
    (callout,) = parse("::: callout warning Handle with care\n- one\n- two\n:::\n")
    assert callout == n.Callout(
        kind="warning",
        title=(n.Text("Handle with care"),),
        children=(n.BulletList((n.ListItem((n.Text("one"),)), n.ListItem((n.Text("two"),)))),),
    )


def it_numbers_captioned_tables_and_reads_widths_and_alignment() -> None:
    source = (
        "::: table widths=3,1\n| A | B |\n|---|--:|\n| x | 1 |\n\nFirst\n:::\n\n"
        "::: table\n| C | D |\n|:-:|---|\n| y | 2 |\n\nSecond\n:::\n"
    )
    first, second = parse(source)
    assert isinstance(first, n.Table) and isinstance(second, n.Table)
    assert (first.number, second.number) == (1, 2)
    assert first.widths == (0.75, 0.25)
    assert first.align == ("left", "right")
    assert second.align == ("center", "left")
    assert first.caption == (n.Text("First"),)
    assert first.header == (n.TableCell((n.Text("A"),)), n.TableCell((n.Text("B"),)))


def it_turns_a_keyvalue_table_header_into_its_first_row_when_filled() -> None:
    (empty,) = parse("::: table keyvalue\n| | |\n|---|---|\n| Date | today |\n:::\n")
    (filled,) = parse("::: table keyvalue\n| Date | today |\n|---|---|\n| Edition | 1 |\n:::\n")
    assert isinstance(empty, n.Table) and isinstance(filled, n.Table)
    assert empty.header == () and len(empty.rows) == 1 and empty.role == "keyvalue"
    assert len(filled.rows) == 2


def it_resolves_figures_against_the_drawn_charts() -> None:
    source = ":::: figure timeline\nThe *timeline*\n\n::: alt\nFive events.\n:::\n::::\n"
    (figure,) = parse(source)
    assert figure == n.Figure(
        chart="timeline",
        vector="t.svg",
        raster="t.png",
        caption=(n.Text("The "), n.Emphasis((n.Text("timeline"),))),
        alt_text="Five events.",
        number=1,
        aspect=0.4,
        outlined="t-outlined.svg",
    )


def it_anchors_numbered_sources() -> None:
    (sources,) = parse("::: sources\n1. One\n2. Two\n:::\n")
    assert isinstance(sources, n.BulletList) and sources.ordered
    assert [i.anchor for i in sources.items] == ["source-1", "source-2"]


def it_places_contents_and_page_breaks() -> None:
    assert parse("::: contents Contents\n:::\n\n::: pagebreak\n:::\n") == (
        n.Contents(title=(n.Text("Contents"),)),
        n.PageBreak(),
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("text\n\n```\ncode\n```\n", "line 3: the document model has no 'fence'"),
        ("> quote\n", "line 1: the document model has no 'blockquote'"),
        ("#### deep\n", "line 1: headings go down to level 3"),
        ("![x](y.png)\n", "line 1: the document model has no inline 'image'"),
        ("::: callout loud\nx\n:::\n", "callout kind must be summary, note or warning"),
        (":::: figure missing\ncap\n::::\n", "no chart named 'missing' was drawn"),
        ("::: table widths=1\n| a | b |\n|---|---|\n:::\n", "widths needs 2 positive numbers"),
    ],
)
def it_rejects_what_the_model_cannot_hold(source: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(source)


def it_reads_an_escaped_value_in_a_directive_title_as_typed() -> None:
    from kzrs_reports.templates.escape import escape_markdown

    hostile = "<b>Lines</b> & &amp; {{ 7*7 }} \\ *x*"
    title = escape_markdown(hostile)
    (callout, contents) = parse(
        f"::: callout note {title}\nBody.\n:::\n\n::: contents {title}\n:::\n"
    )
    assert isinstance(callout, n.Callout) and isinstance(contents, n.Contents)
    assert callout.title == contents.title == (n.Text(hostile),)
