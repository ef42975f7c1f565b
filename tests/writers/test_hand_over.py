"""While documents go to their helpers, this process switches threads within half a
millisecond, so the threads that carry a job to its helper are not kept waiting by the PDF
being written here; the interval is the program's own again afterwards."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from documents import sample_document

from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import documents
from kzrs_reports.writers.documents import write_documents


def it_switches_threads_quickly_while_the_helpers_are_given_their_documents(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    write_one = documents.write_one

    def noting(*args: object) -> object:
        seen.append(sys.getswitchinterval())
        return write_one(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "write_one", noting)
    before = sys.getswitchinterval()
    targets = {"pdf": tmp_path / "brief.pdf", "docx": tmp_path / "brief.docx"}
    document = sample_document(*charts)
    with ThreadPoolExecutor(1) as helper:  # a helper in this process, to see its interval
        write_documents(document, theme, targets, {"docx": helper})
    assert seen == [documents.HAND_OVER_SECONDS] * 2  # the PDF here, the DOCX in the helper
    assert sys.getswitchinterval() == before
    write_documents(document, theme, targets)  # no helpers: nothing to hand over
    assert seen[2:] == [before, before]
