"""While a Word helper waits for its next document it opens that document's styled template,
and the document takes it: the same bytes as a document whose template was opened for it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from documents import sample_document

from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document
from kzrs_reports.writers.docx import ahead
from kzrs_reports.writers.docx.writer import DocxWriter


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets the size of every template python-docx opens from now on."""
    sizes: list[int] = []
    open_document = ahead.docx.Document

    def counted(stream: object) -> object:
        sizes.append(len(stream.getvalue()))  # type: ignore[attr-defined]
        return open_document(stream)

    monkeypatch.setattr(ahead.docx, "Document", counted)
    return sizes


def it_opens_the_next_documents_template_while_it_waits(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "opened_ahead", ahead.OpenedAhead())
    monkeypatch.setattr("kzrs_reports.writers.docx.writer.opened_ahead", ahead.opened_ahead)
    sample = sample_document(*charts)
    edited = replace(sample, meta=replace(sample.meta, title="Another title: Ђорђе, Қазақ"))
    alone = [
        write_document(document, theme, tmp_path / f"alone-{n}.docx").path.read_bytes()
        for n, document in enumerate((sample, edited))
    ]
    opened = _opened(monkeypatch)
    writer = DocxWriter()
    writer.prepare(theme)  # at the start of a build, while the data is read
    assert len(opened) == 1
    writer.write(sample, theme, tmp_path / "first.docx")
    assert len(opened) == 1  # the document took the template opened ahead
    writer.prepare(theme)
    assert len(opened) == 2
    writer.write(edited, theme, tmp_path / "second.docx")
    writer.write(edited, theme, tmp_path / "third.docx")  # no prepare: opened for it
    assert len(opened) == 3
    written = [(tmp_path / f"{n}.docx").read_bytes() for n in ("first", "second", "third")]
    assert written == [alone[0], alone[1], alone[1]]
