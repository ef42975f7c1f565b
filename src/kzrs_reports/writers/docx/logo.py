"""The house style's logo on the title block of a Word document.

Word shows PNG pictures; an SVG logo is drawn into a PNG at :data:`LOGO_DPI` here, from the
same svglib drawing the PDF shows, shape by shape with matplotlib's Agg renderer (ReportLab
itself has no bitmap renderer without Cairo). Shapes the Word copy cannot draw are an error,
never silently left out.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from kzrs_reports.templates.logo import LogoError, LogoImage, svg_drawing, svg_root
from kzrs_reports.templates.theme import Theme

LOGO_DPI = 300
"""Pixels per inch of an SVG logo's picture in Word."""


def logo_png(logo: LogoImage, theme: Theme) -> bytes:
    """``logo`` as PNG bytes: a PNG logo as it is, an SVG one drawn at its printed width."""
    if logo.kind == "png":
        return logo.data
    drawing = svg_drawing(svg_root(logo.data))
    if drawing is None:
        raise LogoError(f"logo: unreadable SVG: {logo.name}")
    return _rasterise(drawing, logo.width_mm / 25.4, theme.font_path("sans", "regular"))


def _rasterise(drawing: Any, width_in: float, font: Path) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.transforms import Affine2D

    width, height = float(drawing.width), float(drawing.height)
    figure = Figure(figsize=(width_in, width_in * height / width), dpi=LOGO_DPI)
    figure.patch.set_alpha(0)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.axis("off")
    points = width_in * 72 / width  # printed points per drawing unit
    _draw(axes, drawing, Affine2D(), points, font)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=LOGO_DPI, transparent=True, metadata={"Software": None})
    return out.getvalue()


def _draw(axes: Any, node: Any, transform: Any, points: float, font: Path) -> None:
    """Draw ``node`` (a ReportLab shape or group) under ``transform`` (drawing units)."""
    from matplotlib.patches import PathPatch
    from matplotlib.transforms import Affine2D
    from reportlab.graphics import shapes

    if isinstance(node, shapes.Group):  # a Drawing too
        inner = Affine2D.from_values(*node.transform) + transform
        for child in node.contents:
            _draw(axes, child, inner, points, font)
        return
    if isinstance(node, shapes.String):
        _text(axes, node, transform, points, font)
        return
    path = _path(node)
    if path is None:
        return
    fill, stroke = _colour(node, "fill"), _colour(node, "stroke")
    width = float(getattr(node, "strokeWidth", 1) or 0) * points if stroke else 0
    patch = PathPatch(
        path,
        facecolor=fill or "none",
        edgecolor=stroke or "none",
        linewidth=width,
        transform=transform + axes.transData,
    )
    axes.add_patch(patch)


def _path(node: Any) -> Any:
    """A matplotlib path for a ReportLab shape; None for a clipping path (not drawn)."""
    from matplotlib.path import Path as MplPath
    from reportlab.graphics import shapes

    if getattr(node, "isClipPath", False):
        return None
    if isinstance(node, shapes.Path):
        vertices: list[tuple[float, float]] = []
        codes: list[Any] = []
        coords = iter(zip(node.points[::2], node.points[1::2], strict=True))
        for op in node.operators:
            if op == 0:
                vertices.append(next(coords))
                codes.append(MplPath.MOVETO)
            elif op == 1:
                vertices.append(next(coords))
                codes.append(MplPath.LINETO)
            elif op == 2:
                vertices += [next(coords), next(coords), next(coords)]
                codes += [MplPath.CURVE4] * 3
            elif op == 3 and vertices:
                vertices.append(vertices[-1])
                codes.append(MplPath.CLOSEPOLY)
        return MplPath(vertices, codes) if vertices else None
    if isinstance(node, shapes.Rect) and not (node.rx or node.ry):
        x, y, w, h = node.x, node.y, node.width, node.height
        return MplPath([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], closed=True)
    if isinstance(node, shapes.Rect):
        from matplotlib.patches import FancyBboxPatch

        radius = max(node.rx or 0, node.ry or 0)
        box = FancyBboxPatch(
            (node.x + radius, node.y + radius),
            node.width - 2 * radius,
            node.height - 2 * radius,
            boxstyle=f"round,pad={radius}",
        )
        return box.get_path().transformed(box.get_patch_transform())
    if isinstance(node, shapes.Circle | shapes.Ellipse):
        rx, ry = (node.r, node.r) if isinstance(node, shapes.Circle) else (node.rx, node.ry)
        circle = MplPath.unit_circle()
        return circle.transformed(_scale(rx, ry, node.cx, node.cy))
    if isinstance(node, shapes.Wedge):
        node = node.asPolygon()
    if isinstance(node, shapes.Polygon | shapes.PolyLine):
        pairs = list(zip(node.points[::2], node.points[1::2], strict=True))
        return MplPath(pairs, closed=isinstance(node, shapes.Polygon)) if pairs else None
    if isinstance(node, shapes.Line):
        return MplPath([(node.x1, node.y1), (node.x2, node.y2)])
    raise LogoError(f"logo: the Word copy cannot draw the SVG's {type(node).__name__} shapes")


def _scale(rx: float, ry: float, cx: float, cy: float) -> Any:
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(rx, ry).translate(cx, cy)


def _colour(node: Any, kind: str) -> tuple[float, float, float, float] | None:
    """A shape's fill or stroke colour with its opacity, or None where it has none."""
    colour = getattr(node, f"{kind}Color", None)
    if colour is None:
        return None
    opacity = getattr(node, f"{kind}Opacity", None)
    alpha = colour.alpha if opacity is None else opacity
    return (colour.red, colour.green, colour.blue, float(alpha))


def _text(axes: Any, node: Any, transform: Any, points: float, font: Path) -> None:
    from matplotlib.font_manager import FontProperties

    colour = _colour(node, "fill")
    if colour is None or not node.text:
        return
    anchor = {"start": "left", "middle": "center", "end": "right"}.get(node.textAnchor, "left")
    axes.text(
        node.x,
        node.y,
        node.text,
        color=colour,
        fontproperties=FontProperties(fname=font, size=float(node.fontSize) * points),
        ha=anchor,
        va="baseline",
        transform=transform + axes.transData,
    )
