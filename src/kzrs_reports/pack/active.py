"""Active content stripped from an annex: a ministry's pack carries no other author's scripts.

An annex is another author's PDF, bound into the pack and mailed with it. Every element of it
that acts rather than shows is removed from a copy first: JavaScript wherever it sits (the
document's open action and scripts, a page's open and close actions, links, form fields,
bookmarks, ``javascript:`` addresses), actions that launch a program, submit a form or import
data, links to other files (``GoToR``, ``GoToE``, ``file:`` and any address that is not
``http(s)`` or ``mailto``), attached and embedded files, embedded media (sound, movies,
screens, rich media, 3D) and XFA forms. What a reader needs stays: links within the document
and to ``http(s)`` and ``mailto`` addresses, bookmarks, form fields without their scripts.

The document's own entries, its bookmarks and each page are looked at first, so that a
removal can say where it was; then the whole object graph is swept for whatever is left
(without recursion, so no nesting exhausts the stack; each object once). A link whose action
goes is removed with it; a bookmark or a form field stays without its action.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

_WEB = ("http://", "https://", "mailto:")
_PAGE_MOVES = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_HARMLESS = {"/GoTo", "/URI", "/Named", "/SetOCGState", "/Hide", "/Trans", "/ResetForm", "/Thread"}
_ACTIONS = {
    "/Launch": "a link that launches a program",
    "/SubmitForm": "a form submission",
    "/ImportData": "a data import",
    "/GoToR": "a link to another file",
    "/GoToE": "a link to another file",
    "/GoToDp": "a link to another file",
    "/Rendition": "embedded media",
    "/Movie": "embedded media",
    "/Sound": "embedded media",
    "/RichMediaExecute": "embedded media",
    "/GoTo3DView": "embedded media",
}
_ANNOTATIONS = {
    "/FileAttachment": "a file attachment",
    "/Sound": "embedded media",
    "/Movie": "embedded media",
    "/Screen": "embedded media",
    "/RichMedia": "embedded media",
    "/3D": "embedded media",
}
_NAME_TREES = {
    "/JavaScript": "document-level JavaScript, run when the document opens",
    "/EmbeddedFiles": "an embedded file",
    "/AlternatePresentations": "embedded media",
    "/Renditions": "embedded media",
}
_PAGE_EVENTS = {"/O": "run when page {n} opens", "/C": "run when page {n} closes"}
_BACKWARDS = {"/Parent", "/P", "/Pg", "/Dest", "/D", "/Prev", "/Next", "/First", "/Last"}
"""Keys that point up, back or across (pages, destinations, siblings): what they reach is
walked from where it belongs, and an action's ``/Next`` is followed as such."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An annex without its active content: the PDF's bytes, and what was removed."""

    data: bytes
    removed: tuple[str, ...]
    """What was removed and where (``JavaScript run when page 1 opens``), in the order found,
    each once, with a count when found more than once; empty if nothing was."""


def strip_active(path: Path) -> Cleaned:
    """A copy of the PDF at ``path`` without active content, and what was removed from it
    (the file's own bytes when nothing was). Raises :class:`OSError` or pypdf's errors if the
    file cannot be read."""
    writer = PdfWriter(clone_from=PdfReader(path))
    walk = _Walk()
    walk.document(writer)
    if not walk.removed:
        return Cleaned(path.read_bytes(), ())
    out = io.BytesIO()
    writer.write(out)
    counts = Counter(walk.removed)
    return Cleaned(
        out.getvalue(), tuple(f"{w} ({n} times)" if n > 1 else w for w, n in counts.items())
    )


def action_kind(action: DictionaryObject) -> str | None:
    """What ``action`` does that a pack must not (``JavaScript``, ``a link to another
    file``…), or None if it may stay."""
    kind = action.get("/S")
    if "/JS" in action or kind == "/JavaScript":
        return "JavaScript"
    if kind == "/URI":
        uri = str(action.get("/URI", "")).strip().lower()
        if uri.startswith(_WEB):
            return None
        return "JavaScript" if uri.startswith("javascript:") else "a link to another file"
    if kind in _ACTIONS:
        return _ACTIONS[str(kind)]
    if kind == "/Thread" and "/F" in action:
        return "a link to another file"
    if kind == "/Named" and action.get("/N") not in _PAGE_MOVES:
        return "a command to the PDF viewer"
    if action.get("/Type") == "/Action" and kind not in _HARMLESS:
        return f"an action of type {kind}"
    return None


def _dict(value: PdfObject | None) -> DictionaryObject | None:
    found = value.get_object() if value is not None else None
    return found if isinstance(found, DictionaryObject) else None


class _Walk:
    def __init__(self) -> None:
        self.removed: list[str] = []
        self.seen: set[int] = set()

    def document(self, writer: PdfWriter) -> None:
        root = writer.root_object
        if _dict(root.get("/OpenAction")) is not None:
            self._action(root, "/OpenAction", "run when the document opens")
        names = _dict(root.get("/Names"))
        for key, what in _NAME_TREES.items():
            if names is not None and key in names:
                del names[key]
                self.removed.append(what)
        form = _dict(root.get("/AcroForm"))
        if form is not None and "/XFA" in form:
            del form["/XFA"]
            self.removed.append("an XFA form")
        for holder in (root, form):
            for key in ("/NeedsRendering", "/Collection"):
                if holder is not None and key in holder:
                    del holder[key]
        if "/AA" in root:
            self._events(root, "run when the document is closed, saved or printed")
        outlines = _dict(root.get("/Outlines"))
        if outlines is not None:
            self._bookmarks(outlines)
        for number, page in enumerate(writer.pages, start=1):
            self._page(page, number)
        self._sweep(root, "in the document", skip={"/Pages", "/Outlines"})

    def _page(self, page: DictionaryObject, number: int) -> None:
        where = f"on page {number}"
        if page.indirect_reference is not None:
            self.seen.add(page.indirect_reference.idnum)
        if "/AA" in page:
            self._events(page, where, number)
        annots = page.get("/Annots")
        listed = annots.get_object() if annots is not None else None
        if isinstance(listed, ArrayObject):
            kept = ArrayObject(a for a in listed if not self._goes(a, number))
            if kept:
                page[NameObject("/Annots")] = kept
            else:
                del page["/Annots"]
        self._sweep(page, where, skip={"/Parent"})

    def _goes(self, ref: PdfObject, number: int) -> bool:
        """True if the annotation at ``ref`` must go as a whole: an attached file, media, a
        link that acts. A form field stays, without its actions."""
        annot = _dict(ref)
        if annot is None:
            return False
        subtype = str(annot.get("/Subtype"))
        where = f"on page {number}"
        if subtype in _ANNOTATIONS:
            self.removed.append(f"{_ANNOTATIONS[subtype]} {where}")
            return True
        action = _dict(annot.get("/A"))
        kind = action_kind(action) if action is not None else None
        if kind is not None and subtype == "/Link":
            self.removed.append(f"{kind} {where}")
            return True
        if subtype == "/Widget" or "/FT" in annot:
            field: DictionaryObject | None = annot
            while field is not None:  # the widget, then the fields it belongs to
                if "/A" in field:
                    self._action(field, "/A", f"in a form field {where}")
                if "/AA" in field:
                    self._events(field, f"in a form field {where}")
                field = _dict(field.get("/Parent"))
        return False

    def _bookmarks(self, outlines: DictionaryObject) -> None:
        stack = [outlines.get("/First")]
        while stack:
            ref = stack.pop()
            item = _dict(ref)
            if item is None or self._visited(ref):
                continue
            if "/A" in item:
                self._action(item, "/A", "in a bookmark")
            stack += [item.get("/Next"), item.get("/First")]

    def _events(self, holder: DictionaryObject, where: str, page: int | None = None) -> None:
        """The actions of ``holder``'s ``/AA``: those that act go."""
        events = _dict(holder["/AA"])
        if events is not None:
            for event in list(events):
                when = _PAGE_EVENTS.get(event, where) if page is not None else where
                self._action(events, event, when.format(n=page))
        if events is None or not events:
            del holder["/AA"]

    def _action(self, holder: DictionaryObject, key: str, where: str) -> None:
        """Remove the action ``holder[key]`` if it acts, else those of its ``/Next`` that do."""
        action = _dict(holder[key])
        if action is None:
            return
        kind = action_kind(action)
        if kind is not None:
            del holder[key]
            self.removed.append(f"{kind} {where}")
        else:
            self._chain(action, where)

    def _chain(self, action: DictionaryObject, where: str) -> None:
        """Remove the actions that act from what ``action`` leads to (its ``/Next``)."""
        following = action.get("/Next")
        if _dict(following) is not None:
            self._action(action, "/Next", where)
        elif following is not None and isinstance(following.get_object(), ArrayObject):
            chain = following.get_object()
            for index in reversed(range(len(chain))):
                self._action_in(chain, index, where)

    def _action_in(self, array: ArrayObject, index: int, where: str) -> None:
        action = _dict(array[index])
        kind = action_kind(action) if action is not None else None
        if kind is not None:
            del array[index]
            self.removed.append(f"{kind} {where}")

    def _visited(self, ref: PdfObject | None) -> bool:
        if isinstance(ref, IndirectObject):
            if ref.idnum in self.seen:
                return True
            self.seen.add(ref.idnum)
        return False

    def _sweep(self, start: DictionaryObject, where: str, skip: set[str]) -> None:
        """Everything reachable from ``start``: actions that act, embedded and associated
        files, wherever they are."""
        stack: list[PdfObject] = [v for k, v in start.items() if k not in skip]
        while stack:
            ref = stack.pop()
            if self._visited(ref):
                continue
            node = ref.get_object()
            if isinstance(node, ArrayObject):
                for index in reversed(range(len(node))):
                    self._action_in(node, index, where)
                stack.extend(node)
                continue
            if not isinstance(node, DictionaryObject):
                continue
            for key in ("/EF", "/AF"):
                if key in node:
                    del node[key]
                    self.removed.append(f"an embedded file {where}")
            if "/S" in node and "/Next" in node:
                self._chain(node, where)
            for key in list(node):
                if key == "/AA":
                    self._events(node, where)
                elif key not in _BACKWARDS:
                    value = _dict(node[key])
                    if value is not None and action_kind(value) is not None:
                        self._action(node, key, where)
                    else:
                        stack.append(node[key])
