"""Charts: files, determinism, safe text, and labels that never overlap."""

from __future__ import annotations

import itertools
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from chart_inputs import read_yaml

from kzrs_reports.charts import priorities_data, render_charts, timeline_data
from kzrs_reports.charts.render import draw_charts
from kzrs_reports.charts.style import WIDTH_IN, chart_style, png_dpi
from kzrs_reports.document.layout import PageGeometry
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data/kz-rs-visit-2026.yaml"
MANY = ROOT / "tests/data/many-milestones.yaml"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ONE_DAY = ROOT / "tests/hostile/visit/milestones-40-on-one-day.yaml"


def visit(path: Path) -> VisitFile:
    return VisitFile.model_validate(read_yaml(path))


def test_import_does_not_load_matplotlib() -> None:
    code = "import sys, kzrs_reports.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_test_data_is_valid_and_dense() -> None:
    data = visit(MANY)
    milestones = data.relations.milestones
    assert len(milestones) == 45
    assert len({m.category for m in milestones}) >= 5
    assert any(m.planned for m in milestones)
    assert len({m.date.year for m in milestones}) < 45
    ids = {s.id for s in data.sources}
    assert all(m.source in ids for m in milestones)
    sectors = {s.id for s in data.sectors}
    assert all(a.sector in sectors for a in data.agreements if a.sector)
    assert "Қасым-Жомарт Тоқаев" in MANY.read_text(encoding="utf-8")
    assert "Александар Вучић" in MANY.read_text(encoding="utf-8")


def test_plotted_values() -> None:
    bars = priorities_data(visit(SAMPLE))
    assert [(b.name, b.priority) for b in bars][:3] == [
        ("Transport and logistics", 5),
        ("Agriculture", 4),
        ("Digital development and AI", 3),
    ]
    assert all(b.basis == "assessed" for b in bars)
    tl = timeline_data(visit(SAMPLE))
    assert [e.when for e in tl.events] == [
        "1996",
        "2019",
        "26\xa0Feb\xa02026",
        "Apr\xa02026",
        "2027",
    ]
    assert [e.planned for e in tl.events] == [False, False, False, True, True]
    assert (tl.first_year, tl.last_year) == (1996, 2027)
    many = timeline_data(visit(MANY))
    assert many.events[-1].planned  # 2030, after the brief's date
    assert list(many.categories) == sorted(many.categories)


def test_render_sample(tmp_path: Path, theme: Theme, labels: dict[str, str]) -> None:
    files = render_charts(visit(SAMPLE), theme, labels, tmp_path)
    assert set(files) == {"priorities", "timeline"}
    for name, chart in files.items():
        assert chart.name == name
        assert chart.svg == tmp_path / f"kz-rs-visit-2026-{name}.svg"
        assert chart.outlined == tmp_path / f"kz-rs-visit-2026-{name}-outlined.svg"
        assert chart.png == tmp_path / f"kz-rs-visit-2026-{name}.png"
        width, height = struct.unpack(">II", chart.png.read_bytes()[16:24])
        assert abs(width - WIDTH_IN * png_dpi(theme)) <= 1
        # Word places a figure at most the text width wide: 300 dpi or more at that size.
        assert width / (PageGeometry.of(theme).text_width_mm / 25.4) >= 300
        assert chart.aspect == pytest.approx(height / width, rel=0.01)
        assert 0.2 < chart.aspect < 1.2
        svg = chart.svg.read_text(encoding="utf-8")
        assert "<text" in svg and "font-family" in svg
        assert "'Noto Sans'" in svg or '"Noto Sans"' in svg
        assert "DejaVu" not in svg and "<pattern" not in svg
        # svglib, which draws the SVG into the PDF, ignores opacity: a translucent shade
        # prints as a solid block over the labels.
        assert "opacity" not in svg
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for c in files.values() for p in (*c.files, c.svg.with_suffix(".json"))
    )  # the images and their sidecars, no temporary files left behind


def test_byte_identical(tmp_path: Path, theme: Theme, labels: dict[str, str]) -> None:
    a = render_charts(visit(MANY), theme, labels, tmp_path / "a")
    b = render_charts(visit(MANY), theme, labels, tmp_path / "b")
    for name in a:
        for one, other in zip(a[name].files, b[name].files, strict=True):
            assert one.read_bytes() == other.read_bytes()


def test_text_is_printed_literally(tmp_path: Path, theme: Theme, labels: dict[str, str]) -> None:
    files = render_charts(visit(MANY), theme, labels, tmp_path)
    svg = files["priorities"].svg.read_text(encoding="utf-8")
    assert "$x^2$" in svg
    assert "$5 &amp; &lt;b&gt;more&lt;/b&gt;" in svg
    timeline = files["timeline"].svg.read_text(encoding="utf-8")
    assert "Қасым-Жомарт Тоқаев" in timeline and "Александар Вучић" in timeline


def test_the_word_copy_draws_its_text_as_outlines(
    tmp_path: Path, theme: Theme, labels: dict[str, str]
) -> None:
    """Word shows the outlined SVG on machines without the theme's font: it names no font,
    every glyph it draws is defined in it, and it is the text SVG's chart at the same size."""
    files = render_charts(visit(MANY), theme, labels, tmp_path)
    for chart in files.values():
        text_root = ElementTree.parse(chart.svg).getroot()
        root = ElementTree.parse(chart.outlined).getroot()
        assert root.tag == f"{{{SVG}}}svg"
        for size in ("width", "height", "viewBox"):
            assert root.get(size) == text_root.get(size)
        assert not list(root.iter(f"{{{SVG}}}text"))
        outlined = chart.outlined.read_text(encoding="utf-8")
        assert "font-family" not in outlined and "@font-face" not in outlined
        ids = {e.get("id") for e in root.iter()}
        uses = [e.get(f"{{{XLINK}}}href") for e in root.iter(f"{{{SVG}}}use")]
        assert len(uses) > 100 and all(u and u.startswith("#") and u[1:] in ids for u in uses)
    # matplotlib notes each outlined text in a comment: the same words as the text SVG.
    assert "<!-- Қасым-Жомарт Тоқаев" in files["timeline"].outlined.read_text(encoding="utf-8")


def test_charts_left_out_without_data(tmp_path: Path, theme: Theme, labels: dict[str, str]) -> None:
    sample = visit(SAMPLE)
    empty = sample.model_copy(
        update={"sectors": [], "relations": sample.relations.model_copy(update={"milestones": []})}
    )
    assert render_charts(empty, theme, labels, tmp_path) == {}
    only = sample.model_copy(update={"sectors": []})
    assert set(render_charts(only, theme, labels, tmp_path)) == {"timeline"}


@pytest.mark.parametrize(
    "path", [SAMPLE, MANY, ONE_DAY], ids=["sample", "many-milestones", "40-on-one-day"]
)
def test_no_text_overlaps(path: Path, theme: Theme, labels: dict[str, str]) -> None:
    from matplotlib.text import Text

    with chart_style(theme):
        figures = draw_charts(visit(path), theme, labels)
        for name, fig in figures.items():
            renderer = fig.canvas.get_renderer()
            fig.draw(renderer)  # final tick labels and legend
            page = fig.bbox
            boxes = [
                (t.get_text(), t.get_window_extent(renderer))
                for t in fig.findobj(Text)
                if t.get_visible() and t.get_text().strip()
            ]
            assert len(boxes) > (10 if name == "timeline" else 5)
            for text, box in boxes:
                assert page.x0 <= box.x0 and box.x1 <= page.x1, (name, text)
                assert page.y0 <= box.y0 and box.y1 <= page.y1, (name, text)
            for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
                assert not a.overlaps(b), (name, ta, tb)


def test_draws_with_the_themes_own_font_files(theme: Theme) -> None:
    """Not a system-wide install of the same family, which may be another version."""
    from matplotlib import font_manager

    with chart_style(theme):
        for style, weight, name in [
            ("normal", "normal", "regular"),
            ("normal", "bold", "bold"),
            ("italic", "normal", "italic"),
            ("italic", "bold", "bold_italic"),
        ]:
            face = font_manager.FontProperties(
                family=theme.fonts.sans.family, style=style, weight=weight
            )
            found = Path(font_manager.findfont(face, fallback_to_default=False))
            assert found.samefile(theme.font_path("sans", name))


def test_missing_chart_labels_are_named(
    tmp_path: Path, theme: Theme, labels: dict[str, str]
) -> None:
    from kzrs_reports.core.errors import TemplateError

    partial = {k: v for k, v in labels.items() if k != "planned"}
    with pytest.raises(TemplateError, match="missing labels: planned"):
        render_charts(visit(SAMPLE), theme, partial, tmp_path)
    assert list(tmp_path.iterdir()) == []  # found before anything is drawn
