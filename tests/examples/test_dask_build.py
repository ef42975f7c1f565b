"""examples/dask_build.py: Dask's local scheduler builds the same bytes as a plain build.

The example runs as a user runs it, in a new process whose Dask workers are processes of
their own, over three copies of the sample (each with its own brief id) and one bad file.
Its task function uses the ``kzrs_reports`` module, which Dask (cloudpickle) has to send to
the workers as an import of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import kzrs_reports
from clirun import ROOT, SAMPLE

EXAMPLE = ROOT / "examples" / "dask_build.py"
IDS = ("visit-one", "visit-two", "visit-three")


def copies(folder: Path) -> list[Path]:
    """The sample under each of IDS, then a file with a problem in its ``brief.id``."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert "\n  id: kz-rs-visit-2026\n" in text
    files = []
    for brief_id in IDS:
        path = folder / f"{brief_id}.yaml"
        path.write_text(text.replace("  id: kz-rs-visit-2026\n", f"  id: {brief_id}\n"))
        files.append(path)
    bad = folder / "bad.yaml"
    bad.write_text(text.replace("  id: kz-rs-visit-2026\n", "  id: Not An Id\n"))
    return [*files, bad]


def contents(*folders: Path) -> dict[str, bytes]:
    """Every document and chart by name (the build records hold absolute paths: left out)."""
    return {p.name: p.read_bytes() for f in folders for p in sorted(f.iterdir()) if p.is_file()}


def it_builds_with_dask_the_same_bytes_as_a_plain_build(tmp_path: Path) -> None:
    files = copies(tmp_path)
    options = ["--out", "dask/out", "--charts-dir", "dask/charts", "--workers", "2"]
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), *(f.name for f in files), *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr  # the bad file; the others are built

    plain = tmp_path / "plain"
    pages = [
        kzrs_reports.build_file(path, out_dir=plain / "out", charts_dir=plain / "charts")[0].pages
        for path in files[:3]
    ]
    lines = run.stdout.splitlines()
    assert lines[:3] == [
        f"{i}.yaml → {i}.pdf (built, {n} pages)" for i, n in zip(IDS, pages, strict=True)
    ]
    bad_line = files[3].read_text(encoding="utf-8").splitlines().index("  id: Not An Id") + 1
    assert lines[3].startswith(f"bad.yaml: not built: bad.yaml:{bad_line}:7: brief.id: ")
    assert lines[4].startswith("4 files: 3 built or up to date, 1 failed, in ")
    dask_built = contents(tmp_path / "dask" / "out", tmp_path / "dask" / "charts")
    expected = {f"{i}{end}" for i in IDS for end in (".pdf", ".docx")}
    assert expected <= set(dask_built)
    assert dask_built == contents(plain / "out", plain / "charts")
