"""An annex made to carry every kind of active content a PDF can hold, beside the links a
reader needs: a three-page PDF drawn by ReportLab (an internal link, a web link, a mailto
link), then given with pypdf, as another author's tools would, JavaScript in every place it
can run, actions that launch, submit, import or open other files, attachments, media and
an XFA form."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

KEPT_URIS = ("https://www.gov.kz/", "mailto:desk@mfa.example.kz")
"""The web and mail links the annex carries, which must stay."""
KEPT_BOOKMARK = "Annex page 2"
"""A bookmark of the annex that leads to its page 2, which must stay."""

ACTIVE_WORDS = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/SubmitForm",
    b"/ImportData",
    b"/GoToR",
    b"/GoToE",
    b"/EmbeddedFile",
    b"/FileAttachment",
    b"/Screen",
    b"/RichMedia",
    b"/Rendition",
    b"/XFA",
    b"file:",
    b"javascript:",
    b"calc.exe",
)
"""What a PDF carrying active content says somewhere in its objects (uncompressed)."""

REMOVED = [
    "JavaScript run when the document opens",
    "document-level JavaScript, run when the document opens",
    "an embedded file",
    "an XFA form",
    "JavaScript in a bookmark",
    "JavaScript run when page 1 opens",
    "a link that launches a program on page 1",
    "a form submission on page 1",
    "a data import on page 1",
    "a link to another file on page 1 (3 times)",
    "JavaScript on page 1 (2 times)",
    "a file attachment on page 2",
    "embedded media on page 2 (2 times)",
    "JavaScript in a form field on page 3",
]
"""What the pack must say it removed, each kind where :func:`make` put it: the document's
open action and scripts, its attached file, its XFA and a bookmark's script; page 1's open
action, its links that launch, submit, import and open other files (GoToR, GoToE, file:),
a javascript: link and a script chained to an internal link; page 2's attachment, screen
and rich media; the script of page 3's form field."""


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action")})
    action[NameObject("/S")] = NameObject(kind)
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return action


def _js(code: str) -> DictionaryObject:
    return _action("/JavaScript", JS=TextStringObject(code))


def _rect(x: float, y: float) -> ArrayObject:
    return ArrayObject([FloatObject(v) for v in (x, y, x + 120, y + 14)])


def _annotation(writer: PdfWriter, subtype: str, y: float, **entries: object) -> DictionaryObject:
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): _rect(72, y),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
        }
    )
    for key, value in entries.items():
        annot[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return annot


def _embedded_file(writer: PdfWriter, name: str) -> DictionaryObject:
    stream = DecodedStreamObject()
    stream.set_data(b"MZ this could be a program\n")
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject(name),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
        }
    )


def _drawn() -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4, invariant=True)
    for number in (1, 2, 3):
        if number == 2:
            drawing.bookmarkPage("second")
        drawing.drawString(72, 760, f"Annex page {number}")
        if number == 1:
            drawing.drawString(72, 740, "See page 2")
            drawing.linkRect("", "second", (72, 736, 160, 752), relative=0)
            drawing.drawString(72, 720, "The ministry's site")
            drawing.linkURL(KEPT_URIS[0], (72, 716, 200, 732), relative=0)
            drawing.drawString(72, 700, "Write to the desk")
            drawing.linkURL(KEPT_URIS[1], (72, 696, 200, 712), relative=0)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def make(path: Path) -> Path:
    """Write the annex to ``path``: each kind of active content where :data:`REMOVED` says."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_drawn())))
    first, _, third = writer.pages
    # the document: an open action, a document-level script, an embedded file, XFA, a bookmark
    writer._root_object[NameObject("/OpenAction")] = _js("app.alert('opened')")
    names = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("init"), writer._add_object(_js("app.launchURL('x')"))]
                    )
                }
            ),
            NameObject("/EmbeddedFiles"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("tool.exe"), _embedded_file(writer, "tool.exe")]
                    )
                }
            ),
        }
    )
    writer._root_object[NameObject("/Names")] = names
    writer.add_outline_item(title=KEPT_BOOKMARK, page_number=1)
    bookmark = writer.add_outline_item(title="Run me", page_number=0)
    bookmark.get_object()[NameObject("/A")] = _js("app.alert('bookmark')")
    # page 1: a script when it opens, and links that act
    first[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _js("app.alert('page')")})
    fit = NameObject("/Fit")
    actions = [
        _action("/Launch", F=TextStringObject("calc.exe")),
        _action("/SubmitForm", F=TextStringObject("https://collect.example.net/")),
        _action("/ImportData", F=TextStringObject("data.fdf")),
        _action("/GoToR", F=TextStringObject("other.pdf"), D=ArrayObject([NumberObject(0), fit])),
        _action("/GoToE", T=DictionaryObject({NameObject("/N"): TextStringObject("x.pdf")})),
        _action("/URI", URI=TextStringObject("file:///etc/passwd")),
        _action("/URI", URI=TextStringObject("javascript:app.alert(1)")),
        _action("/GoTo", D=ArrayObject([first.indirect_reference, fit]), Next=_js("app.alert(1)")),
    ]
    for n, action in enumerate(actions):
        writer.add_annotation(0, _annotation(writer, "/Link", 600 - 20 * n, A=action))
    # page 2: an attached file, a screen that plays media, rich media
    writer.add_annotation(
        1, _annotation(writer, "/FileAttachment", 600, FS=_embedded_file(writer, "macro.xlsm"))
    )
    writer.add_annotation(1, _annotation(writer, "/Screen", 580, A=_action("/Rendition")))
    writer.add_annotation(1, _annotation(writer, "/RichMedia", 560))
    # page 3: a form field that runs a script on every keystroke; the form also as XFA
    field = _annotation(
        writer,
        "/Widget",
        600,
        FT=NameObject("/Tx"),
        T=TextStringObject("amount"),
        AA=DictionaryObject({NameObject("/K"): _js("event.rc = true")}),
    )
    field_ref = writer._add_object(field)
    third[NameObject("/Annots")] = ArrayObject([field_ref])
    field[NameObject("/P")] = third.indirect_reference
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp><script>app.alert('xfa')</script></xdp:xdp>")
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject([field_ref]),
            NameObject("/XFA"): writer._add_object(xfa),
        }
    )
    with path.open("wb") as out:
        writer.write(out)
    return path
