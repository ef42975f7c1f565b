"""A chart's drawing leaves out svglib's groups that change nothing, and is drawn the same:
the same shapes and clipping paths, the same pixels on the page."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.shapes import Path as PathShape
from reportlab.pdfgen.canvas import Canvas

from clirun import SAMPLE, kzrs
from kzrs_reports.templates import load_template_set
from kzrs_reports.writers.pdf import svgdraw
from kzrs_reports.writers.pdf.fonts import register_fonts

CHARTS = ("priorities", "timeline")


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("charts")
    run = kzrs("build", SAMPLE, "--out", root / "out", "--charts-dir", root / "charts")
    assert run.code == 0, run.err
    return root / "charts"


def _converted(svg: Path, keep_groups: bool, monkeypatch: pytest.MonkeyPatch) -> Drawing:
    with monkeypatch.context() as patch:
        if keep_groups:
            patch.setattr(svgdraw, "_drop_empty_groups", lambda group: None)
        fonts = register_fonts(load_template_set().theme)
        drawing = svgdraw.convert_svg(svg.read_bytes(), svg, fonts)
    assert drawing is not None
    return drawing


def _nodes(group: Group) -> Counter[str]:
    """How many groups, clipping paths and other shapes ``group`` holds, throughout."""
    found: Counter[str] = Counter()
    for node in group.contents:
        if isinstance(node, Group):
            found["group"] += 1
            found.update(_nodes(node))
        elif isinstance(node, PathShape) and node.isClipPath:
            found["clip"] += 1
        else:
            found[type(node).__name__] += 1
    return found


def _pixels(drawing: Drawing, folder: Path, name: str) -> Image.Image:
    pdf = folder / f"{name}.pdf"
    canvas = Canvas(str(pdf), pagesize=(drawing.width, drawing.height))
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", pdf, folder / name], check=True)
    return Image.open(folder / f"{name}.png").convert("RGB")


@pytest.mark.parametrize("chart", CHARTS)
def it_draws_a_chart_the_same_without_the_groups_that_change_nothing(
    chart: str, charts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svg = charts / f"kz-rs-visit-2026-{chart}.svg"
    lean = _converted(svg, keep_groups=False, monkeypatch=monkeypatch)
    full = _converted(svg, keep_groups=True, monkeypatch=monkeypatch)
    lean_nodes, full_nodes = _nodes(lean), _nodes(full)
    assert lean_nodes["group"] * 2 < full_nodes["group"]  # most of svglib's groups go
    assert full_nodes["clip"] > 0  # the charts clip, and every clipping path stays
    assert {k: n for k, n in lean_nodes.items() if k != "group"} == {
        k: n for k, n in full_nodes.items() if k != "group"
    }
    drawn, expected = _pixels(lean, tmp_path, "lean"), _pixels(full, tmp_path, "full")
    assert drawn.size == expected.size
    assert ImageChops.difference(drawn, expected).getbbox() is None  # not one pixel differs
    assert ImageChops.invert(drawn).getbbox() is not None  # and the page is not blank
