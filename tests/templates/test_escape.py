"""Data values reach Markdown escaped: nothing typed in a data file acts as syntax."""

from __future__ import annotations

import pytest

from kzrs_reports.document.nodes import Emphasis, Link, Paragraph, Strong, Text, plain_text
from kzrs_reports.document.parse import parse_markdown
from kzrs_reports.templates.escape import MAX_EMPHASIS, escape_markdown, rich_markdown, web_link

HOSTILE = [
    "AT&T",
    "<b>x</b>",
    "{{ 7*7 }}",
    "{% raw %}",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "| not | a | cell |",
    "&amp; stays &amp;",
    "![img](file:///etc/passwd)",
    "<img src='x'>",
    "`code` and *stars* and _under_",
    "back\\slash\\",
    "$x^2$ costs $5",
    "::: callout warning",
    "[link](javascript:alert(1))",
]


@pytest.mark.parametrize("text", HOSTILE)
def it_reads_back_escaped_text_exactly(text: str) -> None:
    (paragraph,) = parse_markdown(escape_markdown(text) + "\n", {})
    assert paragraph == Paragraph((Text(text),))


@pytest.mark.parametrize("text", HOSTILE)
def it_keeps_an_escaped_value_inside_a_table_cell(text: str) -> None:
    source = f"| a | b |\n|---|---|\n| {escape_markdown(text)} | {rich_markdown(text)} |\n"
    (table,) = parse_markdown(source, {})
    cells = [plain_text(cell.children) for cell in table.rows[0]]
    assert cells[0] == text
    assert len(table.rows) == 1 and len(table.rows[0]) == 2


def it_folds_newlines_so_a_value_cannot_start_a_block() -> None:
    (paragraph,) = parse_markdown(escape_markdown("one\n\n# two\n- three") + "\n", {})
    assert paragraph == Paragraph((Text("one # two - three"),))


def it_keeps_emphasis_and_web_links_in_rich_text() -> None:
    source = rich_markdown("**Big** step, *really*: see [the report](https://example.org/a_(b)).")
    (paragraph,) = parse_markdown(source + "\n", {})
    assert paragraph.children == (
        Strong((Text("Big"),)),
        Text(" step, "),
        Emphasis((Text("really"),)),
        Text(": see "),
        Link((Text("the report"),), "https://example.org/a_(b)"),
        Text("."),
    )


def it_prints_underscores_in_rich_text_as_typed() -> None:
    text = "getattr(pow, '__globals__'), _x_, \\_y_ and [a_b](https://e.org/a_b)"
    (paragraph,) = parse_markdown(rich_markdown(text) + "\n", {})
    # A backslash still escapes, as everywhere in Markdown.
    assert plain_text(paragraph.children) == "getattr(pow, '__globals__'), _x_, _y_ and a_b"
    assert Link((Text("a_b"),), "https://e.org/a_b") in paragraph.children


@pytest.mark.parametrize(
    "text",
    ["[x](javascript:alert(1))", "[x](file:///etc/passwd)", "[x](#anchor)", "![x](https://a.b/c)"],
)
def it_drops_links_that_are_not_to_the_web(text: str) -> None:
    (paragraph,) = parse_markdown(rich_markdown(text) + "\n", {})
    assert not any(isinstance(node, Link) for node in paragraph.children)


def it_links_web_urls_and_prints_other_urls_as_text() -> None:
    (linked,) = parse_markdown(web_link("https://example.org/x?a=1&b=2") + "\n", {})
    assert linked == Paragraph(
        (Link((Text("https://example.org/x?a=1&b=2"),), "https://example.org/x?a=1&b=2"),)
    )
    (plain,) = parse_markdown(web_link("ftp://example.org") + "\n", {})
    assert plain == Paragraph((Text("ftp://example.org"),))


def it_prints_emphasis_nested_past_the_limit_as_typed() -> None:
    (paragraph,) = parse_markdown(rich_markdown("*" * 1000 + "deep" + "*" * 1000) + "\n", {})
    node, depth = paragraph.children[0], 0
    while isinstance(node, Strong | Emphasis):
        node, depth = node.children[0], depth + 1
    assert depth == MAX_EMPHASIS
    assert "deep" in plain_text(paragraph.children)
    assert plain_text(paragraph.children).count("*") == 2000 - 2 * (2 * MAX_EMPHASIS)
