"""A house style's logo: drawn on the title block of the PDF and the Word document, and
checked before anything opens it — a file too large, a PNG whose header promises a huge
image, a path out of the template set or an SVG that reaches outside itself is a message
naming theme.yaml's ``logo`` field (exit 1, nothing written), never a crash or a leak."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from kzrs_reports.cli.app import app
from kzrs_reports.templates import DEFAULT_TEMPLATES

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"
SECRET = Path(__file__).resolve().with_name("secret-marker.txt")
MARKER = "SECRET-MARKER-7f3a"

LOGO_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
  <rect width="120" height="40" rx="6" fill="#1d3557"/>
  <circle cx="20" cy="20" r="14" fill="#c2571a"/>
  <path d="M40 30 L60 10 L80 30 Z" fill="#2a9d8f" stroke="#ffffff" stroke-width="2"/>
  <text x="90" y="26" font-family="sans-serif" font-size="12" fill="#ffffff">KZ</text>
</svg>
"""


def png_bytes(width: int = 240, height: int = 80) -> bytes:
    image = Image.new("RGB", (width, height), (29, 53, 87))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header says it is ``width``×``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def house_with_logo(
    tmp_path: Path, name: str, data: bytes | str, width_mm: float = 40, word_png: bool = True
) -> Path:
    """A copy of the default set whose theme has ``logo: {file: name}``, the file holding
    ``data`` (written at ``name`` inside the set when that path stays inside it); an SVG
    logo comes with a PNG for Word (``word_file``) unless ``word_png`` is false."""
    shutil.copy(SECRET, tmp_path / SECRET.name)
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    target = (templates / name).resolve()
    if target.is_relative_to(templates.resolve()):
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if isinstance(data, str) else "wb"
        with target.open(mode) as stream:
            stream.write(data)
    theme = templates / "theme.yaml"
    logo = f"logo:\n  file: '{name}'\n  width_mm: {width_mm}\n"
    if name.endswith(".svg") and word_png:
        (templates / "logo-word.png").write_bytes(png_bytes())
        logo += "  word_file: logo-word.png\n"
    theme.write_text(theme.read_text(encoding="utf-8") + logo, encoding="utf-8")
    return templates


def build(tmp_path: Path, templates: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    args = ["build", str(SAMPLE), "--templates", str(templates), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--charts-dir", str(tmp_path / "charts")])
    assert isinstance(result.exception, SystemExit | None), result.exception  # no traceback
    assert MARKER not in result.output + result.stderr
    return result.exit_code, result.stderr, out


def title_block_picture(docx_file: Path) -> tuple[str, int]:
    """The content type and width (EMU) of the picture before the title in a DOCX."""
    document = docx.Document(str(docx_file))
    assert len(document.inline_shapes) > 0
    shape = document.inline_shapes[0]
    first = document.paragraphs[0]
    assert first.style.name == "Logo" and first._p.xpath(".//pic:pic")
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    part = document.part.related_parts[blip.embed]
    return part.content_type, int(shape.width)


def first_page_xobjects(pdf_file: Path) -> set[str]:
    page = PdfReader(pdf_file).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return {str(x.get_object()["/Subtype"]) for x in xobjects.values()}


@pytest.mark.parametrize(
    ("name", "data", "in_pdf", "in_docx"),
    [
        ("logo.png", png_bytes(), "/Image", "image/png"),
        ("art/logo.svg", LOGO_SVG, "/Form", "image/png"),
    ],
    ids=["png", "svg"],
)
def it_draws_the_logo_on_the_title_block_of_both_documents(
    tmp_path: Path, name: str, data: bytes | str, in_pdf: str, in_docx: str
) -> None:
    code, err, out = build(tmp_path, house_with_logo(tmp_path, name, data, width_mm=40))
    assert code == 0, err
    assert in_pdf in first_page_xobjects(out / f"{SAMPLE.stem}.pdf")
    content_type, width = title_block_picture(out / f"{SAMPLE.stem}.docx")
    assert content_type == in_docx
    assert width == pytest.approx(40 * 36000, rel=0.01)  # 40 mm in EMU


def it_draws_no_logo_without_one(tmp_path: Path) -> None:
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    code, err, out = build(tmp_path, templates)
    assert code == 0, err
    assert "/Image" not in first_page_xobjects(out / f"{SAMPLE.stem}.pdf")
    document = docx.Document(str(out / f"{SAMPLE.stem}.docx"))
    assert all(p.style.name != "Logo" for p in document.paragraphs)


EXTERNAL_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{SECRET}">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&secret;</text></svg>
"""
EXTERNAL_IMAGE = f"""<svg xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <image xlink:href="file://{SECRET}" width="10" height="10"/>
</svg>
"""
NESTED_USE = """<svg xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <g id="a"><rect width="1" height="1"/><rect width="1" height="1"/></g>
  <g id="b"><use xlink:href="#a"/><use xlink:href="#a"/></g>
  <g id="c"><use xlink:href="#b"/><use xlink:href="#b"/></g>
</svg>
"""
MANY_USES = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <g id="a">{rects}</g>{uses}
</svg>
""".format(rects='<rect width="1" height="1"/>' * 2000, uses='<use href="#a"/>' * 20)
EXTERNAL_STYLE = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <rect width="10" height="10" style="fill: url(http://example.invalid/x.svg#p)"/>
</svg>
"""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", b"\0" * 1_000_001, "logo.png is larger than 1,000,000 bytes"),
        ("bomb.png", png_claiming(20000, 20000), "a PNG of 20000×20000 pixels; at most 4000"),
        ("wide.png", png_claiming(4000, 4000), "at most 4,000,000 in all"),
        ("fake.png", "not a picture", "not a PNG file"),
        ("../secret-marker.txt", "", "'../secret-marker.txt' must be a file inside the"),
        (str(SECRET), "", "must be a file inside the template set"),
        ("missing.png", None, "file not found: missing.png"),
        ("logo.gif", b"GIF89a", "'logo.gif' must be a .png or .svg file"),
        ("entity.svg", EXTERNAL_ENTITY, "may not declare a DOCTYPE or entities"),
        ("image.svg", EXTERNAL_IMAGE, "a logo may only refer to its own parts"),
        ("style.svg", EXTERNAL_STYLE, "a logo may only refer to its own parts"),
        ("broken.svg", "<svg", "unreadable SVG"),
        ("nested.svg", NESTED_USE, "<use> on line 5 copies another <use>"),
        ("many.svg", MANY_USES, "the SVG draws more than 20,000 elements"),
    ],
    ids=[
        "too-large",
        "bomb",
        "too-many-pixels",
        "not-png",
        "dot-dot",
        "absolute",
        "missing",
        "gif",
        "external-entity",
        "external-image",
        "external-style",
        "broken-svg",
        "nested-use",
        "many-uses",
    ],
)
def it_refuses_a_bad_logo_naming_the_logo_field(
    tmp_path: Path, name: str, data: bytes | str | None, message: str
) -> None:
    templates = house_with_logo(tmp_path, name, b"" if data is None else data)
    if data is None:
        (templates / name).unlink()
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert f"{templates / 'theme.yaml'}: logo: " in err
    assert message in err
    assert not out.exists()


def it_refuses_a_logo_that_is_a_link_out_of_the_set(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(png_bytes())
    templates = house_with_logo(tmp_path, "logo.png", png_bytes())
    (templates / "logo.png").unlink()
    (templates / "logo.png").symlink_to(outside)
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert "theme.yaml: logo: 'logo.png' leads outside the template set" in err
    assert not out.exists()


def it_asks_for_a_png_for_word_beside_an_svg_logo(tmp_path: Path) -> None:
    templates = house_with_logo(tmp_path, "logo.svg", LOGO_SVG, word_png=False)
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert (
        f"{templates / 'theme.yaml'}: logo: an SVG logo needs word_file: a PNG of it for the "
        "Word document"
    ) in err
    assert not out.exists()


def it_refuses_a_logo_width_out_of_range(tmp_path: Path) -> None:
    code, err, out = build(tmp_path, house_with_logo(tmp_path, "logo.png", png_bytes(), 0))
    assert code == 1
    assert "theme.yaml: logo.width_mm: Input should be greater than 0" in err
    assert not out.exists()
