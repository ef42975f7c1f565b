"""Output names come from validated ids alone, and nothing is written outside ``--out`` and
``--charts-dir``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from filecheck import SAMPLE, SAMPLE_ID, files_in

from clirun import kzrs

CHARTS = ("priorities", "timeline")


def it_refuses_an_id_that_climbs_out_of_the_folder_at_its_line(tmp_path: Path) -> None:
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8").replace(f"id: {SAMPLE_ID}", "id: ../../x", 1)
    (work / "visit.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  id: ../../x") + 1
    run = kzrs("build", "visit.yaml", "--out", "out", "--charts-dir", "charts", cwd=work)
    assert run.code == 1
    assert re.search(rf"^visit\.yaml:{line}:\d+: brief\.id: ", run.err, re.MULTILINE), run.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["deep", "visit.yaml", "work"]


def it_refuses_a_pack_id_or_a_kind_that_names_a_path(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "visit.yaml")
    (tmp_path / "pack.yaml").write_text(
        "id: ../x\ntitle: T\nclassification: OFFICIAL\ndate: 2026-03-02\n"
        "documents:\n  - visit: visit.yaml\n",
        encoding="utf-8",
    )
    run = kzrs("pack", "pack.yaml", cwd=tmp_path)
    assert run.code == 1 and re.search(r"^pack\.yaml:1:\d+: id: ", run.err, re.MULTILINE), run.err
    run = kzrs("build", "visit.yaml", "--kind", "../x", cwd=tmp_path)
    assert run.code == 2 and "unknown kind ../x" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.yaml", "visit.yaml"]


def it_writes_only_into_out_and_charts_even_outside_the_working_tree(tmp_path: Path) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    (work / "data").mkdir(parents=True)
    elsewhere.mkdir()
    text = re.sub(
        r"^  title: .*$",
        '  title: "../../escaped/x: a title is never a name"',
        SAMPLE.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    (work / "data" / "visit.yaml").write_text(text, encoding="utf-8")
    before = files_in(tmp_path)
    out, charts = elsewhere / "out", elsewhere / "charts"
    run = kzrs("build", "data/visit.yaml", "--out", out, "--charts-dir", charts, cwd=work)
    assert run.code == 0, run.err
    after = files_in(tmp_path)
    assert {p: d for p, d in after.items() if p in before} == before
    new = sorted(str(p.relative_to(elsewhere)) for p in after if p not in before)
    assert all(n.startswith(("out/", "charts/")) for n in new), new
    assert {n for n in new if not n.startswith("out/.kzrs/")} == {
        f"out/{SAMPLE_ID}.pdf",
        f"out/{SAMPLE_ID}.docx",
        *(
            f"charts/{SAMPLE_ID}-{c}{s}"
            for c in CHARTS
            for s in (".svg", "-outlined.svg", ".png", ".json")
        ),
        *(f"charts/.kzrs/drawings/{SAMPLE_ID}-{c}.drawing" for c in CHARTS),
    }
