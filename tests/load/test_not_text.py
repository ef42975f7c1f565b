"""A file that is not text, given where text belongs — a PDF or a photo as the data file, a
spreadsheet as the recipients list, a PDF as a source's text — is named as what it appears to
be, not as text in the wrong encoding."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clirun import SAMPLE, kzrs


def a_pdf(path: Path, pages: int = 1) -> Path:
    """A real PDF, written by ReportLab (images make a long one big)."""
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        drawing.drawString(72, 720, f"Visit report, page {n + 1}")
        drawing.showPage()
    drawing.save()
    return path


def a_photo(path: Path) -> Path:
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, format="JPEG")
    return path


def a_png(path: Path) -> Path:
    Image.new("RGB", (64, 48), (30, 30, 200)).save(path, format="PNG")
    return path


def a_word_file(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("brief:\n  id: not-really")
    document.save(str(path))
    return path


def a_workbook(path: Path) -> Path:
    """A minimal Excel workbook (SpreadsheetML), as a spreadsheet saves a list by default."""
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{rel}"><sheets><sheet name="Recipients" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    path.write_bytes(data.getvalue())
    return path


def it_names_a_pdf_a_photo_or_a_word_file_given_as_the_data_file(tmp_path: Path) -> None:
    cases = {
        "report.yaml": (a_pdf, "a PDF document"),
        "photo.yaml": (a_photo, "a JPEG image"),
        "chart.json": (a_png, "a PNG image"),
        "brief.yaml": (a_word_file, "a Word document (.docx)"),
    }
    for name, (make, kind) in cases.items():
        path = make(tmp_path / name)
        run = kzrs("check", path)
        assert run.code == 1
        assert run.err.splitlines()[0] == (
            f"{path}:1:1: (file): the file appears to be {kind}, not YAML or JSON text"
        )
        assert "UTF-8" not in run.err


def it_names_a_pdf_as_a_pdf_however_big(tmp_path: Path) -> None:
    big = a_pdf(tmp_path / "scan.yaml")
    big.write_bytes(big.read_bytes() + b"%" + b"\x80" * (2 * 1024 * 1024) + b"\n")
    run = kzrs("build", big, "--out", tmp_path / "out")
    assert run.code == 1
    assert f"{big}:1:1: (file): the file appears to be a PDF document, not YAML or JSON text" in (
        run.err
    )
    assert not (tmp_path / "out").exists()


def it_asks_for_utf8_when_the_data_file_is_utf16(tmp_path: Path) -> None:
    path = tmp_path / "visit.yaml"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    run = kzrs("check", path)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        f"{path}:1:1: (file): the file is UTF-16 text; save it as UTF-8"
    )


def it_asks_for_csv_when_the_recipients_list_is_a_workbook(tmp_path: Path) -> None:
    book = a_workbook(tmp_path / "recipients.csv")
    pdf = a_pdf(tmp_path / "recipients-scan.csv")
    (tmp_path / "brief.pdf").write_bytes(a_pdf(tmp_path / "x.pdf").read_bytes())
    for path, message in (
        (
            book,
            "appears to be an Excel workbook (.xlsx), not CSV text; save it from the "
            "spreadsheet as CSV UTF-8",
        ),
        (pdf, "appears to be a PDF document, not CSV text"),
    ):
        run = kzrs(
            "send", "OFFICIAL:brief.pdf", "--to", path, "--from", "a@example.org", cwd=tmp_path
        )
        assert run.code == 1
        assert run.err.splitlines() == [f"{path}:1:1: (file): {message}"]
    assert not (tmp_path / "out").exists()


def it_asks_for_a_text_copy_when_a_source_is_a_pdf(tmp_path: Path) -> None:
    a_pdf(tmp_path / "report.pdf")
    data = tmp_path / "visit.yaml"
    data.write_text(SAMPLE.read_text(encoding="utf-8") + "    file: report.pdf\n", encoding="utf-8")
    run = kzrs("check", data)
    assert run.code == 1
    line = next(n for n, t in enumerate(data.read_text().splitlines(), 1) if "report.pdf" in t)
    assert (
        f"{data}:{line}:11: sources[0].file: {tmp_path / 'report.pdf'}: appears to be a PDF "
        "document, not text; give a plain-text or Markdown copy of the source's text"
    ) in run.err
