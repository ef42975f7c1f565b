"""What a file given as text appears to be when it is not text, from its first bytes.

A PDF, a photo or a spreadsheet handed over where a data file, a recipients list or a
source's text belongs would otherwise be reported as "not UTF-8", which sends its reader
looking for an encoding setting. Each format is told by its signature at the start of the
file, which no YAML, JSON or CSV text begins with; a zip is looked into for the parts that
make it a Word, Excel, PowerPoint or OpenDocument file.
"""

from __future__ import annotations

import re

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"\xff\xfe\x00\x00", "UTF-32 text"),
    (b"\x00\x00\xfe\xff", "UTF-32 text"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)
_ZIP_PARTS: tuple[tuple[bytes, str], ...] = (
    (b"word/document.xml", "a Word document (.docx)"),
    (b"xl/workbook.xml", "an Excel workbook (.xlsx)"),
    (b"ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    (b"application/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)"),
    (b"application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ISO_MEDIA = {
    b"heic": "a HEIC image",
    b"heix": "a HEIC image",
    b"mif1": "a HEIC image",
    b"avif": "an AVIF image",
}
_MARKUP = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(\?xml|svg|!doctype html|html)\b", re.IGNORECASE)


def sniff(raw: bytes) -> str | None:
    """What ``raw``, the start of a file, appears to be if it is not plain text (YAML, JSON,
    CSV, Markdown): ``a PDF document``, ``a PNG image``, ``an Excel workbook (.xlsx)``,
    ``UTF-16 text``…; None if nothing says it is anything else."""
    head = raw[:16]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return next((kind for part, kind in _ZIP_PARTS if part in raw), "a zip archive")
    if head.startswith(_OLE):
        return "an older Microsoft Office file (.doc, .xls or .ppt)"
    if head[4:8] == b"ftyp":
        return _ISO_MEDIA.get(head[8:12], "a video or audio file")
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV sound", b"AVI ": "an AVI video"}[
            head[8:12]
        ]
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    match = _MARKUP.match(raw[:1024])
    if match:
        tag = match[1].lower()
        return {b"?xml": "an XML file", b"svg": "an SVG image"}.get(tag, "a web page (HTML)")
    return None


def is_spreadsheet(kind: str) -> bool:
    """True if ``kind`` (from :func:`sniff`) may be a spreadsheet saved in its own format."""
    return any(word in kind for word in ("workbook", "spreadsheet", "Microsoft Office"))
