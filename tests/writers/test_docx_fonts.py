"""The Word copy carries its fonts: the theme's files, obfuscated as ECMA-376 §17.8.1 says, so
LibreOffice on a machine without Noto still sets the brief (and its Kazakh edition) in Noto."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from clirun import SAMPLE, docx_text, fontconfig_without, kzrs, libreoffice_pdfs, pdf_text
from kzrs_reports.templates import DEFAULT_TEMPLATES
from kzrs_reports.templates.theme import FONTS_DIR, Theme, load_theme
from pages import embedded_fonts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLES = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's brief, and its Kazakh edition, built as a user does."""
    out = tmp_path_factory.mktemp("fonts")
    run = kzrs("build", SAMPLE, "-o", out / "out", "--charts-dir", out / "charts", "-l", "kk")
    assert run.code == 0, run.err
    return out / "out"


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme(DEFAULT_TEMPLATES / "theme.yaml")


def deobfuscated(data: bytes, key: str) -> bytes:
    """The font file in an .odttf part: its first 32 bytes XORed with the key's bytes, read
    from the GUID's last hex pair to its first, twice over (ECMA-376 Part 1, §17.8.1)."""
    pairs = re.findall("[0-9A-F]{2}", key.replace("-", ""))
    mask = bytes(int(pair, 16) for pair in reversed(pairs)) * 2
    return bytes(a ^ b for a, b in zip(data[:32], mask, strict=True)) + data[32:]


def font_table(docx: Path) -> dict[str, dict[str, bytes]]:
    """Each embedded family's files by style, read back from the package as Word would."""
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        families: dict[str, dict[str, bytes]] = {}
        for font in table.iter(f"{W}font"):
            for style in STYLES:
                embed = font.find(f"{W}{style}")
                if embed is not None:
                    r_id = embed.get(
                        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
                    )
                    data = package.read("word/" + targets[r_id])
                    faces = families.setdefault(font.get(f"{W}name"), {})
                    faces[style] = deobfuscated(data, embed.get(f"{W}fontKey"))
    return families


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def it_embeds_the_themes_eight_font_files_whole(out: Path, theme: Theme) -> None:
    families = font_table(out / "kz-rs-visit-2026.docx")
    assert list(families) == ["Noto Serif", "Noto Sans"]
    for role, family in (("serif", "Noto Serif"), ("sans", "Noto Sans")):
        expected = [
            digest(theme.font_path(role, style).read_bytes())
            for style in ("regular", "bold", "italic", "bold_italic")
        ]
        assert [digest(families[family][s]) for s in STYLES] == expected


def it_declares_the_parts_and_keeps_them_embedded_when_word_saves(out: Path) -> None:
    with zipfile.ZipFile(out / "kz-rs-visit-2026.docx") as package:
        types = package.read("[Content_Types].xml").decode()
        settings = package.read("word/settings.xml").decode()
        names = package.namelist()
    assert (
        '<Default Extension="odttf" '
        'ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>' in types
    )
    assert [n for n in names if n.startswith("word/fonts/")] == [
        f"word/fonts/font{i}.odttf" for i in range(1, 9)
    ]
    assert "<w:embedTrueTypeFonts/>" in settings
    assert "saveSubsetFonts" not in settings  # whole fonts: Word lets its reader edit with them


@pytest.mark.parametrize(
    ("viewing_only", "sans_kept"),
    [
        (["Bold"], ["embedBoldItalic", "embedItalic", "embedRegular"]),
        (["Regular", "Bold", "Italic", "BoldItalic"], []),
    ],
)
def it_leaves_out_a_house_font_whose_licence_allows_viewing_only(
    tmp_path: Path, viewing_only: list[str], sans_kept: list[str]
) -> None:
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    for style in viewing_only:
        font = TTFont(FONTS_DIR / f"NotoSans-{style}.ttf")
        font["OS/2"].fsType = 0x0004  # preview & print: a reader may not edit with it
        font.save(templates / f"NotoSans-{style}.ttf")
    run = kzrs(
        "build", SAMPLE, "-o", tmp_path / "out", "--charts-dir", tmp_path / "charts",
        "--templates", templates, "-f", "docx",
    )  # fmt: skip
    assert run.code == 0, run.err
    families = font_table(tmp_path / "out" / "kz-rs-visit-2026.docx")
    assert sorted(families.get("Noto Sans", {})) == sans_kept
    assert len(families["Noto Serif"]) == 4


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def converted(out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The brief, its Kazakh edition and (the control) the brief with its fonts taken out,
    each converted by LibreOffice on a machine whose fonts include no Noto."""
    folder = tmp_path_factory.mktemp("lo")
    config = fontconfig_without("noto", folder)
    listed = subprocess.run(
        ["fc-list"], env={**os.environ, "FONTCONFIG_FILE": str(config)}, capture_output=True
    )
    assert b"Noto" not in listed.stdout  # the machine the test stands for
    bare = folder / "bare" / "kz-rs-visit-2026-bare.docx"
    bare.parent.mkdir()
    original = out / "kz-rs-visit-2026.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(bare, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/fontTable.xml":
                data = re.sub(rb"<w:embed\w+ [^>]*/>", b"", data)
            elif item.filename.startswith(("word/fonts/", "word/_rels/fontTable")):
                continue
            copy.writestr(item, data)
    documents = {
        "brief": out / "kz-rs-visit-2026.docx",
        "kk": out / "kz-rs-visit-2026.kk.docx",
        "bare": bare,
    }
    # One LibreOffice each: a font embedded in one document serves every later one it opens.
    return {
        name: libreoffice_pdfs([document], make_folder(folder / name), fontconfig=config)[0]
        for name, document in documents.items()
    }


def make_folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


def families(pdf: Path) -> set[str]:
    """The font families of ``pdf`` (``NotoSerif`` from ``ABCDEF+NotoSerif-Bold``)."""
    return {name.split("+")[-1].split("-")[0] for name in embedded_fonts(pdf)}


def it_is_set_in_noto_by_libreoffice_without_noto(converted: dict[str, Path]) -> None:
    assert "NotoSerif" not in families(converted["bare"])  # the control: no Noto to be found
    for edition in ("brief", "kk"):
        names = {name.split("+")[-1] for name in embedded_fonts(converted[edition])}
        assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Regular", "NotoSans-Bold"} <= names
        assert "DejaVuSerif" not in families(converted[edition])
        assert "DejaVuSans" not in families(converted[edition])


def it_keeps_every_kazakh_letter_of_the_edition(out: Path, converted: dict[str, Path]) -> None:
    shown = pdf_text(converted["kk"])
    written = docx_text(out / "kz-rs-visit-2026.kk.docx")
    # lower case: the kicker's letters show in capitals (as in the PDF), stored as typed
    assert KAZAKH_LETTERS & set(shown.lower()) == KAZAKH_LETTERS & set(written.lower()) != set()
    assert "Қазақстан–Сербия: 2026 жылғы Астанаға" in shown
