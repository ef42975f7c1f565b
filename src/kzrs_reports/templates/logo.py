"""A house style's logo: a PNG or SVG file of the template set, checked before it is opened.

A template set comes from outside, so its logo is read as hostile: the file must lie inside
the set (no ``..``, no absolute path, no symbolic link leading out) and be no larger than
:data:`MAX_LOGO_BYTES`; a PNG's pixel size is read from its header and bounded before Pillow
decodes it; an SVG may not declare a DOCTYPE or entities, nor refer to anything outside
itself. Word shows PNG pictures, so an SVG logo comes with a PNG of it (``word_file``),
checked alike. Both writers draw the checked bytes, never the file read a second time; the
size of an SVG is read from its own ``width``, ``height`` or ``viewBox``, without drawing it.
"""

from __future__ import annotations

import io
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kzrs_reports.core.errors import LogoError, TemplateError

if TYPE_CHECKING:
    from kzrs_reports.templates.theme import Theme

MAX_LOGO_BYTES = 1_000_000
"""The largest logo file accepted."""
MAX_LOGO_SIDE = 4000
"""The most pixels a PNG logo may have across or down."""
MAX_LOGO_PIXELS = 4_000_000
"""The most pixels a PNG logo may have in all; Pillow refuses larger images too."""
MAX_SVG_ELEMENTS = 20_000
"""The most elements an SVG logo may draw, each ``<use>`` counting what it copies."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_LENGTH = re.compile(r"^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_PIXELS_PER = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
"""CSS pixels in one of each absolute unit an SVG length may use."""
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class LogoImage:
    """A checked logo: its bytes, its kind and the size to draw it at."""

    kind: Literal["png", "svg"]
    data: bytes
    width_mm: float
    aspect: float
    """Height divided by width."""
    name: str
    """The file's name, for alt text and messages."""
    png: bytes
    """The logo as a PNG, for the Word document: ``data`` itself, or the ``word_file``."""


def read_logo(theme: Theme) -> LogoImage | None:
    """The theme's checked logo, or None when the theme has none.

    Raises :class:`LogoError` naming the ``logo`` field of the theme file when the file is
    missing, outside the template set, too large, or not a PNG or SVG that passes the checks.
    """
    if theme.logo is None:
        return None
    logo, where = theme.logo, f"{theme.base_dir / 'theme.yaml'}: logo"
    data = read_inside(theme.base_dir, logo.file, where)
    suffix = Path(logo.file).suffix.lower()
    kind: Literal["png", "svg"]
    if suffix == ".png":
        kind, aspect, png = "png", _png_aspect(data, where), data
    elif suffix == ".svg":
        kind, aspect = "svg", _svg_aspect(data, where)
        if logo.word_file is None:
            raise LogoError(
                f"{where}: an SVG logo needs word_file: a PNG of it for the Word document"
            )
        png = read_inside(theme.base_dir, logo.word_file, f"{where}.word_file")
        _png_aspect(png, f"{where}.word_file")
    else:
        raise LogoError(f"{where}: {logo.file!r} must be a .png or .svg file")
    return LogoImage(kind, data, logo.width_mm, aspect, Path(logo.file).name, png)


def read_inside(
    base: Path,
    name: str,
    where: str,
    limit: int = MAX_LOGO_BYTES,
    error: type[TemplateError] = LogoError,
) -> bytes:
    """The bytes of ``name`` under ``base``, refused before opening if it leads out of it.

    Raises ``error`` (a message starting with ``where``) for a path out of the set, a missing
    file, or one larger than ``limit`` bytes.
    """
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise error(f"{where}: {name!r} must be a file inside the template set")
    root = base.resolve()
    real = (root / relative).resolve()
    if not real.is_relative_to(root):
        raise error(f"{where}: {name!r} leads outside the template set")
    if not real.is_file():
        raise error(f"{where}: file not found: {name}")
    if real.stat().st_size > limit:
        raise error(f"{where}: {name} is larger than {limit:,} bytes")
    with real.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise error(f"{where}: {name} is larger than {limit:,} bytes")
    return data


def _png_aspect(data: bytes, where: str) -> float:
    """Height / width of a PNG, its size read from the header and bounded before decoding."""
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR" or len(data) < 24:
        raise LogoError(f"{where}: not a PNG file")
    width, height = (int(side) for side in struct.unpack(">II", data[16:24]))
    if not 0 < width <= MAX_LOGO_SIDE or not 0 < height <= MAX_LOGO_SIDE:
        raise LogoError(
            f"{where}: a PNG of {width}×{height} pixels; at most {MAX_LOGO_SIDE} a side"
        )
    if width * height > MAX_LOGO_PIXELS:
        raise LogoError(
            f"{where}: a PNG of {width}×{height} pixels; at most {MAX_LOGO_PIXELS:,} in all"
        )
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()
            if image.size != (width, height):
                raise LogoError(f"{where}: the PNG's header and image disagree")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise LogoError(f"{where}: unreadable PNG: {exc}") from None
    return height / width


def svg_root(data: bytes) -> Any:
    """The element tree of SVG ``data``, parsed without loading DTDs, entities or the network.

    Raises :class:`lxml.etree.XMLSyntaxError` when ``data`` is not well-formed XML.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser)


def _svg_aspect(data: bytes, where: str) -> float:
    """Height / width of an SVG that declares no entities and refers to nothing outside."""
    from lxml import etree

    try:
        root = svg_root(data)
    except etree.XMLSyntaxError as exc:
        raise LogoError(f"{where}: unreadable SVG: {exc}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise LogoError(f"{where}: an SVG logo may not declare a DOCTYPE or entities")
    if any(
        isinstance(node, etree._ProcessingInstruction) for node in root.itersiblings(preceding=True)
    ):
        raise LogoError(f"{where}: an SVG logo may not hold processing instructions")
    if root.tag != f"{_SVG}svg":
        raise LogoError(f"{where}: not an SVG file (its root is not <svg>)")
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                raise LogoError(f"{where}: an SVG logo may not use entities")
            continue
        for attribute, value in element.attrib.items():
            external = attribute in ("href", _XLINK_HREF) and not value.startswith("#")
            if external or any(not url.startswith("#") for url in _URL.findall(value)):
                raise LogoError(
                    f"{where}: the SVG refers to {value[:80]!r} (line {element.sourceline}); "
                    "a logo may only refer to its own parts"
                )
        text = element.text or ""
        if element.tag == f"{_SVG}style" and (
            "@import" in text or any(not url.startswith("#") for url in _URL.findall(text))
        ):
            raise LogoError(
                f"{where}: the SVG's style sheet refers outside it (line {element.sourceline})"
            )
    _check_uses(root, where)
    size = _svg_size(root)
    if size is None:
        raise LogoError(f"{where}: unreadable SVG (no width or height)")
    return size[1] / size[0]


def _svg_size(root: Any) -> tuple[float, float] | None:
    """An SVG's width and height in CSS pixels: its ``width`` and ``height`` (in px, pt, pc,
    mm, cm or in), else its ``viewBox``; None when it gives neither."""
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if width and height:
        return width, height
    box = [_number(part) for part in re.split(r"[\s,]+", (root.get("viewBox") or "").strip())]
    if len(box) == 4 and box[2] and box[3] and box[2] > 0 and box[3] > 0:
        return box[2], box[3]
    return None


def _svg_length(value: str | None) -> float | None:
    """An SVG length in CSS pixels, or None for a percentage, a unit we do not know or none."""
    match = _LENGTH.match(value or "")
    if match is None:
        return None
    number = _number(match[1])
    return number * _PIXELS_PER[match[2] or "px"] if number and number > 0 else None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_uses(root: Any, where: str) -> None:
    """Refuse ``<use>`` of something holding a ``<use>`` (copies of copies grow without
    bound) and SVGs that would draw more than :data:`MAX_SVG_ELEMENTS` elements."""
    by_id = {e.get("id"): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    total = sum(1 for _ in root.iter())
    for use in root.iter(f"{_SVG}use"):
        href = use.get("href") or use.get(_XLINK_HREF) or ""
        target = by_id.get(href[1:])
        if target is None:
            continue
        if any(e.tag == f"{_SVG}use" for e in target.iter()):
            raise LogoError(
                f"{where}: the SVG's <use> on line {use.sourceline} copies another <use>"
            )
        total += sum(1 for _ in target.iter())
    if total > MAX_SVG_ELEMENTS:
        raise LogoError(f"{where}: the SVG draws more than {MAX_SVG_ELEMENTS:,} elements")
