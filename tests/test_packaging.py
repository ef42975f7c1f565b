"""The wheel carries everything a build needs: templates, house style, fonts, their licence,
the table of which characters the fonts can draw, and the marking schemes."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def it_ships_templates_theme_and_fonts_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("kzrs_reports-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "kzrs_reports/templates/default/brief.md.j2",
        "kzrs_reports/templates/default/labels.yaml",
        "kzrs_reports/templates/default/theme.yaml",
        "kzrs_reports/templates/summary/brief.md.j2",
        "kzrs_reports/templates/summary/theme.yaml",
        "kzrs_reports/templates/chronology/brief.md.j2",
        "kzrs_reports/templates/talking-points/brief.md.j2",
        "kzrs_reports/templates/talking-points/theme.yaml",
        "kzrs_reports/templates/email/subject.txt.j2",
        "kzrs_reports/templates/email/body.txt.j2",
        "kzrs_reports/templates/email/body.html.j2",
        "kzrs_reports/templates/pack/cover.md.j2",
        *(f"kzrs_reports/core/schemes/{scheme}.yaml" for scheme in ("uk", "kz", "rs", "nato")),
        "kzrs_reports/model/starter.yaml",
        "kzrs_reports/fonts/OFL.txt",
        "kzrs_reports/fonts/coverage.json",
        *(
            f"kzrs_reports/fonts/Noto{f}-{s}.ttf"
            for f in ("Serif", "Sans")
            for s in ("Regular", "Bold", "Italic", "BoldItalic")
        ),
    ):
        assert name in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "kzrs-reports = kzrs_reports.cli:program"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
