"""Write one document model in every requested format, one after the other or side by side.

Word lays out its own pages, so until its fields are updated the DOCX's stored contents list
shows the PDF's page numbers (same fonts, sizes and margins): the best estimate there is.
That makes the DOCX depend on the PDF. Written one after the other, the DOCX simply waits.
Written side by side (in a helper process, :mod:`kzrs_reports.batch.helper`), the DOCX
starts at once with the page numbers the previous build of the same file gave, and is
written again in the rare case the PDF's numbers turn out different — so both ways give the
same bytes. With no previous numbers it waits for the PDF's, in the helper.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from kzrs_reports.writers.output import Written

if TYPE_CHECKING:
    from kzrs_reports.document.nodes import Document
    from kzrs_reports.templates.theme import Theme

_last_heading_pages: dict[Path, Mapping[str, int]] = {}
"""The PDF's heading pages from the previous build of each DOCX target, in this process."""


def write_documents(
    document: Document,
    theme: Theme,
    targets: Mapping[str, Path],
    helper: Executor | None = None,
) -> list[Written]:
    """Write ``document`` to each ``targets[fmt]`` (``pdf``, ``docx``), in that order.

    With a ``helper`` executor and both formats, the DOCX is written in the helper while the
    PDF is written here. Raises what a writer raises; outputs are replaced atomically.
    """
    pdf_target, docx_target = targets.get("pdf"), targets.get("docx")
    if pdf_target is None or docx_target is None:
        if pdf_target is not None:
            return [_pdf(document, theme, pdf_target)]
        assert docx_target is not None
        return [_docx(document, theme, docx_target, None)]
    if helper is None:
        pdf = _pdf(document, theme, pdf_target)
        remember_heading_pages(docx_target, pdf.heading_pages)
        return [pdf, _docx(document, theme, docx_target, pdf.heading_pages)]
    guess = _last_heading_pages.get(docx_target.resolve())
    if guess is None:  # nothing to start from: the DOCX waits for the PDF's numbers
        pdf = _pdf(document, theme, pdf_target)
        docx = helper.submit(_docx, document, theme, docx_target, pdf.heading_pages).result()
    else:
        pending = helper.submit(_docx, document, theme, docx_target, guess)
        try:
            pdf = _pdf(document, theme, pdf_target)
        finally:
            docx = pending.result()
        if dict(pdf.heading_pages) != dict(guess):
            docx = helper.submit(_docx, document, theme, docx_target, pdf.heading_pages).result()
    remember_heading_pages(docx_target, pdf.heading_pages)
    return [pdf, docx]


def remember_heading_pages(docx_target: Path, heading_pages: Mapping[str, int]) -> None:
    """Start the next side-by-side DOCX for ``docx_target`` from these page numbers.

    A build record holds the numbers of the last build, so a new process can start from
    them too.
    """
    _last_heading_pages[docx_target.resolve()] = dict(heading_pages)


def _pdf(document: Document, theme: Theme, target: Path) -> Written:
    from kzrs_reports.writers.pdf import write_pdf

    return write_pdf(document, theme, target)


def _docx(
    document: Document, theme: Theme, target: Path, heading_pages: Mapping[str, int] | None
) -> Written:
    from kzrs_reports.writers.docx import write_docx

    return write_docx(document, theme, target, heading_pages)
