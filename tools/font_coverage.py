"""Write src/kzrs_reports/fonts/coverage.json: which characters each shipped font can draw.

    python tools/font_coverage.py

Run it after adding, removing or replacing a font in src/kzrs_reports/fonts/;
tests/templates/test_coverage.py fails until the table matches the font files.
"""

from __future__ import annotations

import json
import re

from kzrs_reports.templates.coverage import COVERAGE_FILE, coverage_table
from kzrs_reports.templates.theme import FONTS_DIR

ABOUT = (
    "Code points each shipped font maps to a glyph (inclusive ranges), per file with its "
    "size and SHA-256. Written by tools/font_coverage.py; do not edit by hand."
)


def main() -> None:
    table = {"about": ABOUT, "fonts": coverage_table(FONTS_DIR.glob("*.ttf"))}
    # One range per line: small diffs when a font changes, and readable by eye.
    text = re.sub(r"\[\s+(\d+),\s+(\d+)\s+\]", r"[\1, \2]", json.dumps(table, indent=2))
    COVERAGE_FILE.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {COVERAGE_FILE} ({len(table['fonts'])} fonts)")


if __name__ == "__main__":
    main()
