"""Each process loads only the library of the format it writes: a helper writing the PDF never
imports python-docx, one writing the DOCX never imports ReportLab, and the process that
reads the data imports neither when both are written in helpers (a one-file ``build``); in
``watch`` it lays out the PDF itself and still never imports python-docx."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kzrs_reports.core.errors import UsageError
from kzrs_reports.writers.registry import FORMATS, PAGED, check_format, writer_for

SCRIPT = """
import json, sys
from pathlib import Path
from kzrs_reports.batch.helper import stop_helpers, writer_helpers
from kzrs_reports.build import BuildOptions, build_brief

def loaded():
    return sorted(m for m in ("docx", "reportlab", "svglib") if m in sys.modules)

helpers = writer_helpers(sys.argv[3].split(","))
assert helpers, "no helper process on this machine"
out = Path(sys.argv[2])
result = build_brief(Path(sys.argv[1]), BuildOptions(out / "out", out / "charts"), helpers)
beside = {fmt: helper.submit(loaded).result() for fmt, helper in helpers.items()}
stop_helpers(helpers.values())
print(json.dumps({"main": loaded(), "helpers": beside, "written": len(result.outputs)}))
"""


def _libraries(tmp_path: Path, helped: str) -> dict[str, object]:
    """The libraries each process loaded to build the sample with helpers for ``helped``."""
    sample = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample), str(tmp_path), helped],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    seen: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    assert seen["written"] == 2
    return seen


def it_writes_each_format_in_its_own_helper_with_its_own_library(tmp_path: Path) -> None:
    seen = _libraries(tmp_path, "pdf,docx")
    assert seen["main"] == []
    assert seen["helpers"] == {"pdf": ["reportlab", "svglib"], "docx": ["docx"]}


def it_writes_the_docx_beside_the_pdf_each_process_with_its_own_library(
    tmp_path: Path,
) -> None:
    seen = _libraries(tmp_path, "docx")
    assert seen["main"] == ["reportlab", "svglib"]
    assert seen["helpers"] == {"docx": ["docx"]}


def it_knows_which_formats_lay_out_pages_as_their_writers_say() -> None:
    assert {fmt for fmt in FORMATS if writer_for(fmt).lays_out_pages} == PAGED


def it_refuses_an_unknown_format_naming_the_known_ones() -> None:
    with pytest.raises(UsageError, match="unknown format 'odt'; choose from pdf, docx"):
        check_format("odt")
