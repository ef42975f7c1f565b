"""Pictures with a vector original: a PNG that every reader shows, and an SVG beside it.

Word (since Office 2016) stores an SVG picture as an ordinary picture of its PNG whose
``a:blip`` carries Microsoft's SVG extension ([MS-ODRAWXML] 2.26.1.1)::

    <a:blip r:embed="rId8">                                   the PNG part
      <a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">
        <asvg:svgBlip r:embed="rId9"/>                          the SVG part (image/svg+xml)
      </a:ext></a:extLst>
    </a:blip>

A reader that knows the extension draws the SVG; any other draws the PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.parts.image import ImagePart
from docx.shared import Length
from lxml import etree

SVG_EXTENSION_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The ``a:ext`` uri under which Word looks for the SVG of a picture."""
SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
"""The namespace of ``asvg:svgBlip``."""
SVG_CONTENT_TYPE = "image/svg+xml"


def add_picture(
    run: Any, png: Path, svg: Path | None, width: Length, description: str, title: str
) -> None:
    """Append to ``run`` the picture ``png``, ``width`` wide (its height kept in proportion),
    with ``svg`` as its vector original when given, and its alt text.

    ``description`` and ``title`` go on ``wp:docPr`` (what Word and LibreOffice read out and
    show as the picture's alt text) and on the picture's own ``pic:cNvPr``. The same files
    always give the same parts, and a file added twice is stored once.

    Raises :class:`FileNotFoundError` when either file is missing.
    """
    svg_data = svg.read_bytes() if svg is not None else None
    run.add_picture(str(png), width=width)
    drawing = run.element[-1]
    if svg_data is not None:
        blip = drawing.find(".//" + qn("a:blip"))
        _add_svg_extension(blip, run.part.relate_to(_svg_part(run.part, svg_data), RT.IMAGE))
    for properties in (*drawing.iter(qn("wp:docPr")), *drawing.iter(qn("pic:cNvPr"))):
        properties.set("descr", description)
        properties.set("title", title)


def _add_svg_extension(blip: Any, r_id: str) -> None:
    """Give ``blip`` the extension that names its SVG original: relationship ``r_id``."""
    ext_list = blip.find(qn("a:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(blip, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=SVG_EXTENSION_URI)
    svg_blip = etree.SubElement(ext, f"{{{SVG_NAMESPACE}}}svgBlip", nsmap={"asvg": SVG_NAMESPACE})
    svg_blip.set(qn("r:embed"), r_id)


def _svg_part(story: Any, data: bytes) -> ImagePart:
    """The package's SVG image part holding ``data``, added under the next free image number
    (``/word/media/imageN.svg``) when there is none yet."""
    images = story.package.image_parts
    for part in images:
        if part.content_type == SVG_CONTENT_TYPE and part.blob == data:
            return part  # type: ignore[no-any-return]
    used = {part.partname.idx for part in images}
    number = next(n for n in range(1, len(used) + 2) if n not in used)
    part = ImagePart(PackURI(f"/word/media/image{number}.svg"), SVG_CONTENT_TYPE, data)
    images.append(part)
    return part
