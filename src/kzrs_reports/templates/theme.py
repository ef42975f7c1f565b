"""The house style: page, fonts, sizes and colours, read from a template set's ``theme.yaml``.

Both writers and the charts take their look from one :class:`Theme`, so a PDF, its Word
copy and their charts always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"
"""Where the fonts shipped with the package live."""

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
Margin = Annotated[float, Field(ge=0, le=60)]
"""A page margin in millimetres: at most 60, so an A4 page keeps room for text."""
Size = Annotated[float, Field(ge=4, le=48)]
"""A type size in points: from 4 (legible) to 48 (a title that still fits the page)."""
FontStyle = Literal["regular", "bold", "italic", "bold_italic"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PageSetup(_Frozen):
    """Paper size and margins."""

    size: Literal["A4"] = "A4"
    margin_top_mm: Margin = 24
    margin_bottom_mm: Margin = 22
    margin_left_mm: Margin = 24
    margin_right_mm: Margin = 22


class FontFamily(_Frozen):
    """One family's four font files (TrueType), by style."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def file(self, style: FontStyle) -> str:
        """The file name for ``style``."""
        return str(getattr(self, style))


class Fonts(_Frozen):
    """The serif (body text) and sans (headings, tables, furniture) families."""

    serif: FontFamily
    sans: FontFamily


class Sizes(_Frozen):
    """Type sizes in points."""

    body: Size
    lead: Size
    small: Size
    table: Size
    caption: Size
    marking: Size
    title: Size
    subtitle: Size
    heading1: Size
    heading2: Size
    heading3: Size

    def heading(self, level: int) -> float:
        """The size of a heading of ``level`` (1–3)."""
        return float(getattr(self, f"heading{level}"))


class Colours(_Frozen):
    """Named colours as ``#rrggbb``."""

    text: Colour
    muted: Colour
    primary: Colour
    accent: Colour
    rule: Colour
    marking: Colour
    table_header_fill: Colour
    table_header_text: Colour
    table_stripe: Colour
    summary_fill: Colour
    note_fill: Colour
    warning_fill: Colour
    warning_rule: Colour


class Logo(_Frozen):
    """A logo drawn at the top of the title block (see :mod:`kzrs_reports.templates.logo`)."""

    file: str = Field(min_length=1, max_length=200)
    """A PNG or SVG file inside the template set, relative to ``theme.yaml``."""
    word_file: str | None = Field(default=None, min_length=1, max_length=200)
    """A PNG of the same logo for the Word document, which shows PNG pictures; needed when
    ``file`` is an SVG (the PDF draws the SVG as vectors)."""
    width_mm: float = Field(gt=0, le=170)
    """The logo's printed width; its height follows from the image."""


class WordTemplate(_Frozen):
    """The house's own Word template (see :mod:`kzrs_reports.templates.reference`)."""

    reference: str = Field(min_length=1, max_length=200)
    """A ``.docx`` inside the template set, relative to ``theme.yaml``: the Word document
    takes its styles, numbering, page setup and settings; the PDF keeps this file's look."""


class Theme(_Frozen):
    """A whole house style. ``base_dir`` is the folder its font files are looked up in first."""

    name: str
    page: PageSetup = Field(default_factory=PageSetup)
    fonts: Fonts
    sizes: Sizes
    colours: Colours
    palette: tuple[Colour, ...] = Field(min_length=1)
    logo: Logo | None = None
    word: WordTemplate | None = None
    base_dir: Path = FONTS_DIR

    def font_path(self, family: Literal["serif", "sans"], style: FontStyle) -> Path:
        """The font file for ``family`` in ``style``: beside the theme, else shipped with us."""
        fonts = self.fonts.serif if family == "serif" else self.fonts.sans
        name = fonts.file(style)
        local = self.base_dir / name
        return local if local.is_file() else FONTS_DIR / name

    def font_files(self) -> list[Path]:
        """Every font file this theme uses (for embedding and for build records)."""
        return [
            self.font_path(family, style)
            for family in ("serif", "sans")
            for style in ("regular", "bold", "italic", "bold_italic")
        ]


def load_theme(path: Path) -> Theme:
    """Read and validate the theme file at ``path``; font files resolve beside it."""
    from kzrs_reports.core.yamlparser import safe_load

    data = safe_load(path.read_text(encoding="utf-8"))
    return Theme.model_validate({**data, "base_dir": path.parent})
