"""Charts are drawn again only when what they draw changed; otherwise the files are kept."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from chart_inputs import read_yaml

from kzrs_reports.charts import ChartFiles, render_charts
from kzrs_reports.charts.cache import chart_key, read_sidecar, sidecar_path
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data/kz-rs-visit-2026.yaml"

Stamp = tuple[int, int, int]
ATTACHED = ("-outlined.svg", ".json", ".png", ".svg")
"""What each chart leaves in the charts folder, after its name, in sorted order."""


@pytest.fixture(scope="module")
def sample() -> VisitFile:
    return VisitFile.model_validate(read_yaml(SAMPLE))


def stamps(chart: ChartFiles) -> dict[str, Stamp]:
    """Inode, mtime and size of the chart's files: equal means the files were not rewritten."""
    files = (*chart.files, sidecar_path(chart.svg))
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size) for p in files}


def png_width(png: bytes) -> int:
    """A PNG's width in pixels, from its header."""
    return int(struct.unpack(">I", png[16:20])[0])


def with_summary(visit: VisitFile, text: str) -> VisitFile:
    return visit.model_copy(update={"brief": visit.brief.model_copy(update={"summary": text})})


def with_first_priority(visit: VisitFile, priority: int) -> VisitFile:
    first = visit.sectors[0].model_copy(update={"priority": priority})
    return visit.model_copy(update={"sectors": [first, *visit.sectors[1:]]})


def with_first_milestone_title(visit: VisitFile, title: str) -> VisitFile:
    milestones = visit.relations.milestones
    first = milestones[0].model_copy(update={"title": title})
    relations = visit.relations.model_copy(update={"milestones": [first, *milestones[1:]]})
    return visit.model_copy(update={"relations": relations})


def it_reuses_both_charts_when_an_unrelated_field_changes(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    first = render_charts(sample, theme, labels, tmp_path)
    assert not any(c.reused for c in first.values())
    before = {name: stamps(c) for name, c in first.items()}
    edited = with_summary(sample, "A different summary, which no chart draws.")
    again = render_charts(edited, theme, labels, tmp_path)
    assert all(c.reused for c in again.values())
    assert {name: stamps(c) for name, c in again.items()} == before
    # A reused chart tells the document exactly what a drawn one did (the aspect too).
    for name, chart in again.items():
        assert chart == ChartFiles(
            name,
            first[name].svg,
            first[name].outlined,
            first[name].png,
            first[name].aspect,
            reused=True,
        )


def it_redraws_only_the_priorities_when_a_priority_changes(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    first = render_charts(sample, theme, labels, tmp_path)
    svg_before = first["priorities"].svg.read_bytes()
    timeline_before = stamps(first["timeline"])
    assert sample.sectors[0].priority != 1
    again = render_charts(with_first_priority(sample, 1), theme, labels, tmp_path)
    assert not again["priorities"].reused
    assert again["priorities"].svg.read_bytes() != svg_before
    assert again["timeline"].reused
    assert stamps(again["timeline"]) == timeline_before


def it_redraws_only_the_timeline_when_a_milestone_changes(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    first = render_charts(sample, theme, labels, tmp_path)
    priorities_before = stamps(first["priorities"])
    edited = with_first_milestone_title(sample, "Ties opened")
    again = render_charts(edited, theme, labels, tmp_path)
    assert not again["timeline"].reused
    assert "Ties opened" in again["timeline"].svg.read_text(encoding="utf-8")
    assert again["priorities"].reused
    assert stamps(again["priorities"]) == priorities_before


def it_redraws_a_chart_when_a_label_it_prints_changes(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    render_charts(sample, theme, labels, tmp_path)
    again = render_charts(sample, theme, {**labels, "timeline_axis": "Godina"}, tmp_path)
    assert not again["timeline"].reused
    assert "Godina" in again["timeline"].svg.read_text(encoding="utf-8")
    assert again["priorities"].reused


def it_redraws_both_charts_when_a_theme_colour_changes(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    render_charts(sample, theme, labels, tmp_path)
    colours = theme.colours.model_copy(update={"primary": "#7a1f5c"})
    recoloured = theme.model_copy(update={"colours": colours})
    again = render_charts(sample, recoloured, labels, tmp_path)
    assert not any(c.reused for c in again.values())
    assert "#7a1f5c" in again["priorities"].svg.read_text(encoding="utf-8")


def it_redraws_charts_drawn_by_other_drawing_code(
    tmp_path: Path,
    sample: VisitFile,
    theme: Theme,
    labels: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A timeline drawn before its layout changed (breaks, lanes, leaders) is drawn again."""
    from kzrs_reports.charts import cache

    hashed = {p.name for p in Path(cache.__file__).parent.glob("*.py")}
    assert {"timeline.py", "scale.py", "layout.py", "leaders.py", "axis.py"} <= hashed
    render_charts(sample, theme, labels, tmp_path)
    monkeypatch.setattr(cache, "code_digest", lambda: "the next version of the drawing code")
    again = render_charts(sample, theme, labels, tmp_path)
    assert not any(c.reused for c in again.values())


def it_ignores_where_the_theme_and_its_fonts_live(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    render_charts(sample, theme, labels, tmp_path / "charts")
    elsewhere = tmp_path / "another" / "house-style"
    elsewhere.mkdir(parents=True)
    for path in theme.font_files():
        shutil.copy(path, elsewhere / path.name)
    moved = theme.model_copy(update={"base_dir": elsewhere})
    assert moved.font_path("sans", "regular").parent == elsewhere
    again = render_charts(sample, moved, labels, tmp_path / "charts")
    assert all(c.reused for c in again.values())


def it_keys_on_the_font_files_contents(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    own = tmp_path / "style"
    own.mkdir()
    for path in theme.font_files():
        shutil.copy(path, own / path.name)
    local = theme.model_copy(update={"base_dir": own})
    bars = [("Energy", 3)]
    key = chart_key("priorities", bars, labels, local)
    assert key == chart_key("priorities", bars, labels, theme)
    with (own / theme.fonts.sans.bold).open("ab") as font:
        font.write(b"\0")  # another build of the font file
    assert chart_key("priorities", bars, labels, local) != key


@pytest.mark.parametrize(
    "damage",
    [
        "svg-edited",
        "outlined-deleted",
        "png-deleted",
        "sidecar-deleted",
        "sidecar-garbled",
        "sidecar-other-key",
    ],
)
def it_redraws_a_chart_whose_files_are_damaged(
    damage: str, tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    chart = render_charts(sample, theme, labels, tmp_path)["timeline"]
    good = {p: p.read_bytes() for p in (*chart.files, sidecar_path(chart.svg))}
    sidecar = sidecar_path(chart.svg)
    if damage == "svg-edited":  # as a half-written file would be
        chart.svg.write_bytes(good[chart.svg][: len(good[chart.svg]) // 2])
    elif damage == "outlined-deleted":
        chart.outlined.unlink()
    elif damage == "png-deleted":
        chart.png.unlink()
    elif damage == "sidecar-deleted":
        sidecar.unlink()
    elif damage == "sidecar-garbled":
        sidecar.write_text('{"format": 1, "key": ', encoding="utf-8")
    else:
        record = json.loads(good[sidecar])
        sidecar.write_text(json.dumps({**record, "key": "0" * 64}), encoding="utf-8")
    again = render_charts(sample, theme, labels, tmp_path)
    assert not again["timeline"].reused
    assert again["priorities"].reused
    assert {p: p.read_bytes() for p in good} == good


def it_never_leaves_a_sidecar_vouching_for_other_images(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    """Images of other data under an old sidecar (a render cut off before its sidecar)."""
    old = tmp_path / "old"
    new = tmp_path / "new"
    drawn = render_charts(sample, theme, labels, old)["priorities"]
    render_charts(with_first_priority(sample, 1), theme, labels, new)
    for image in drawn.files:
        shutil.copy(new / image.name, image)  # the new images are in, the sidecar is not
    again = render_charts(sample, theme, labels, old)["priorities"]
    assert not again.reused
    sidecar = read_sidecar(sidecar_path(again.svg))
    assert sidecar is not None and sidecar.aspect == again.aspect


BUILD = """
import sys
from pathlib import Path
from kzrs_reports.build import BuildOptions, build_brief

data, out = Path(sys.argv[1]), Path(sys.argv[2])
options = BuildOptions(out_dir=out / "out", charts_dir=out / "charts")
build_brief(data, options)
drawing = ("matplotlib", "kzrs_reports.charts.priorities", "kzrs_reports.charts.timeline")
print(any(name in sys.modules for name in drawing))
"""


def build_in_new_process(data: Path, out: Path) -> bool:
    """Build ``data`` into ``out`` in a fresh interpreter; whether it imported matplotlib or
    the code that draws the charts."""
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(data), str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    return {"True": True, "False": False}[result.stdout.strip()]


def it_builds_without_matplotlib_or_the_drawing_code_when_no_chart_changed(tmp_path: Path) -> None:
    data = tmp_path / "visit.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    assert build_in_new_process(data, tmp_path) is True
    charts = sorted(p for p in (tmp_path / "charts").iterdir() if p.is_file())
    assert [p.name.removeprefix("kz-rs-visit-2026-") for p in charts] == [
        f"{name}{end}" for name in ("priorities", "timeline") for end in ATTACHED
    ]
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in charts}
    pdf = tmp_path / "out" / "kz-rs-visit-2026.pdf"
    pdf_before = pdf.read_bytes()

    assert "  summary: >-\n    Serbian President" in text
    edited = text.replace("  summary: >-\n    Serbian President", "  summary: >-\n    President")
    data.write_text(edited, encoding="utf-8")
    assert build_in_new_process(data, tmp_path) is False
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in charts} == before
    assert pdf.read_bytes() != pdf_before  # the brief itself was rebuilt with the new summary


def it_redraws_charts_vouched_for_by_a_sidecar_of_the_previous_format(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    """A chart from before the outlined SVG and the 300-dpi PNG (format 1) is drawn again."""
    chart = render_charts(sample, theme, labels, tmp_path)["priorities"]
    sidecar = sidecar_path(chart.svg)
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    old = {k: v for k, v in record.items() if k != "outlined"}
    sidecar.write_text(json.dumps({**old, "format": 1}), encoding="utf-8")
    again = render_charts(sample, theme, labels, tmp_path)
    assert not again["priorities"].reused
    assert json.loads(sidecar.read_text(encoding="utf-8")) == record


def it_redraws_the_png_for_a_page_with_a_wider_text_area(
    tmp_path: Path, sample: VisitFile, theme: Theme, labels: dict[str, str]
) -> None:
    """The PNG prints at 300 dpi at the full text width, so a wider text area draws it anew,
    with more pixels; the SVGs, which have no resolution, come out the same."""
    first = render_charts(sample, theme, labels, tmp_path)["priorities"]
    narrow = {p.name: p.read_bytes() for p in first.files}
    page = theme.page.model_copy(update={"margin_left_mm": 10, "margin_right_mm": 10})
    wide = theme.model_copy(update={"page": page})
    again = render_charts(sample, wide, labels, tmp_path)["priorities"]
    assert not again.reused
    assert again.svg.read_bytes() == narrow[first.svg.name]
    assert again.outlined.read_bytes() == narrow[first.outlined.name]
    assert png_width(again.png.read_bytes()) > png_width(narrow[first.png.name])
    assert png_width(again.png.read_bytes()) / (190 / 25.4) >= 300  # A4 less 2 × 10 mm


def test_the_drawing_library_version_is_the_one_installed() -> None:
    from importlib.metadata import version

    from kzrs_reports.charts.cache import _distribution_version

    assert _distribution_version("matplotlib") == version("matplotlib")
    assert _distribution_version("no-such-package-here") == "unknown"
