"""Whether a chart on disk is still the chart a build would draw: keys and sidecars.

A chart's *key* is the SHA-256 of exactly what it draws: its data, the labels it prints,
the theme's colours, sizes, palette and sans fonts (the font files' contents, not their
paths), its width, its layout resolution and its PNG's, and the versions of kzrs-reports, of
matplotlib and of the drawing code. Nothing here imports matplotlib.

Beside ``{brief}-{chart}.svg``, ``-outlined.svg`` and ``.png`` a *sidecar*
``{brief}-{chart}.json`` records::

    {"format": 2, "key": "<sha256>", "aspect": 0.61,
     "svg": "<sha256>", "outlined": "<sha256>", "png": "<sha256>"}

the key the images were drawn for, their height over width, and the SHA-256 of each image.
It is written last and atomically, so it never vouches for an image that was not written in
full: a chart is reused only when its key matches and every image still hashes as recorded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kzrs_reports.charts.style import DPI, SANS_STYLES, WIDTH_IN, png_dpi, rc_params
from kzrs_reports.core.files import atomic_path
from kzrs_reports.templates.theme import Theme

SIDECAR_FORMAT = 2
"""The sidecar layout's version; a sidecar of another format is never trusted (format 1
vouched for no outlined SVG and for 220-dpi PNGs)."""


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What a sidecar records about one chart's three image files."""

    key: str
    """The chart key the images were drawn for."""
    aspect: float
    """The chart's height divided by its width."""
    svg_sha256: str
    outlined_sha256: str
    png_sha256: str


def chart_key(name: str, data: object, labels: Mapping[str, str], theme: Theme) -> str:
    """The key of chart ``name`` drawing ``data`` with ``labels`` in ``theme``'s style.

    Equal inputs give the same key in any process, directory or machine; a change to
    anything the chart draws gives another.
    """
    parts = {
        "chart": name,
        "data": canonical(data),
        "labels": canonical(labels),
        "style": style_fingerprint(theme),
        "size": {"width_in": WIDTH_IN, "dpi": DPI, "png_dpi": png_dpi(theme)},
        "versions": versions(),
        "code": code_digest(),
    }
    return hashlib.sha256(dumps(parts).encode("utf-8")).hexdigest()


def canonical(value: object) -> Any:
    """``value`` as plain JSON values: dataclasses and mappings as objects, sequences as lists.

    Raises :class:`TypeError` for anything else, so a new kind of chart data cannot slip into
    a key as an unstable ``repr``.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot key a chart on {value!r}")
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    raise TypeError(f"cannot key a chart on a {type(value).__name__}")


def dumps(value: object) -> str:
    """``value`` as compact JSON with sorted keys: one text for one value."""
    return json.dumps(
        canonical(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def style_fingerprint(theme: Theme) -> dict[str, Any]:
    """The parts of ``theme`` a chart can show: rc settings, colours, sizes, sans font files."""
    sans = theme.fonts.sans
    return {
        "rc": canonical(rc_params(theme)),
        "colours": theme.colours.model_dump(),
        "sizes": theme.sizes.model_dump(),
        "palette": list(theme.palette),
        "sans": {
            "family": sans.family,
            "files": {s: file_sha256(theme.font_path("sans", s)) for s in SANS_STYLES},
        },
    }


def versions() -> dict[str, str]:
    """The versions of kzrs-reports and matplotlib, without importing matplotlib."""
    from kzrs_reports.core.version import __version__

    return {"kzrs-reports": __version__, "matplotlib": _distribution_version("matplotlib")}


@cache
def _distribution_version(name: str) -> str:
    """The installed version of package ``name``: read off its ``NAME-VERSION.dist-info``
    folder beside the package where there is one (importing :mod:`importlib.metadata`, which
    finds the same folder, costs a build some 10 ms), else from importlib.metadata."""
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin is not None:
        beside = sorted(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
        if len(beside) == 1:
            return beside[0].name.removeprefix(f"{name}-").removesuffix(".dist-info")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


@cache
def code_digest() -> str:
    """SHA-256 of this package's chart modules, so an edit to the drawing code redraws."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path`` (remembered while its size and mtime hold)."""
    stat = path.stat()
    return _file_sha256(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sidecar_path(svg: Path) -> Path:
    """Where the sidecar of the chart whose SVG is ``svg`` lives."""
    return svg.with_suffix(".json")


def read_sidecar(path: Path) -> Sidecar | None:
    """The sidecar at ``path``, or None when it is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != SIDECAR_FORMAT:
            return None
        sidecar = Sidecar(
            key=data["key"],
            aspect=data["aspect"],
            svg_sha256=data["svg"],
            outlined_sha256=data["outlined"],
            png_sha256=data["png"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    digests = (sidecar.svg_sha256, sidecar.outlined_sha256, sidecar.png_sha256)
    if not all(isinstance(v, str) for v in (sidecar.key, *digests)):
        return None
    if not isinstance(sidecar.aspect, float) or not sidecar.aspect > 0:
        return None
    return sidecar


def write_sidecar(path: Path, sidecar: Sidecar) -> None:
    """Write ``sidecar`` to ``path`` atomically (a reader sees the old file or the new one)."""
    data = {
        "format": SIDECAR_FORMAT,
        "key": sidecar.key,
        "aspect": sidecar.aspect,
        "svg": sidecar.svg_sha256,
        "outlined": sidecar.outlined_sha256,
        "png": sidecar.png_sha256,
    }
    with atomic_path(path) as temp:
        temp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def reusable(svg: Path, outlined: Path, png: Path, key: str) -> Sidecar | None:
    """The sidecar of ``svg``/``outlined``/``png`` if they are the chart of ``key``, intact;
    else None."""
    sidecar = read_sidecar(sidecar_path(svg))
    if sidecar is None or sidecar.key != key:
        return None
    expected = {
        svg: sidecar.svg_sha256,
        outlined: sidecar.outlined_sha256,
        png: sidecar.png_sha256,
    }
    try:
        intact = all(hashlib.sha256(p.read_bytes()).hexdigest() == d for p, d in expected.items())
    except OSError:
        return None
    return sidecar if intact else None
