"""Charts in the Word copy: an SVG with a 300-dpi PNG to fall back on, and their alt text.

Read as a reader's software reads the sample's DOCX: the package's parts, relationships and
content types, the pictures' XML, and LibreOffice's rendering of it.
"""

from __future__ import annotations

import struct
import subprocess
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from clirun import SAMPLE, libreoffice_pdf
from kzrs_reports import build
from kzrs_reports.document.nodes import Document, Figure, plain_text
from kzrs_reports.document.walk import blocks_in
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers.documents import write_documents

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
EMU_PER_INCH = 914400
EMBED = f"{{{NS['r']}}}embed"


@dataclass(frozen=True)
class Picture:
    """One picture of the DOCX as its XML and package say."""

    width_emu: int
    height_emu: int
    descr: str | None
    title: str | None
    own_descr: str | None
    """``pic:cNvPr``'s ``descr``: the picture element's own alt text."""
    png: str
    """The zip name of the part the ``a:blip`` embeds."""
    svg_extensions: tuple[str, ...]
    """The zip names of the parts its ``asvg:svgBlip`` extensions embed."""


class Package:
    """A .docx opened as a zip: its parts, their content types, and the body's pictures."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        types = ElementTree.fromstring(self.parts["[Content_Types].xml"])
        self._defaults = {
            d.get("Extension", "").lower(): d.get("ContentType")
            for d in types.iterfind("ct:Default", NS)
        }
        self._overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType")
            for o in types.iterfind("ct:Override", NS)
        }
        rels = ElementTree.fromstring(self.parts["word/_rels/document.xml.rels"])
        self._targets = {
            r.get("Id"): str(PurePosixPath("word") / r.get("Target", ""))
            for r in rels.iterfind("rel:Relationship", NS)
        }

    def content_type(self, name: str) -> str | None:
        """The part's content type, from its Override or its extension's Default."""
        return self._overrides.get(name) or self._defaults.get(name.rsplit(".", 1)[-1].lower())

    def figures(self) -> list[Picture]:
        """The pictures of the body's "Figure" paragraphs, in reading order."""
        body = ElementTree.fromstring(self.parts["word/document.xml"])
        styles = ElementTree.fromstring(self.parts["word/styles.xml"])
        figure_ids = {
            style.get(f"{{{NS['w']}}}styleId")
            for style in styles.iterfind("w:style", NS)
            for name in style.iterfind("w:name", NS)
            if name.get(f"{{{NS['w']}}}val") == "Figure"
        }
        return [
            self._picture(inline)
            for paragraph in body.iter(f"{{{NS['w']}}}p")
            if _style(paragraph) in figure_ids
            for inline in paragraph.iter(f"{{{NS['wp']}}}inline")
        ]

    def _picture(self, inline: Any) -> Picture:
        extent = inline.find("wp:extent", NS)
        doc_pr = inline.find("wp:docPr", NS)
        own = inline.find(".//pic:cNvPr", NS)
        blip = inline.find(".//a:blip", NS)
        svgs = tuple(
            self._targets[svg.get(EMBED)]
            for ext in blip.iterfind("a:extLst/a:ext", NS)
            if ext.get("uri") == SVG_EXTENSION
            for svg in ext.iterfind("asvg:svgBlip", NS)
        )
        return Picture(
            width_emu=int(extent.get("cx")),
            height_emu=int(extent.get("cy")),
            descr=doc_pr.get("descr"),
            title=doc_pr.get("title"),
            own_descr=own.get("descr"),
            png=self._targets[blip.get(EMBED)],
            svg_extensions=svgs,
        )


def _style(paragraph: Any) -> str | None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(f"{{{NS['w']}}}val")


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, read from its IHDR header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


# --------------------------------------------------------------------------- the sample


@dataclass(frozen=True)
class Sample:
    docx: Path
    figures: tuple[Figure, ...]
    document: Document


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    """The sample brief built to DOCX by the pipeline, with the document model it wrote."""
    root = tmp_path_factory.mktemp("sample")
    written: list[Document] = []

    def keep(document: Document, *args: Any, **kwargs: Any) -> Any:
        written.append(document)
        return write_documents(document, *args, **kwargs)

    options = build.BuildOptions(out_dir=root / "out", charts_dir=root / "charts", formats=["docx"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "write_documents", keep)
        result = build.build_brief(SAMPLE, options)
    [document] = written
    figures = tuple(b for b in blocks_in(document.blocks) if isinstance(b, Figure))
    return Sample(result.outputs[0].path, figures, document)


def it_gives_every_figure_a_png_with_its_outlined_svg_beside_it(sample: Sample) -> None:
    package = Package(sample.docx)
    pictures = package.figures()
    assert [f.chart for f in sample.figures] == ["priorities", "timeline"]
    assert len(pictures) == len(sample.figures)
    for picture, figure in zip(pictures, sample.figures, strict=True):
        assert package.content_type(picture.png) == "image/png"
        assert package.parts[picture.png] == Path(figure.raster).read_bytes()
        [svg] = picture.svg_extensions
        assert package.content_type(svg) == "image/svg+xml"
        assert svg.endswith(".svg")
        root = ElementTree.fromstring(package.parts[svg])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not list(root.iter("{http://www.w3.org/2000/svg}text"))  # text as outlines
        assert package.parts[svg] == Path(figure.outlined).read_bytes()


def it_places_each_png_at_300_dpi_or_more(sample: Sample) -> None:
    package = Package(sample.docx)
    for picture in package.figures():
        width_px, height_px = png_size(package.parts[picture.png])
        assert width_px / (picture.width_emu / EMU_PER_INCH) >= 300
        assert height_px / (picture.height_emu / EMU_PER_INCH) >= 300


def it_gives_every_picture_its_figures_alt_text(sample: Sample) -> None:
    pictures = Package(sample.docx).figures()
    for picture, figure in zip(pictures, sample.figures, strict=True):
        assert picture.descr == picture.own_descr == figure.alt_text
        assert picture.title == plain_text(figure.caption)
    priorities, timeline = (p.descr or "" for p in pictures)
    assert priorities.startswith("Horizontal bar chart of sector priorities on a scale of 1 to 5:")
    assert timeline.startswith("Timeline of 5 milestones: 1996, Diplomatic relations")


def it_stores_a_chart_shown_twice_once(sample: Sample, theme: Theme, tmp_path: Path) -> None:
    figure = sample.figures[0]
    twice = replace(sample.document, blocks=(figure, replace(figure, number=2)))
    target = tmp_path / "twice.docx"
    write_documents(twice, theme, {"docx": target})
    package = Package(target)
    first, second = package.figures()
    assert (first.png, first.svg_extensions) == (second.png, second.svg_extensions)
    assert sorted(n for n in package.parts if n.startswith("word/media/")) == sorted(
        [first.png, *first.svg_extensions]
    )


def it_gives_a_figure_without_an_outlined_svg_its_png_alone(
    sample: Sample, theme: Theme, tmp_path: Path
) -> None:
    figure = replace(sample.figures[0], outlined="")
    target = tmp_path / "png.docx"
    write_documents(replace(sample.document, blocks=(figure,)), theme, {"docx": target})
    package = Package(target)
    [picture] = package.figures()
    assert picture.svg_extensions == ()
    assert picture.descr == figure.alt_text
    assert not [n for n in package.parts if n.endswith(".svg")]


def it_leaves_the_file_untouched_when_an_outlined_svg_is_missing(
    sample: Sample, theme: Theme, tmp_path: Path
) -> None:
    figure = replace(sample.figures[0], outlined=str(tmp_path / "gone-outlined.svg"))
    target = tmp_path / "brief.docx"
    target.write_bytes(b"the good old brief")
    with pytest.raises(FileNotFoundError):
        write_documents(replace(sample.document, blocks=(figure,)), theme, {"docx": target})
    assert target.read_bytes() == b"the good old brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx"]


# --------------------------------------------------------------------------- in LibreOffice


def chart_pages(pdf: Path, count: int) -> list[int]:
    """The pages (from 1) that print the captions "Figure 1." to "Figure {count}."."""
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    return [
        next(i + 1 for i, text in enumerate(texts) if f"Figure {n}." in text)
        for n in range(1, count + 1)
    ]


def images_on(pdf: Path, page: int) -> list[int]:
    """The horizontal resolution (ppi) of each image ``pdfimages`` finds on ``page``."""
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]
    return [int(row.split()[12]) for row in listing if row.split()[2] == "image"]


def curves_on(pdf: Path, page: int) -> int:
    """How many Bézier segments (``c`` operators) ``page`` draws, in its forms too: a chart
    drawn from the outlined SVG has thousands (its letters), a page of text and a picture
    none."""
    reader = PdfReader(pdf)

    def count(stream: Any, resources: Any) -> int:
        total = 0
        for operands, operator in ContentStream(stream, reader).operations:
            if operator == b"c":
                total += 1
            elif operator == b"Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get_object()[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    total += count(xobject, xobject.get("/Resources"))
        return total

    sheet = reader.pages[page - 1]
    return count(sheet.get_contents(), sheet.get("/Resources"))


def it_shows_every_chart_in_libreoffice(sample: Sample, tmp_path: Path) -> None:
    """LibreOffice 7.4 (Debian 12) draws the 300-dpi PNG; later versions read the SVG
    extension and draw the chart as vectors. Either way every chart is on its page."""
    pdf = libreoffice_pdf(sample.docx, tmp_path)
    for page in chart_pages(pdf, len(sample.figures)):
        images = images_on(pdf, page)
        if images:  # the fallback, resampled to LibreOffice's 300-dpi export default
            assert len(images) == 1 and images[0] >= 295
        else:
            assert curves_on(pdf, page) > 500


def it_draws_the_outlined_svg_as_vectors_in_libreoffice(sample: Sample, tmp_path: Path) -> None:
    """What a reader whose LibreOffice or Word reads the SVG sees: the same DOCX, its pictures
    pointing at the SVG parts themselves, prints each chart as vectors, no image at all."""
    package = Package(sample.docx)
    rels_name = "word/_rels/document.xml.rels"
    rels = package.parts[rels_name].decode()
    for picture in package.figures():
        png, svg = (
            PurePosixPath(n).relative_to("word") for n in (picture.png, *picture.svg_extensions)
        )
        assert rels.count(f'Target="{png}"') == 1
        rels = rels.replace(f'Target="{png}"', f'Target="{svg}"')
    vectors = tmp_path / "vectors.docx"
    with zipfile.ZipFile(vectors, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package.parts.items():
            archive.writestr(name, rels.encode() if name == rels_name else data)
    pdf = libreoffice_pdf(vectors, tmp_path)
    for page in chart_pages(pdf, len(sample.figures)):
        assert images_on(pdf, page) == []
        assert curves_on(pdf, page) > 500
