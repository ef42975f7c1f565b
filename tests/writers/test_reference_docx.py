"""A house's Word template: ``kzrs-reports reference-docx`` writes the shipped styles as a
reference document; a template set whose theme.yaml names one (``word: {reference: …}``) gets
a Word document in its styles, numbering and page setup, with a warning for each style it
lacks; a reference that is no Word document, is encrypted or carries macros is refused naming
theme.yaml's field and the file (exit 1, nothing written). The PDF keeps theme.yaml's look."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor
from lxml import etree
from typer.testing import CliRunner

from kzrs_reports.cli.app import app
from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.writers.docx.styles import BRIEF_STYLES

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert isinstance(result.exception, SystemExit | None), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def house(tmp_path: Path, reference: bytes | None, name: str = "reference.docx") -> Path:
    """A copy of the default set whose theme.yaml names ``name`` as its Word reference,
    the file holding ``reference`` (none when None)."""
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    if reference is not None:
        (templates / name).write_bytes(reference)
    theme = templates / "theme.yaml"
    text = theme.read_text(encoding="utf-8") + f"word:\n  reference: '{name}'\n"
    theme.write_text(text, encoding="utf-8")
    return templates


def shipped_reference(tmp_path: Path) -> bytes:
    target = tmp_path / "made" / "reference.docx"
    code, out, err = run("reference-docx", target)
    assert code == 0, err
    assert f"wrote {target}" in out
    return target.read_bytes()


def build(tmp_path: Path, templates: Path, *more: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    code, _, err = run(
        "build", SAMPLE, "--templates", templates, "--out", out,
        "--charts-dir", tmp_path / "charts", *more,
    )  # fmt: skip
    return code, err, out


def restyled(data: bytes) -> bytes:
    """``data`` with a house's look: Heading 1 in 20 pt dark red DejaVu Serif, numbered as
    a list; Normal in DejaVu Serif; the marking in green; a landscape Letter page with 30 mm
    margins, its header 7 mm from the edge."""
    word = docx.Document(io.BytesIO(data))
    heading = word.styles["Heading 1"]
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    heading.font.name = "DejaVu Serif"
    number = word.styles["List Number"].element.pPr.numPr.numId.val
    heading.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = number
    word.styles["Normal"].font.name = "DejaVu Serif"
    word.styles["Marking"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    section = word.sections[0]
    section.header_distance = Mm(7)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(279.4), Mm(215.9)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Mm(30))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def without_styles(data: bytes, *names: str) -> bytes:
    word = docx.Document(io.BytesIO(data))
    for name in names:
        element = word.styles[name].element
        element.getparent().remove(element)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def pdf_fonts(path: Path) -> set[str]:
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines}


def it_writes_the_shipped_styles_as_a_reference_document(tmp_path: Path) -> None:
    word = docx.Document(io.BytesIO(shipped_reference(tmp_path)))
    names = {style.name for style in word.styles}
    assert [name for name in BRIEF_STYLES if name not in names] == []
    assert word.styles["Normal"].font.name == "Noto Serif"
    assert word.styles["Heading 1"].font.color.rgb == RGBColor.from_string("1D3557")
    assert word.sections[0].page_width.mm == pytest.approx(210, abs=0.1)
    assert any(p.style.name == "Lead" and p.text.startswith("Lead") for p in word.paragraphs)


def it_keeps_a_file_there_without_force(tmp_path: Path) -> None:
    target = tmp_path / "reference.docx"
    target.write_bytes(b"mine")
    code, _, err = run("reference-docx", target)
    assert code == 2
    assert f"{target}: already exists; give --force to replace it" in err
    assert target.read_bytes() == b"mine"
    code, _, err = run("reference-docx", tmp_path / "reference.dotm")
    assert code == 2
    assert "a reference document is a .docx" in err
    assert run("reference-docx", target, "--force")[0] == 0
    assert zipfile.is_zipfile(target)


def it_writes_the_word_document_in_the_reference_documents_look(tmp_path: Path) -> None:
    templates = house(tmp_path, restyled(shipped_reference(tmp_path)))
    code, err, out = build(tmp_path, templates)
    assert code == 0, err
    assert "warning" not in err
    word = docx.Document(str(out / f"{SAMPLE.stem}.docx"))
    heading = word.styles["Heading 1"]
    assert heading.font.size == Pt(20)
    assert heading.font.color.rgb == RGBColor(0x8B, 0x00, 0x00)
    assert heading.font.name == "DejaVu Serif"
    assert word.styles["Normal"].font.name == "DejaVu Serif"
    # Heading numbering comes with the reference's list definitions.
    num_id = heading.element.pPr.numPr.numId.val
    numbering = word.part.numbering_part.element
    assert [n for n in numbering.num_lst if n.numId == num_id]
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width.mm == pytest.approx(279.4, abs=0.1)
    assert section.left_margin.mm == pytest.approx(30, abs=0.1)
    assert section.header_distance.mm == pytest.approx(7, abs=0.1)
    marking = section.header.paragraphs[0]
    assert (marking.text, marking.style.name) == ("OFFICIAL", "Marking")
    assert marking.style.font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    assert any(p.style.name == "Heading 1" for p in word.paragraphs)
    # The PDF keeps theme.yaml's look.
    fonts = pdf_fonts(out / f"{SAMPLE.stem}.pdf")
    assert fonts and all(font.startswith(("NotoSerif", "NotoSans")) for font in fonts)


def it_gives_a_missing_style_the_shipped_one_and_says_so_once(tmp_path: Path) -> None:
    reference = without_styles(shipped_reference(tmp_path), "Lead", "List Number", "Brief Table")
    templates = house(tmp_path, reference)
    code, err, out = build(tmp_path, templates, "--lang", "ru")
    assert code == 0, err
    where = f"{templates / 'theme.yaml'}: word.reference: reference.docx"
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f'warning: {where} has no style "{name}"; the Word document uses the shipped one'
        for name in ("Lead", "List Number", "Brief Table")
    ]
    for name in (f"{SAMPLE.stem}.docx", f"{SAMPLE.stem}.ru.docx"):
        word = docx.Document(str(out / name))
        assert word.styles["Lead"].font.size == Pt(11.5)
        numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
        assert numbered
        num_id = word.styles["List Number"].element.pPr.numPr.numId.val
        assert [n for n in word.part.numbering_part.element.num_lst if n.numId == num_id]
        assert any(table.style.name == "Brief Table" for table in word.tables)


def it_says_nothing_of_a_reference_when_no_word_document_is_written(tmp_path: Path) -> None:
    templates = house(tmp_path, without_styles(shipped_reference(tmp_path), "Lead"))
    code, err, out = build(tmp_path, templates, "--format", "pdf")
    assert not (out / f"{SAMPLE.stem}.docx").exists()
    assert code == 0, err
    assert "warning" not in err


def package(entries: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_entries(data: bytes, replace: dict[str, str | bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries: dict[str, str | bytes] = {n: archive.read(n) for n in archive.namelist()}
    return package({**entries, **replace})


MACRO_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.'
    'macroEnabled.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ok: b"just some text", "is not a Word document (.docx): it is not a zip package"),
        (
            lambda ok: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "is an encrypted Word document (or an old .doc): save it as a Word Document "
            "(.docx) without a password",
        ),
        (
            lambda ok: package({"[Content_Types].xml": "<Types/>", "x.xml": "<x/>"}),
            "is not a Word document: it has no word/document.xml",
        ),
        (
            lambda ok: with_entries(ok, {"[Content_Types].xml": MACRO_TYPES}),
            "carries macros (application/vnd.ms-word.document.macroEnabled.main+xml)",
        ),
        (
            lambda ok: with_entries(ok, {"word/vbaProject.bin": b"\0" * 10}),
            "carries macros (word/vbaProject.bin): save it as a Word Document (.docx), not a "
            "macro-enabled one",
        ),
        (
            lambda ok: with_entries(ok, {"word/styles.xml": "<w:styles"}),
            "word/styles.xml is unreadable XML",
        ),
    ],
    ids=["not-a-zip", "encrypted", "no-document", "macro-type", "vba-project", "broken-xml"],
)
def it_refuses_a_reference_that_is_no_plain_word_document(
    tmp_path: Path, make: object, message: str
) -> None:
    ok = shipped_reference(tmp_path)
    templates = house(tmp_path, make(ok))  # type: ignore[operator]
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert f"{templates / 'theme.yaml'}: word.reference: reference.docx" in err
    assert message in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../elsewhere.docx", "'../elsewhere.docx' must be a file inside the template set"),
        ("missing.docx", "file not found: missing.docx"),
    ],
)
def it_refuses_a_reference_outside_the_set_or_missing(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "elsewhere.docx").write_bytes(b"")
    templates = house(tmp_path, None, name)
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert f"{templates / 'theme.yaml'}: word.reference: {message}" in err
    assert not out.exists()


def it_takes_a_reference_saved_by_libreoffice(tmp_path: Path) -> None:
    # LibreOffice names Word's built-in styles its own way ("Heading 1", "TOC 1") and adds
    # a "Caption" of its own beside the brief's "caption".
    source = tmp_path / "source" / "reference.docx"
    source.parent.mkdir()
    source.write_bytes(restyled(shipped_reference(tmp_path)))
    saved = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
         str(saved), str(source)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    templates = house(tmp_path, (saved / "reference.docx").read_bytes())
    code, err, out = build(tmp_path, templates)
    assert code == 0, err
    word = docx.Document(str(out / f"{SAMPLE.stem}.docx"))
    headings = [p for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings and headings[0].style.font.size == Pt(20)
    assert headings[0].style.font.color.rgb == RGBColor(0x8B, 0x00, 0x00)
    assert any(p.style.name == "toc 1" for p in word.paragraphs)
    assert word.sections[0].orientation == WD_ORIENT.LANDSCAPE


def it_refuses_a_brief_style_of_another_type(tmp_path: Path) -> None:
    word = docx.Document(io.BytesIO(without_styles(shipped_reference(tmp_path), "Lead")))
    word.styles.add_style("Lead", WD_STYLE_TYPE.CHARACTER)
    data = io.BytesIO()
    word.save(data)
    templates = house(tmp_path, data.getvalue())
    code, err, out = build(tmp_path, templates)
    assert code == 1
    assert (
        f'{templates / "theme.yaml"}: word.reference: reference.docx: its style "Lead" is a '
        "character style; the brief needs a paragraph style of that name"
    ) in err
    assert not out.exists()


RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def it_takes_nothing_that_points_at_a_part_it_leaves(tmp_path: Path) -> None:
    # An embedded font, an attached template, a header and printer settings of the
    # reference's own would point at parts the brief's document does not have.
    ok = shipped_reference(tmp_path)
    with zipfile.ZipFile(io.BytesIO(ok)) as archive:
        fonts, settings, document = (
            archive.read(f"word/{n}.xml").decode() for n in ("fontTable", "settings", "document")
        )
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    fonts = fonts.replace("</w:font>", f'<w:embedRegular {r} r:id="rId77"/></w:font>', 1)
    settings = settings.replace(
        "<w:zoom ", f'<w:attachedTemplate {r} r:id="rId78"/><w:zoom ', 1
    ).replace("<w:defaultTabStop", '<w:documentProtection w:edit="readOnly"/><w:defaultTabStop')
    document = document.replace(
        "<w:pgSz ", f'<w:headerReference {r} w:type="even" r:id="rId79"/><w:pgSz ', 1
    )
    templates = house(
        tmp_path,
        with_entries(
            ok,
            {
                "word/fontTable.xml": fonts,
                "word/settings.xml": settings,
                "word/document.xml": document,
            },
        ),
    )
    code, err, out = build(tmp_path, templates)
    assert code == 0, err
    word = docx.Document(str(out / f"{SAMPLE.stem}.docx"))
    for part in word.part.package.iter_parts():
        element = getattr(part, "_element", None)
        blob = part.blob if element is None and part.partname.endswith(".xml") else None
        root = element if element is not None else (etree.fromstring(blob) if blob else None)
        if root is None:
            continue
        used = {v for node in root.iter() for k, v in node.attrib.items() if k.startswith(RELS)}
        assert used <= set(part.rels), (part.partname, used - set(part.rels))
    assert "documentProtection" not in word.settings.element.xml
