"""Page furniture and the document template: markings, footer, frame, metadata, dates.

Every page (the cover too) carries the classification marking centred at the top and the
bottom, a thin rule, the title and "Page X of Y", placed by :mod:`.furniture` so that none of
them overlaps another. The total comes from :class:`PageCounter`, which makes ``multiBuild``
run until the count is stable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kzrs_reports.document import nodes
from kzrs_reports.document.layout import PageGeometry, page_label
from kzrs_reports.writers.dates import document_instant
from kzrs_reports.writers.pdf.flowables import PAGE_EVENT, KeepWithNext, PageCounter
from kzrs_reports.writers.pdf.furniture import footer_texts, place_furniture
from kzrs_reports.writers.pdf.styles import Styles, colour

CREATOR = "kzrs-reports"


def pdf_date_formatter(iso_date: str) -> Callable[..., str] | None:
    """A ReportLab date formatter that always gives the document's instant (UTC), or None.

    The instant is ``SOURCE_DATE_EPOCH`` when set, else ``iso_date``
    (:func:`kzrs_reports.writers.dates.document_instant`); with neither, None, and invariant
    mode's fixed epoch is used.
    """
    when = document_instant(iso_date)
    if when is None:
        return None
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_: stamp


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """An A4 template with one body frame, the theme's margins and the page furniture."""

    def __init__(
        self, filename: str, meta: nodes.Metadata, styles: Styles, counter: PageCounter
    ) -> None:
        page = self.geometry = PageGeometry.of(styles.theme)
        super().__init__(
            filename,
            pagesize=(page.width_mm * mm, page.height_mm * mm),
            leftMargin=page.left_mm * mm,
            rightMargin=page.right_mm * mm,
            topMargin=page.top_mm * mm,
            bottomMargin=page.bottom_mm * mm,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator=CREATOR,
            invariant=1,
            lang=meta.language or None,
            displayDocTitle=1,
            keepTogetherClass=KeepWithNext,
            initialFontName=styles.fonts.sans.regular,
            initialFontSize=styles.theme.sizes.body,
        )
        self.meta = meta
        self.drafting = False
        """Whether this pass is a draft: laid out for page numbers only, never saved."""
        self.heading_pages: dict[str, int] = {}
        """Each heading's page by anchor, as laid out in the last pass."""
        self.contents: list[tuple[int, str, int, str]] = []
        """The contents list's entries (level from 0, text, page, anchor) of the last pass."""
        self.styles = styles
        self.counter = counter
        self._date_formatter = pdf_date_formatter(meta.date)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._furniture)])
        sizes, sans = styles.theme.sizes, styles.fonts.sans
        self.furniture = place_furniture(
            page, meta.classification, sans.bold, sizes.marking, sans.regular, sizes.small
        )

    def beforeDocument(self) -> None:
        """Start a pass: fix the file dates and open the outline panel in viewers.

        The first pass is a draft: the page counter is never satisfied after it, so
        ``multiBuild`` always lays the document out again and saves a later pass. Flowables
        skip their drawing in a draft.
        """
        self.drafting = self.counter.drafting
        self.contents = []
        if self._date_formatter is not None:
            self.canv.setDateFormatter(self._date_formatter)
        self.canv.showOutline()

    def afterPage(self) -> None:
        """Tell the page counter another page is done."""
        self.notify(PAGE_EVENT, self.page)

    def _furniture(self, canv: Any, doc: Any) -> None:
        if self.drafting:
            return
        theme = self.styles.theme
        sans = self.styles.fonts.sans
        place = self.furniture
        width, _ = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canv.saveState()
        marking = self.meta.classification
        if marking:
            canv.setFillColor(colour(theme.colours.marking))
            canv.setFont(sans.bold, place.marking_size)
            canv.drawCentredString(width / 2, place.top_marking, marking)
            canv.drawCentredString(width / 2, place.bottom_marking, marking)
        canv.setStrokeColor(colour(theme.colours.rule))
        canv.setLineWidth(0.5)
        canv.line(left, place.rule, right, place.rule)
        size = theme.sizes.small
        canv.setFont(sans.regular, size)
        canv.setFillColor(colour(theme.colours.muted))
        label = page_label(self.meta.labels.page, doc.page, self.counter.total)
        title, label = footer_texts(self.meta.title, label, sans.regular, size, right - left)
        canv.drawRightString(right, place.footer, label)
        canv.drawString(left, place.footer, title)
        canv.restoreState()
