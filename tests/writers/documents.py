"""Hand-built documents for the writer tests (shared by the PDF and DOCX writer tests).

:func:`sample_document` covers every block and inline node type with the text that tends to
break writers: Cyrillic and Latin Extended letters, markup-looking data (``&``, ``<b>x</b>``,
``{{ 7*7 }}``), a table long enough to cross pages, nested callouts and internal links.
:func:`write_sample_charts` makes a small SVG + PNG chart pair with matplotlib.
"""

from __future__ import annotations

from pathlib import Path

from kzrs_reports.document.nodes import (
    BulletList,
    Callout,
    Contents,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Metadata,
    PageBreak,
    PageLabels,
    Paragraph,
    Strong,
    Table,
    TableCell,
    Text,
    TitleBlock,
)
from kzrs_reports.templates.theme import FONTS_DIR

CLASSIFICATION = "OFFICIAL — FOR TEST"
"""The marking the sample document prints at the top and bottom of every page."""

CHART_LABEL = "Energy ћ Vučić"
"""A category label drawn in the sample chart (must be extractable from the PDF)."""

CHART_TITLE = "Sector priorities"
"""The sample chart's title, drawn inside the SVG."""

LONG_TABLE_ROWS = 60
"""Rows in the long table that must cross a page boundary."""

LONG_TABLE_HEADER = ("Milestone date", "Event", "Category")
"""The long table's header cells (repeated on every page it spans)."""

HEADINGS: tuple[tuple[int, str], ...] = (
    (1, "1 Key messages"),
    (2, "1.1 Cyrillic and Latin text"),
    (3, "1.1.1 Markup-looking data"),
    (1, "2 Relations timeline"),
    (2, "2.1 Milestones"),
    (1, "3 Charts & asides"),
    (3, "Inside a callout"),
    (1, "4 Sources"),
)
"""Every heading (level, text as printed with its number) in reading order."""


def _t(text: str) -> tuple[Inline, ...]:
    return (Text(text),)


def _cells(*texts: str) -> tuple[TableCell, ...]:
    return tuple(TableCell(_t(text)) for text in texts)


def write_sample_charts(directory: Path) -> tuple[Path, Path]:
    """Draw a small bar chart into ``directory`` as SVG (text kept as text) and PNG.

    The chart uses the shipped Noto Sans, the way the project's chart module does, and carries
    :data:`CHART_LABEL` and :data:`CHART_TITLE` as text. Returns ``(svg_path, png_path)``.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for font in sorted(FONTS_DIR.glob("NotoSans-*.ttf")):
        font_manager.fontManager.addfont(str(font))
    directory.mkdir(parents=True, exist_ok=True)
    svg_path = directory / "priorities.svg"
    png_path = directory / "priorities.png"
    with plt.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "kzrs-tests",
            "font.family": "Noto Sans",
            "path.simplify": True,
        }
    ):
        fig, ax = plt.subplots(figsize=(6.4, 3.2))
        labels = [CHART_LABEL, "Logistics", "Agriculture", "Digital"]
        ax.barh(labels, [5, 4, 3, 2], color="#1d3557")
        ax.set_title(CHART_TITLE, fontweight="bold")
        ax.set_xlabel("Priority (1–5)")
        ax.invert_yaxis()
        fig.tight_layout()
        fig.savefig(svg_path, format="svg", metadata={"Date": None})
        fig.savefig(png_path, format="png", dpi=200)
        plt.close(fig)
    return svg_path, png_path


def _long_table() -> Table:
    categories = ("Diplomacy", "Trade", "Energy", "Culture")
    rows = tuple(
        _cells(
            f"2{(i % 26):03d}-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}",
            f"Milestone {i + 1}: meeting in Београд / Astana, Vučić & Тоқаев"
            + (" — a longer description that wraps onto a second line" if i % 7 == 0 else ""),
            categories[i % len(categories)],
        )
        for i in range(LONG_TABLE_ROWS)
    )
    return Table(
        header=_cells(*LONG_TABLE_HEADER),
        rows=rows,
        widths=(0.2, 0.6, 0.2),
        align=("left", "left", "right"),
        caption=_t("Milestones of the relationship (60 rows)"),
        number=2,
    )


def sample_document(figure_svg: Path, figure_png: Path) -> Document:
    """A document that uses every node type, with awkward text everywhere.

    ``figure_svg`` and ``figure_png`` are the chart files the :class:`Figure` points at (make
    them with :func:`write_sample_charts`).
    """
    meta = Metadata(
        title="Kazakhstan–Serbia state visit: test brief",
        author="Analyst Đorđe Šćepanović",
        subject="Writer test document",
        keywords=("Kazakhstan", "Serbia", "test"),
        language="en-GB",
        classification=CLASSIFICATION,
        date="2026-02-20",
        organisation="Test Institute",
        edition="1.0",
        labels=PageLabels(),
    )
    blocks = (
        TitleBlock(
            kicker=_t("Test Institute · Policy brief"),
            title=_t("Kazakhstan–Serbia state visit"),
            subtitle=_t("Қасым-Жомарт Тоқаев in Србија, 26–27 February 2026"),
            details=(_t("20 February 2026"), _t("Edition 1.0")),
        ),
        Table(
            header=(),
            rows=(
                _cells("Author", "Analyst Đorđe Šćepanović"),
                _cells("Date", "20 February 2026"),
                _cells("Distribution", "AT&T <b>x</b> {{ 7*7 }}"),
            ),
            widths=(0.3, 0.7),
            align=("left", "left"),
            role="keyvalue",
        ),
        Contents(title=_t("Contents")),
        PageBreak(),
        Heading(level=1, number="1", anchor="key-messages", children=_t("Key messages")),
        Paragraph(
            role="lead",
            children=(
                Text("President "),
                Strong(_t("Қасым-Жомарт Тоқаев")),
                Text(" meets President "),
                Emphasis(_t("Aleksandar Vučić")),
                Text(" in Belgrade."),
            ),
        ),
        Callout(
            kind="summary",
            title=_t("Summary"),
            children=(
                Paragraph(_t("Two agreements are ready for signature; see ")),
                BulletList(
                    items=(
                        ListItem(_t("Energy: oil supply via the Adria pipeline.")),
                        ListItem(_t("Trade: a working group on logistics.")),
                    )
                ),
            ),
        ),
        Heading(
            level=2,
            number="1.1",
            anchor="scripts",
            children=_t("Cyrillic and Latin text"),
        ),
        Paragraph(
            _t(
                "Serbian Cyrillic letters ђ ј љ њ ћ џ and Latin č ć š ž đ print as typed; "
                "so do Kazakh letters ә ғ қ ң ө ұ ү һ і."
            )
        ),
        Heading(
            level=3,
            number="1.1.1",
            anchor="markup",
            children=_t("Markup-looking data"),
        ),
        Paragraph(
            (
                Text("Data such as AT&T, <b>x</b> and {{ 7*7 }} is never interpreted."),
                LineBreak(),
                Text("A second line after a hard break, with "),
                Strong((Emphasis(_t("bold italic")),)),
                Text(" text, an "),
                Link(_t("external link"), "https://www.mfa.gov.rs/en?a=1&b=2"),
                Text(", a "),
                Link(_t("link to the timeline"), "#timeline"),
                Text(" and a "),
                Link(_t("link to source 2"), "#source-2"),
                Text("."),
            )
        ),
        Paragraph(role="note", children=_t("Note: figures are rounded; source [2].")),
        Heading(level=1, number="2", anchor="timeline", children=_t("Relations timeline")),
        Paragraph(_t("The table below lists sixty milestones and crosses a page boundary.")),
        Heading(level=2, number="2.1", anchor="milestones", children=_t("Milestones")),
        _long_table(),
        Heading(level=1, number="3", anchor="charts", children=_t("Charts & asides")),
        Figure(
            chart="priorities",
            vector=str(figure_svg),
            raster=str(figure_png),
            caption=_t("Sector priorities (assessed), Vučić & Тоқаев"),
            alt_text="Bar chart of four sector priorities, energy highest.",
            number=1,
            width=0.9,
            aspect=0.5,
        ),
        Callout(
            kind="note",
            title=_t("Note"),
            children=(
                Paragraph(_t("An outer note callout containing a nested warning.")),
                Callout(
                    kind="warning",
                    title=_t("Warning <i>not italic</i>"),
                    children=(
                        Heading(
                            level=3,
                            anchor="in-callout",
                            children=_t("Inside a callout"),
                        ),
                        Paragraph(_t("Risk: sanctions exposure of the oil supply (&).")),
                    ),
                ),
            ),
        ),
        Heading(level=1, number="4", anchor="sources", children=_t("Sources")),
        BulletList(
            ordered=True,
            items=(
                ListItem(
                    (
                        Text("Ministry of Foreign Affairs of Serbia, "),
                        Link(_t("mfa.gov.rs"), "https://www.mfa.gov.rs/"),
                    ),
                    anchor="source-1",
                ),
                ListItem(_t("Akorda press service, Астана, 2026."), anchor="source-2"),
                ListItem(
                    (Text("Contact: "), Link(_t("desk@example.org"), "mailto:desk@example.org"))
                ),
            ),
        ),
    )
    return Document(meta=meta, blocks=blocks)
