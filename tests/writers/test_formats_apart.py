"""Each process loads only the library of the format it writes: the one laying out the PDF
never imports python-docx, the helper writing the DOCX beside it never imports ReportLab."""

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
from kzrs_reports.batch.helper import writer_helper
from kzrs_reports.build import BuildOptions, build_brief

def loaded():
    return sorted(m for m in ("docx", "reportlab", "svglib") if m in sys.modules)

helper = writer_helper()
assert helper is not None, "no helper process on this machine"
out = Path(sys.argv[2])
result = build_brief(Path(sys.argv[1]), BuildOptions(out / "out", out / "charts"), helper)
beside = helper.submit(loaded).result()
helper.shutdown()
print(json.dumps({"main": loaded(), "helper": beside, "written": len(result.outputs)}))
"""


def it_writes_the_docx_beside_the_pdf_each_process_with_its_own_library(
    tmp_path: Path,
) -> None:
    sample = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["written"] == 2
    assert "docx" not in seen["main"] and "reportlab" in seen["main"]
    assert seen["helper"] == ["docx"]


def it_knows_which_formats_lay_out_pages_as_their_writers_say() -> None:
    assert {fmt for fmt in FORMATS if writer_for(fmt).lays_out_pages} == PAGED


def it_refuses_an_unknown_format_naming_the_known_ones() -> None:
    with pytest.raises(UsageError, match="unknown format 'odt'; choose from pdf, docx"):
        check_format("odt")
