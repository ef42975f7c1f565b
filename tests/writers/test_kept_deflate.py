"""A PDF's streams that repeat those of an earlier PDF of the process (pages an edit did not
reach, unchanged font subsets) are not deflated again, and the bytes are ReportLab's own."""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from documents import sample_document
from reportlab.pdfbase import pdfdoc

from kzrs_reports.document import nodes
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.pdf import compression
from kzrs_reports.writers.pdf import writer as pdf_writer
from kzrs_reports.writers.pdf.flowables import KEPT_DOCUMENTS


def _deflations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets the size of every stream zlib deflates from now on."""
    sizes: list[int] = []
    compress = zlib.compress

    def counted(data: bytes, *args: int) -> bytes:
        sizes.append(len(data))
        return compress(data, *args)

    monkeypatch.setattr(zlib, "compress", counted)
    return sizes


def _plain_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write PDFs from now on with ReportLab's own filter, keeping nothing."""
    monkeypatch.setattr(pdfdoc, "PDFZCompress", pdfdoc.PDFStreamFilterZCompress())
    monkeypatch.setattr(pdf_writer, "next_pdf", lambda: None)


def it_deflates_only_what_changed_since_the_last_pdf(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = sample_document(*charts)
    blocks = list(sample.blocks)
    last = max(i for i, b in enumerate(blocks) if isinstance(b, nodes.Paragraph))
    blocks[last] = nodes.Paragraph((nodes.Text("A last paragraph rewritten: Ђорђе, Қазақ."),))
    edited = replace(sample, blocks=tuple(blocks))
    with monkeypatch.context() as plain:
        _plain_reportlab(plain)
        expected = [
            write_document(document, theme, tmp_path / f"plain-{n}.pdf").path.read_bytes()
            for n, document in enumerate((sample, edited))
        ]
    monkeypatch.setattr(pdfdoc, "PDFZCompress", pdfdoc.PDFStreamFilterZCompress())
    first = write_document(sample, theme, tmp_path / "first.pdf").path
    assert isinstance(pdfdoc.PDFZCompress, compression._KeptDeflate)  # from the first PDF on
    deflated = _deflations(monkeypatch)
    again = write_document(sample, theme, tmp_path / "again.pdf").path
    assert deflated == []  # every stream as before
    changed = write_document(edited, theme, tmp_path / "edited.pdf").path
    assert 0 < len(deflated) <= 4  # its last page, and the subsets of fonts with new letters
    assert [p.read_bytes() for p in (first, again, changed)] == [*expected[:1], *expected]
    deflated.clear()
    write_document(sample, theme, tmp_path / "back.pdf")
    assert deflated == []  # the sample's own pages are still kept
    for n in range(KEPT_DOCUMENTS):
        write_document(edited, theme, tmp_path / f"later-{n}.pdf")
    write_document(sample, theme, tmp_path / "long-after.pdf")
    assert deflated  # no longer: only the last few documents' streams are kept
