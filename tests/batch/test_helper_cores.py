"""Writer helpers prepare on the cores the build leaves free, then write on every core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"

SCRIPT = """
import json, os, sys
from pathlib import Path
from kzrs_reports.batch.helper import stop_helpers, writer_helpers
from kzrs_reports.core.cores import release
from kzrs_reports.build import BuildOptions, build_brief

def cores():
    return sorted(os.sched_getaffinity(0))

helpers = writer_helpers(["pdf", "docx"])
seen = {"parent": cores()}
seen["preparing"] = {fmt: h.submit(cores).result() for fmt, h in helpers.items()}
if sys.argv[1] == "build":
    out = Path(sys.argv[3])
    build_brief(Path(sys.argv[2]), BuildOptions(out / "out", out / "charts"), helpers)
else:
    release(helpers.values())
seen["writing"] = {fmt: h.submit(cores).result() for fmt, h in helpers.items()}
seen["after"] = cores()
stop_helpers(helpers.values())
print(json.dumps(seen))
"""


def _cores_seen(how: str, tmp_path: Path) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, how, str(SAMPLE), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    seen: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return seen


@pytest.fixture
def cores() -> list[int]:
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        pytest.skip("one core: a build forks no helpers")
    return allowed


@pytest.mark.parametrize("how", ["build", "release"])
def it_leaves_one_core_to_the_build_until_the_document_is_made(
    how: str, cores: list[int], tmp_path: Path
) -> None:
    seen = _cores_seen(how, tmp_path)
    assert seen["parent"] == cores
    assert seen["preparing"] == {"pdf": cores[1:], "docx": cores[1:]}
    assert seen["writing"] == {"pdf": cores, "docx": cores}
    assert seen["after"] == cores  # the build's own process was never confined
    if how == "build":
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
            "kz-rs-visit-2026.docx",
            "kz-rs-visit-2026.pdf",
        ]
