"""The floor: the sample brief written by hand with bare libraries, to time the tool against.

    python bench/floor.py OUT_DIR [--data FILE] [--no-charts]

Reads the visit with a plain YAML loader (no validation), draws the same two charts with
matplotlib's pyplot (SVG for the PDF, PNG for Word, as the tool does), and writes the same
headings, paragraphs, lists and tables with bare ReportLab platypus and bare python-docx, in
the Noto fonts the tool ships. No templates, no contents page, no reproducibility work.
``--no-charts`` leaves the charts out (and never imports matplotlib or svglib): the no-chart
floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
FONTS = ROOT / "src" / "kzrs_reports" / "fonts"
FACES = ("Regular", "Bold", "Italic", "BoldItalic")

TEXT, MUTED, PRIMARY, RULE = "#1b1f24", "#5b6573", "#1d3557", "#c5ccd6"
HEADER_FILL, STRIPE = "#1d3557", "#f1f3f6"
FILLS = {"summary": "#eaf0f7", "warning": "#fbefe6"}
PALETTE = ("#1d3557", "#c2571a", "#2a9d8f", "#8e5ea2", "#b5892e", "#457b9d")
CHART_WIDTH_IN = 16 / 2.54
DPI = 220

STATUS = {
    "signed": "Signed",
    "agreed": "Agreed",
    "launched": "Launched",
    "confirmed": "Confirmed",
    "supported": "Supported",
    "exploring": "Readiness to explore",
    "discussed": "Touched on",
    "planned": "Planned",
}
POSITION_SECTIONS = (
    (("political",), "Political signals"),
    (("economic",), "Trade and the Eurasian dimension"),
    (("connectivity",), "Connectivity: flights and the Middle Corridor"),
    (("multilateral", "dialogue"), "Multilateral and green agenda"),
)


# -- the content, as a flat list of blocks both writers walk --------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Callout:
    kind: str
    title: str
    items: list[str]


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]
    widths: list[float]
    caption: str = ""
    header: bool = True


@dataclass(frozen=True)
class Figure:
    name: str
    caption: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Para | Heading | Bullets | Callout | Table | Figure | PageBreak


@dataclass
class Brief:
    """What both writers need: the blocks, the page furniture and the chart files."""

    blocks: list[Block]
    title: str
    marking: str
    charts: dict[str, tuple[Path, Path]] = field(default_factory=dict)


def load(path: Path) -> dict[str, Any]:
    """The visit file as plain dicts and lists (dates as ``datetime.date``)."""
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return in_language(data, data["brief"].get("language", "en"))


def in_language(value: Any, language: str) -> Any:
    """``value`` with each text given per language (``{en-GB: …, ru: …}``) as its version in
    ``language``, as the tool's edition in the brief's language prints it."""
    if isinstance(value, dict):
        if language in value and all(isinstance(v, str) for v in value.values()):
            return value[language]
        return {k: in_language(v, language) for k, v in value.items()}
    if isinstance(value, list):
        return [in_language(v, language) for v in value]
    return value


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def date_range(start: dt.date, end: dt.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def content(visit: dict[str, Any], with_charts: bool) -> list[Block]:
    """The brief's blocks, in the order of the tool's default template."""
    cite = _citer(visit)
    blocks: list[Block] = [*_title_block(visit, cite), *_at_a_glance(visit, cite)]
    blocks += [PageBreak(), *_document_control(visit), PageBreak()]
    blocks += _agreements(visit, cite) + _sectors(visit, cite, with_charts)
    blocks += _positions(visit, cite) + _relations(visit, with_charts)
    blocks += _risks_and_steps(visit, cite) + _sources(visit)
    return blocks


def _mark(cite: dict[str, str], item: dict[str, Any]) -> str:
    """The citation of a sourced statement, the dagger of the desk's judgement."""
    return "†" if item.get("basis") == "assessed" else cite.get(item.get("source", ""), "")


def _citer(visit: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: f"[{i}]" for i, s in enumerate(visit["sources"], start=1)}


def _title_block(visit: dict[str, Any], cite: dict[str, str]) -> list[Block]:
    b, v = visit["brief"], visit["visit"]
    return [
        Para(f"{b['organisation']} · Policy brief", "kicker"),
        Para(b["title"], "title"),
        Para(b["subtitle"], "subtitle"),
        Para(f"{v['kind']}: {v['city']}, {date_range(v['start'], v['end'])}", "details"),
        Para(f"Edition {b['edition']} · {long_date(b['date'])}", "details"),
        Para(f"{b['summary']} {cite[v['source']]}", "lead"),
        Heading("Key messages"),
        Callout(
            "summary",
            "Lines to take",
            [f"{m['text']} {_mark(cite, m)}" for m in visit["key_messages"]],
        ),
    ]


def _at_a_glance(visit: dict[str, Any], cite: dict[str, str]) -> list[Block]:
    v = visit["visit"]
    host, guest = v["host"], v["guest"]
    rows = [
        ["Visit", v["kind"]],
        ["Host", f"{host['title']} {host['leader']}, {host['country']}"],
        ["Guest", f"{guest['title']} {guest['leader']}, {guest['country']}"],
        ["Place", v["city"]],
        ["Dates", date_range(v["start"], v["end"])],
        ["Occasion", v["occasion"]],
        ["Source", cite[v["source"]]],
    ]
    return [Heading("The visit at a glance"), Table(rows, [0.26, 0.74], header=False)]


def _document_control(visit: dict[str, Any]) -> list[Block]:
    b = visit["brief"]
    rows = [
        ["Title", b["title"]],
        ["Edition", b["edition"]],
        ["Date", long_date(b["date"])],
        ["Classification", b["classification"]],
        ["Author", b["author"]],
        ["Organisation", b["organisation"]],
        ["Distribution", "; ".join(b["distribution"])],
    ]
    return [Heading("Document control"), Table(rows, [0.26, 0.74], header=False)]


def _agreements(visit: dict[str, Any], cite: dict[str, str]) -> list[Block]:
    sectors = {s["id"]: s["name"] for s in visit["sectors"]}
    rows = [["Outcome", "Sector", "Status", "Source"]]
    rows += [
        [
            f"**{a['title']}** — {a['detail']}",
            sectors.get(a.get("sector", ""), "—"),
            STATUS[a["status"]],
            _mark(cite, a),
        ]
        for a in visit["agreements"]
    ]
    intro = (
        f"The visit produced {len(visit['agreements'])} outcomes. Under exploration and "
        "supported items are signals of intent, not commitments."
    )
    return [
        Heading("Outcomes and agreements"),
        Para(intro),
        Table(rows, [0.52, 0.20, 0.18, 0.10], "Table 1: Outcomes of the visit"),
    ]


def ranked_sectors(visit: dict[str, Any]) -> list[dict[str, Any]]:
    """Sectors by priority, highest first, ties by name."""
    return sorted(visit["sectors"], key=lambda s: (-s["priority"], s["name"].casefold()))


def _sectors(visit: dict[str, Any], cite: dict[str, str], with_charts: bool) -> list[Block]:
    intro = (
        "The parties named these sectors for expansion but ranked none of them: **every "
        "priority below is the analyst's assessment**, scored from 1 (low) to 5 (high) on "
        "what the visit produced for each sector."
    )
    rows = [["Sector", "Priority", "Basis", "Rationale"]]
    rows += [
        [s["name"], str(s["priority"]), s["basis"].title(), f"{s['rationale']} {_mark(cite, s)}"]
        for s in ranked_sectors(visit)
    ]
    blocks: list[Block] = [Heading("Sector priorities"), Para(intro)]
    if with_charts:
        caption = "Figure 1: Sector priorities, highest first; pale outlined bars are assessed"
        blocks.append(Figure("priorities", caption))
    caption = "Table 2: Sector priorities and the reasons for them"
    return [*blocks, Table(rows, [0.28, 0.11, 0.13, 0.48], caption)]


def _positions(visit: dict[str, Any], cite: dict[str, str]) -> list[Block]:
    v = visit["visit"]
    parties = {
        "host": v["host"]["country"],
        "guest": v["guest"]["country"],
        "both": "Both sides",
        "context": "Context",
    }
    blocks: list[Block] = []
    for topics, heading in POSITION_SECTIONS:
        items = [
            f"**{parties[p['party']]}:** {p['text']} {_mark(cite, p)}"
            for p in visit["positions"]
            if p["topic"] in topics
        ]
        if items:
            blocks += [Heading(heading), Bullets(items)]
    return blocks


def _relations(visit: dict[str, Any], with_charts: bool) -> list[Block]:
    established = visit["relations"]["established"]
    years = visit["brief"]["date"].year - established
    blocks: list[Block] = [
        Heading(f"{years} years of relations"),
        Para(
            f"Diplomatic relations were established in {established}. Events still to come "
            "at the date of this brief are drawn hollow."
        ),
    ]
    if with_charts:
        caption = f"Figure 2: Milestones in relations, {established} to the present"
        blocks.append(Figure("timeline", caption))
    return blocks


def _risks_and_steps(visit: dict[str, Any], cite: dict[str, str]) -> list[Block]:
    risks = [f"**{r['title']}.** {r['detail']} {_mark(cite, r)}" for r in visit["risks"]]
    rows = [["Action", "Owner", "Due"]]
    rows += [[f"{n['action']} {_mark(cite, n)}", n["owner"], n["due"]] for n in visit["next_steps"]]
    return [
        Heading("Risks and sensitivities"),
        Callout("warning", "Handle with care", risks),
        Heading("Recommended next steps"),
        Table(rows, [0.56, 0.26, 0.18], "Table 3: Recommended next steps"),
    ]


def _sources(visit: dict[str, Any]) -> list[Block]:
    items = [
        f"{s['publisher']}, *{s['title']}*. {s.get('note', '')}".strip() for s in visit["sources"]
    ]
    return [Heading("Sources"), Bullets(items, numbered=True)]


# -- inline emphasis: **bold** and *italic*, nothing more ---------------------------------

_EMPHASIS = re.compile(r"(\*\*.+?\*\*|\*.+?\*)")


def runs(text: str) -> list[tuple[str, bool, bool]]:
    """``text`` split into (text, bold, italic) runs."""
    out: list[tuple[str, bool, bool]] = []
    for part in _EMPHASIS.split(text):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append((part[2:-2], True, False))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append((part[1:-1], False, True))
        elif part:
            out.append((part, False, False))
    return out


def markup(text: str) -> str:
    """``text`` as ReportLab paragraph markup: escaped, with its emphasis as tags."""
    parts = []
    for chunk, bold, italic in runs(text):
        escaped = html.escape(chunk, quote=False)
        parts.append(f"<b>{escaped}</b>" if bold else f"<i>{escaped}</i>" if italic else escaped)
    return "".join(parts)


# -- charts ----------------------------------------------------------------------------------


def draw_charts(visit: dict[str, Any], out: Path) -> dict[str, tuple[Path, Path]]:
    """Both charts saved as SVG and PNG in ``out``: {name: (svg, png)}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    for face in FACES:
        font_manager.fontManager.addfont(str(FONTS / f"NotoSans-{face}.ttf"))
    plt.rcParams.update(
        {
            "font.family": "Noto Sans",
            "font.size": 8.5,
            "svg.fonttype": "none",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    charts = {}
    for name, draw in (("priorities", _priorities), ("timeline", _timeline)):
        fig = draw(visit)
        svg, png = out / f"{name}.svg", out / f"{name}.png"
        fig.savefig(svg)
        fig.savefig(png, dpi=DPI)
        plt.close(fig)
        charts[name] = (svg, png)
    return charts


def _priorities(visit: dict[str, Any]) -> Any:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    sectors = ranked_sectors(visit)
    styles: dict[str, dict[str, Any]] = {
        "stated": {"color": PRIMARY},
        "assessed": {"facecolor": "#d2d7dd", "edgecolor": PRIMARY, "linewidth": 0.9},
    }
    fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 0.35 * len(sectors) + 0.9))
    ys = list(range(len(sectors)))[::-1]
    for y, s in zip(ys, sectors, strict=True):
        ax.barh(y, s["priority"], height=0.62, **styles[s["basis"]])
        ax.text(s["priority"] + 0.07, y, str(s["priority"]), va="center")
    ax.set_yticks(ys, [s["name"] for s in sectors])
    ax.set_xlim(0, 5)
    ax.set_xlabel("Priority (1 = low, 5 = high)")
    ax.grid(True, axis="x", color=RULE, linewidth=0.5)
    ax.set_axisbelow(True)
    kinds = sorted({s["basis"] for s in sectors})
    labels = {"stated": "Priority stated by the parties", "assessed": "Priority assessed"}
    handles = [Patch(label=labels[k], **styles[k]) for k in kinds]
    fig.legend(handles=handles, loc="upper left", frameon=False, ncols=2)
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    return fig


def year_fraction(value: Any) -> float:
    """A milestone date (year, ``YYYY-MM`` or a date) as a position on the year axis."""
    if isinstance(value, dt.date):
        return value.year + (value.timetuple().tm_yday - 1) / 365
    if isinstance(value, str) and "-" in value:
        year, month = value.split("-")[:2]
        return int(year) + (int(month) - 1) / 12
    return float(value)


def _timeline(visit: dict[str, Any]) -> Any:
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    events = sorted(visit["relations"]["milestones"], key=lambda m: year_fraction(m["date"]))
    categories = sorted({m["category"] for m in events})
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    brief_x = year_fraction(visit["brief"]["date"])
    fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.2))
    ax.axhline(0, color=MUTED, linewidth=1.0)
    ax.axvline(brief_x, color=MUTED, linewidth=0.6, linestyle="--")
    for i, m in enumerate(events):
        x, planned = year_fraction(m["date"]), bool(m.get("planned"))
        y = (0.6 + 2.0 * (i // 2 % 2)) * (1 if i % 2 == 0 else -1)
        colour = colours[m["category"]]
        ax.plot([x, x], [0, y], color=MUTED, linewidth=0.6, linestyle=":" if planned else "-")
        face = "white" if planned else colour
        ax.plot([x], [0], "o", markersize=6, markerfacecolor=face, markeredgecolor=colour)
        label = textwrap.fill(f"{m['date']}: {m['title']}", 24)
        style = "italic" if planned else "normal"
        ax.text(x, y, label, fontsize=8, style=style, va="bottom" if y > 0 else "top")
    ax.set_ylim(-4, 4)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Year")
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=colours[c], label=c.title())
        for c in categories
    ]
    fig.legend(handles=handles, loc="lower center", frameon=False, ncols=len(handles))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


# -- PDF: bare ReportLab platypus ------------------------------------------------------------


def write_pdf(brief: Brief, target: Path) -> None:
    """The brief as an A4 PDF with the Noto fonts embedded (ReportLab subsets them)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_pdf_fonts()
    styles = _pdf_styles()
    story = [f for block in brief.blocks for f in _pdf_block(block, styles, brief)]

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("NotoSans-Regular", 8.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, brief.marking)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, brief.marking)
        canvas.drawString(24 * mm, 14 * mm, brief.title)
        canvas.drawRightString(A4[0] - 22 * mm, 14 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=24 * mm,
        rightMargin=22 * mm,
        topMargin=24 * mm,
        bottomMargin=22 * mm,
        title=brief.title,
        initialFontName="NotoSans-Regular",
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def _register_pdf_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for family in ("NotoSerif", "NotoSans"):
        for face in FACES:
            name = f"{family}-{face}"
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(
            f"{family}-Regular",
            normal=f"{family}-Regular",
            bold=f"{family}-Bold",
            italic=f"{family}-Italic",
            boldItalic=f"{family}-BoldItalic",
        )


def _pdf_styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName="NotoSerif-Regular", fontSize=10, leading=14)
    sans = ParagraphStyle("sans", body, fontName="NotoSans-Regular")

    def derive(name: str, parent: Any, size: float, **kw: Any) -> Any:
        return ParagraphStyle(name, parent, fontSize=size, leading=size * 1.3, **kw)

    return {
        "body": body,
        "lead": derive("lead", body, 11.5, spaceBefore=12),
        "kicker": derive("kicker", sans, 8.5, textColor=HexColor(MUTED)),
        "title": derive("title", sans, 24, fontName="NotoSans-Bold", spaceBefore=6),
        "subtitle": derive("subtitle", sans, 13, textColor=HexColor(MUTED), spaceBefore=6),
        "details": derive("details", sans, 10),
        "heading": derive(
            "h1", sans, 15, fontName="NotoSans-Bold", textColor=HexColor(PRIMARY), spaceBefore=14
        ),
        "cell": derive("cell", sans, 8.5),
        "head": derive("head", sans, 8.5, fontName="NotoSans-Bold", textColor=HexColor("#ffffff")),
        "caption": derive("caption", sans, 8.5, textColor=HexColor(MUTED), spaceBefore=4),
    }


def _pdf_block(block: Block, styles: dict[str, Any], brief: Brief) -> list[Any]:
    from reportlab import platypus
    from reportlab.platypus import ListFlowable, Paragraph

    match block:
        case Para(text, style):
            return [Paragraph(markup(text), styles[style])]
        case Heading(text):
            return [Paragraph(markup(text), styles["heading"])]
        case Bullets(items, numbered):
            paras = [Paragraph(markup(i), styles["body"]) for i in items]
            return [ListFlowable(paras, bulletType="1" if numbered else "bullet")]
        case Callout():
            return [_pdf_callout(block, styles)]
        case Table():
            return _pdf_table(block, styles)
        case Figure(name, caption):
            return [_pdf_figure(brief.charts[name][0]), Paragraph(caption, styles["caption"])]
        case PageBreak():
            return [platypus.PageBreak()]
    raise TypeError(f"unknown block {block!r}")


def _pdf_callout(callout: Callout, styles: dict[str, Any]) -> Any:
    from reportlab import platypus
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import ListFlowable, Paragraph

    paras = [Paragraph(markup(i), styles["body"]) for i in callout.items]
    items = ListFlowable(paras, bulletType="bullet")
    title = Paragraph(f"<b>{html.escape(callout.title)}</b>", styles["body"])
    box = platypus.Table([[title], [items]], colWidths=[_text_width()])
    box.setStyle([("BACKGROUND", (0, 0), (-1, -1), HexColor(FILLS[callout.kind]))])
    return box


def _text_width() -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    return float(A4[0] - 46 * mm)


def _pdf_table(table: Table, styles: dict[str, Any]) -> list[Any]:
    from reportlab import platypus
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph

    cells = [
        [Paragraph(markup(c), styles["head" if table.header and r == 0 else "cell"]) for c in row]
        for r, row in enumerate(table.rows)
    ]
    widths = [w * _text_width() for w in table.widths]
    flowable = platypus.Table(cells, colWidths=widths, repeatRows=1 if table.header else 0)
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor(STRIPE)]),
    ]
    if table.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(HEADER_FILL)))
    flowable.setStyle(commands)
    if not table.caption:
        return [flowable]
    return [flowable, Paragraph(markup(table.caption), styles["caption"])]


def _pdf_figure(svg: Path) -> Any:
    from svglib.fonts import FontMap
    from svglib.svglib import svg2rlg

    font_map = FontMap()
    for face, weight, style in (
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    ):
        font_map.register_font("Noto Sans", None, weight, style, f"NotoSans-{face}")
    drawing = svg2rlg(svg, font_map=font_map)
    if drawing is None:
        raise ValueError(f"unreadable SVG: {svg}")
    drawing.initialFontName = "NotoSans-Regular"  # else Helvetica lands in the PDF, unembedded
    scale = _text_width() / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


# -- DOCX: bare python-docx ------------------------------------------------------------------


def write_docx(brief: Brief, target: Path) -> None:
    """The brief as a Word document in Noto Serif and Noto Sans (fonts not embedded)."""
    import docx
    from docx.shared import Mm, Pt

    word = docx.Document()
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Noto Serif", Pt(10)
    for level in (1, 2):
        word.styles[f"Heading {level}"].font.name = "Noto Sans"
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(24), Mm(22)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.header.paragraphs[0].text = brief.marking
    section.footer.paragraphs[0].text = f"{brief.title} · {brief.marking}"
    for block in brief.blocks:
        _docx_block(word, block, brief)
    word.core_properties.title = brief.title
    word.save(str(target))


def _docx_runs(paragraph: Any, text: str) -> Any:
    for chunk, bold, italic in runs(text):
        run = paragraph.add_run(chunk)
        run.bold, run.italic = bold or None, italic or None
    return paragraph


def _docx_block(word: Any, block: Block, brief: Brief) -> None:
    from docx.shared import Cm

    match block:
        case Para(text, style):
            paragraph = _docx_runs(word.add_paragraph(), text)
            if style == "title":
                paragraph.style = word.styles["Title"]
            elif style == "subtitle":
                paragraph.style = word.styles["Subtitle"]
        case Heading(text):
            word.add_heading(text, level=1)
        case Bullets(items, numbered):
            for item in items:
                style = "List Number" if numbered else "List Bullet"
                _docx_runs(word.add_paragraph(style=style), item)
        case Callout(_, title, items):
            word.add_paragraph().add_run(title).bold = True
            for item in items:
                _docx_runs(word.add_paragraph(style="List Bullet"), item)
        case Table():
            _docx_table(word, block)
        case Figure(name, caption):
            word.add_picture(str(brief.charts[name][1]), width=Cm(16))
            word.add_paragraph(caption, style="Caption")
        case PageBreak():
            word.add_page_break()


def _docx_table(word: Any, table: Table) -> None:
    from docx.shared import Cm

    grid = word.add_table(rows=len(table.rows), cols=len(table.widths), style="Table Grid")
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.width = Cm(16 * table.widths[c])
            paragraph = _docx_runs(cell.paragraphs[0], text)
            if table.header and r == 0:
                for run in paragraph.runs:
                    run.bold = True
    if table.caption:
        word.add_paragraph(table.caption, style="Caption")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PDF, the DOCX and the charts")
    parser.add_argument("--data", type=Path, default=SAMPLE, help="visit file (the sample)")
    parser.add_argument("--no-charts", action="store_true", help="leave the charts out")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    visit = load(args.data)
    brief = Brief(
        content(visit, not args.no_charts),
        visit["brief"]["title"],
        visit["brief"]["classification"],
    )
    if not args.no_charts:
        brief.charts = draw_charts(visit, out)
    stem = visit["brief"]["id"]
    write_pdf(brief, out / f"{stem}.pdf")
    write_docx(brief, out / f"{stem}.docx")


if __name__ == "__main__":
    main()
