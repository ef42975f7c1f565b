"""Remake the Meridian house style's logo and Word reference document (templates/meridian/).

    python tools/meridian_house.py

The logo is a plain crest of shapes (a shield, a chevron, a disc), written as SVG for the PDF
and drawn with Pillow as a PNG for Word, from one list of shapes. The reference document is
what ``kzrs-reports reference-docx`` writes (the shipped styles), restyled with python-docx to
the house's ``theme.yaml`` (its fonts, colours, sizes and margins), so that the Word document
and the PDF of a Meridian brief agree. Run it after changing the house's ``theme.yaml``;
``tests/writers/test_houses.py`` fails until the reference matches it.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw
from ruamel.yaml import YAML

from kzrs_reports.core.files import reproducible_zip

HOUSE = Path(__file__).resolve().parents[1] / "templates" / "meridian"
DEFAULT_THEME = (
    Path(__file__).resolve().parents[1] / "src/kzrs_reports/templates/default/theme.yaml"
)

SIZE = (100, 120)
"""The crest's drawing box, in SVG user units."""
SHIELD = [(8, 6), (92, 6), (92, 64), (50, 114), (8, 64)]
INNER = [(15, 13), (85, 13), (85, 61), (50, 103), (15, 61)]
CHEVRON = [(15, 72), (50, 42), (85, 72), (85, 86), (50, 56), (15, 86)]
DISC = (50, 29, 9)
"""Centre x, centre y and radius of the disc above the chevron."""

# Which theme size each of the reference's paragraph styles takes (the rest inherit).
STYLE_SIZES = {
    "Normal": "body",
    "Title": "title",
    "Subtitle": "subtitle",
    "Heading 1": "heading1",
    "Heading 2": "heading2",
    "Heading 3": "heading3",
    "TOC Heading": "heading1",
    "Lead": "lead",
    "Note": "small",
    "Caption": "caption",
    "Table Text": "table",
    "Callout Title": "body",
    "Cover Detail": "body",
    "Marking": "marking",
    "Footer": "small",
    "Header": "small",
    "Brief Table": "table",
}


def load(path: Path) -> Any:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def logo_svg(colours: dict[str, str]) -> str:
    """The crest as SVG."""
    points = lambda shape: " ".join(f"{x},{y}" for x, y in shape)  # noqa: E731
    x, y, r = DISC
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE[0]}" height="{SIZE[1]}" '
        f'viewBox="0 0 {SIZE[0]} {SIZE[1]}">\n'
        f'  <polygon points="{points(SHIELD)}" fill="{colours["primary"]}"/>\n'
        f'  <polygon points="{points(INNER)}" fill="none" stroke="{colours["gold"]}" '
        'stroke-width="3"/>\n'
        f'  <polygon points="{points(CHEVRON)}" fill="{colours["gold"]}"/>\n'
        f'  <circle cx="{x}" cy="{y}" r="{r}" fill="{colours["accent"]}"/>\n'
        "</svg>\n"
    )


def logo_png(colours: dict[str, str], scale: int = 3) -> bytes:
    """The crest as a PNG, ``scale`` pixels a unit, drawn four times larger and reduced."""
    big = 4 * scale
    image = Image.new("RGBA", (SIZE[0] * big, SIZE[1] * big), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    scaled = lambda shape: [(x * big, y * big) for x, y in shape]  # noqa: E731
    draw.polygon(scaled(SHIELD), fill=colours["primary"])
    draw.line(
        [*scaled(INNER), scaled(INNER)[0]], fill=colours["gold"], width=3 * big, joint="curve"
    )
    draw.polygon(scaled(CHEVRON), fill=colours["gold"])
    x, y, r = DISC
    draw.ellipse(
        [(x - r) * big, (y - r) * big, (x + r) * big, (y + r) * big], fill=colours["accent"]
    )
    image = image.resize((SIZE[0] * scale, SIZE[1] * scale), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def shipped_reference() -> bytes:
    """What ``kzrs-reports reference-docx`` writes: the shipped styles, default theme."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "reference.docx"
        command = [sys.executable, "-m", "kzrs_reports", "reference-docx", str(target)]
        subprocess.run(command, check=True, capture_output=True)
        return target.read_bytes()


def restyled(data: bytes, theme: Any, default: Any) -> bytes:
    """The shipped reference document in the house's fonts, colours, sizes and margins."""
    word = docx.Document(io.BytesIO(data))
    fonts = {
        default["fonts"][kind]["family"]: theme["fonts"][kind]["family"]
        for kind in ("serif", "sans")
    }
    colours = {
        value.lstrip("#").upper(): theme["colours"][name].lstrip("#").upper()
        for name, value in reversed(default["colours"].items())
    }
    root = word.styles.element
    for element in root.iter():
        for attribute, value in list(element.attrib.items()):
            if value in fonts and attribute.startswith(qn("w:")[:-1]):
                element.set(attribute, fonts[value])
            elif value.upper() in colours and attribute in (
                qn("w:val"),
                qn("w:fill"),
                qn("w:color"),
            ):
                element.set(attribute, colours[value.upper()])
    sizes = theme["sizes"]
    for name, size in STYLE_SIZES.items():
        word.styles[name].font.size = Pt(sizes[size])
        rpr = word.styles[name].element.get_or_add_rPr()
        for old in rpr.findall(qn("w:szCs")):
            rpr.remove(old)
        half_points = str(round(sizes[size] * 2))
        rpr.find(qn("w:sz")).addnext(rpr.makeelement(qn("w:szCs"), {qn("w:val"): half_points}))
    defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for tag in ("w:sz", "w:szCs"):
        defaults.find(qn(tag)).set(qn("w:val"), str(round(sizes["body"] * 2)))
    marking = theme["colours"]["marking"].lstrip("#").upper()
    word.styles["Marking"].font.color.rgb = RGBColor.from_string(marking)
    page = theme["page"]
    section = word.sections[0]
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Mm(page[f"margin_{side}_mm"]))
    out = io.BytesIO()
    word.save(out)
    # Zipped again with fixed times, so that remaking it from an unchanged theme changes nothing.
    with zipfile.ZipFile(out) as saved:
        return reproducible_zip((n, saved.read(n)) for n in saved.namelist())


def main() -> None:
    theme, default = load(HOUSE / "theme.yaml"), load(DEFAULT_THEME)
    colours = {**theme["colours"], "gold": theme["palette"][1]}
    (HOUSE / "logo.svg").write_text(logo_svg(colours), encoding="utf-8")
    (HOUSE / "logo.png").write_bytes(logo_png(colours))
    (HOUSE / "reference.docx").write_bytes(restyled(shipped_reference(), theme, default))
    print(f"wrote {HOUSE}/logo.svg, logo.png and reference.docx")


if __name__ == "__main__":
    main()
