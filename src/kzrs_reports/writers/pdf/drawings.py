"""Converted chart drawings kept on disk beside the charts, so a reused chart is not converted
again by the next ``build`` process.

Converting a chart's SVG into a ReportLab drawing (svglib) costs a new process tens of
milliseconds a chart, and a chart whose data did not change keeps its SVG bytes. The drawing
is therefore kept, pickled, in ``.kzrs/drawings/<chart>.drawing`` inside the folder of the
chart's SVG (``.kzrs`` holds a tool's bookkeeping, as beside the outputs), in this layout::

    kzrs-drawing <FORMAT>\\n<key>\\n<SHA-256 of the pickle>\\n<the pickle>

The *key* is the SHA-256 of everything the drawing depends on: the SVG's bytes, the font names
and the digests of their files (text widths place chart labels), the conversion code, and the
versions of kzrs-reports, Python, ReportLab and svglib. A kept drawing is unpickled only when
the layout, the key and the pickle's own digest all match, so a file left over from another
chart, another theme or another version, or one cut short or damaged, is never read: the SVG
is converted again and the file rewritten. A drawing is only read once made, never changed.

The pickle is read as data, not code: its unpickler makes nothing but the classes drawings
are built of (ReportLab's shapes, colours and attribute checks; :mod:`.svgdraw` leaves no
svglib class in a drawing, so reading one never loads svglib), so a planted file can at
worst draw a wrong chart, as a planted SVG could.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing
from reportlab.lib.attrmap import AttrMap, AttrMapValue

from kzrs_reports.core.errors import WriteError
from kzrs_reports.core.files import atomic_path
from kzrs_reports.core.version import __version__
from kzrs_reports.writers.pdf.fonts import FontSet, font_digests

FOLDER = Path(".kzrs", "drawings")
"""The folder, inside the folder of a chart's SVG, that holds its converted drawing."""
FORMAT = 3
"""The layout of a kept drawing's file; a file of another layout is not read."""
_MAGIC = f"kzrs-drawing {FORMAT}\n".encode()
_DRAWING_MODULES = frozenset(
    {
        "reportlab.graphics.shapes",
        "reportlab.lib.attrmap",
        "reportlab.lib.colors",
        "reportlab.lib.validators",
    }
)
"""The modules whose classes a kept drawing is made of: the only things its unpickler makes."""


class _DrawingPickler(pickle.Pickler):
    """A pickler that gives one drawing the same bytes in any process, whatever its hash seed.

    A group keeps its own copy of its class's attribute checks, which hold sets of names in
    an order fixed by the seed of the process that imported ReportLab; each check that is
    its class's is written as a reference to it instead (:func:`_class_checks`).
    """

    def persistent_id(self, obj: object) -> str | None:
        """``Class.attribute`` for a check of a shape class's own, None for anything else."""
        if isinstance(obj, AttrMapValue):
            return _class_checks().get(id(obj))
        return None


@cache
def _class_checks() -> dict[int, str]:
    """Each attribute check of ReportLab's shape classes by its object's id → ``Class.name``."""
    found: dict[int, str] = {}
    for name, cls in sorted(vars(shapes).items()):
        checks = getattr(cls, "_attrMap", None) if isinstance(cls, type) else None
        if isinstance(checks, AttrMap):
            for attribute, check in checks.items():
                found.setdefault(id(check), f"{name}.{attribute}")
    return found


class _DrawingUnpickler(pickle.Unpickler):
    """An unpickler that makes only classes of :data:`_DRAWING_MODULES`: no function, no
    other module's class, so unpickling a kept drawing runs none of its file's choosing."""

    def persistent_load(self, pid: Any) -> Any:
        """The attribute check ``Class.name`` of a ReportLab shape class."""
        cls, _, attribute = str(pid).partition(".")
        found = getattr(shapes, cls, None)
        checks = getattr(found, "_attrMap", None) if isinstance(found, type) else None
        if not isinstance(checks, AttrMap) or attribute not in checks:
            raise pickle.UnpicklingError(f"not a shape's attribute check: {pid}")
        return checks[attribute]

    def find_class(self, module: str, name: str) -> type:
        """The class ``name`` of a drawing module; :class:`pickle.UnpicklingError` else."""
        if module in _DRAWING_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"not part of a drawing: {module}.{name}")


def drawing_path(svg: Path) -> Path:
    """Where the converted drawing of the chart whose SVG is ``svg`` is kept."""
    return svg.parent / FOLDER / f"{svg.stem}.drawing"


def drawing_key(svg_sha256: str, fonts: FontSet) -> str:
    """The key of the drawing converted from an SVG of digest ``svg_sha256`` in ``fonts``."""
    parts = {
        "svg": svg_sha256,
        "fonts": {"set": repr(fonts), "files": font_digests(fonts)},
        "code": _code_digest(),
        "versions": {"kzrs-reports": __version__, **_versions()},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def read_drawing(path: Path, key: str) -> Drawing | None:
    """The drawing kept at ``path`` for ``key``; None when there is none, it was kept for
    another key, or the file is damaged in any way."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 2 * 65
    if not data.startswith(_MAGIC) or len(data) <= header:
        return None
    stored_key, digest = data[len(_MAGIC) : header].decode("ascii", "replace").split("\n")[:2]
    payload = data[header:]
    if stored_key != key or hashlib.sha256(payload).hexdigest() != digest:
        return None
    try:
        drawing = _DrawingUnpickler(io.BytesIO(payload)).load()
    except Exception:  # a file that passed its digest yet does not unpickle: convert again
        return None
    return drawing if isinstance(drawing, Drawing) else None


def keep_drawing(path: Path, key: str, drawing: Drawing) -> None:
    """Keep ``drawing`` at ``path`` for ``key``, atomically; a folder that cannot be written
    costs the next build a conversion, never this build its document."""
    buffer = io.BytesIO()
    _DrawingPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(drawing)
    payload = buffer.getvalue()
    digest = hashlib.sha256(payload).hexdigest()
    try:
        with atomic_path(path) as temp:
            temp.write_bytes(_MAGIC + f"{key}\n{digest}\n".encode("ascii") + payload)
    except WriteError:
        pass


@cache
def _code_digest() -> str:
    """SHA-256 of the conversion code, so an edit to it converts every chart again."""
    code = Path(__file__).with_name("svgdraw.py").read_bytes()
    return hashlib.sha256(code).hexdigest()


@cache
def _versions() -> dict[str, str]:
    """The versions a drawing was made with; svglib's by its files, without importing it."""
    spec = find_spec("svglib")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else None
    svglib = [
        f"{p.name} {p.stat().st_size} {p.stat().st_mtime_ns}"
        for p in sorted(folder.glob("*.py") if folder else [])
    ]
    return {
        "python": sys.version,
        "reportlab": REPORTLAB_VERSION,
        "svglib": ";".join(svglib),
    }
