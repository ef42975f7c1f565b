"""A build or a pack killed at any moment leaves the old file or a complete new one.

Each round starts from good outputs of an earlier, finished run, changes the data (so every
document and a chart have an old and a different new version), starts the command and kills
it and every process it started with SIGKILL after a seeded random delay. The delays are
spread over a whole run: round ``i`` of ``n`` kills at a random moment in the ``i``-th
``n``-th of a run's duration (the shortest measured so far on this machine), so start-up,
drawing, the PDF, the DOCX and the build record are all hit. The commands run with their
writes slowed down (:mod:`slow_writes`), or a random moment would almost never fall inside a
write; with a writer that wrote straight onto its target this test fails within a few rounds.

After each kill every output file must be the old one or a complete new one. Then a normal
run (no ``--force``) must finish and leave every output complete, byte for byte what a build
of that data writes, with no temporary file left behind: a build record left vouching for
outputs that the killed run had replaced would make that run skip, and fail here.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from filecheck import (
    SAMPLE,
    SAMPLE_ID,
    data_variant,
    files_in,
    kill_group,
    problems,
    start,
    temporary_files,
)

SEED = 20260226
BUILD_KILLS = 6
PACK_KILLS = 4


def finished(process_args: tuple[str, ...], cwd: Path) -> float:
    """Run the command to the end (exit 0 required); how long it took."""
    began = time.monotonic()
    process = start(*process_args, cwd=cwd, slow=True)
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, out + err
    assert "Traceback" not in err
    return time.monotonic() - began


def assert_old_or_new(before: dict[Path, str], after: dict[Path, str], round_: int) -> None:
    """Every output present is the one before the kill or a complete new one."""
    changed = [p for p, digest in after.items() if before.get(p) != digest]
    broken = problems([p for p in changed if not p.name.endswith(".part")])
    assert not broken, f"round {round_}: broken outputs after the kill: {broken}"
    for path in changed:  # a temporary file is hidden, so nothing takes it for an output
        assert not path.name.endswith(".part") or path.name.startswith("."), path


def assert_complete(folders: list[Path], known: dict[Path, str], round_: int) -> None:
    """Every output is complete; where this data was built before, byte for byte as then."""
    assert not temporary_files(*folders), f"round {round_}: temporary files left"
    now = files_in(*folders)
    assert not problems(list(now)), f"round {round_}: {problems(list(now))}"
    differing = [p for p, d in now.items() if p in known and known[p] != d]
    assert not differing, f"round {round_}: not the complete build of this data: {differing}"
    known.update(now)


def kill_rounds(
    work: Path,
    args: tuple[str, ...],
    folders: list[Path],
    kills: int,
    change: Callable[[bool], None],
) -> list[float]:
    """Run ``kills`` kill-and-rebuild rounds; return the delays used."""
    rng = random.Random(SEED + kills)
    change(False)
    duration = finished(args, work)
    known: list[dict[Path, str]] = [files_in(*folders), {}]
    delays = []
    for round_ in range(kills):
        second = round_ % 2 == 0
        change(second)
        before = files_in(*folders)
        delay = duration * (round_ + rng.random()) / kills
        delays.append(delay)
        process = start(*args, cwd=work, slow=True)
        time.sleep(delay)
        kill_group(process)
        assert_old_or_new(before, files_in(*folders), round_)
        duration = min(duration, finished(args, work))  # the first run was a cold start
        assert_complete(folders, known[second], round_)
    return delays


def it_leaves_old_or_complete_outputs_when_a_build_is_killed(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    data = work / "data" / SAMPLE.name
    out, charts = work / "out", work / "charts"

    def change(second: bool) -> None:
        data.write_text(data_variant(second), encoding="utf-8")

    args = ("build", f"data/{SAMPLE.name}", "--out", "out", "--charts-dir", "charts")
    delays = kill_rounds(work, args, [out, charts], BUILD_KILLS, change)
    assert len(delays) == BUILD_KILLS
    assert (out / f"{SAMPLE_ID}.pdf").is_file() and (out / f"{SAMPLE_ID}.docx").is_file()


def it_leaves_old_or_complete_packs_when_a_pack_is_killed(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SAMPLE, work / SAMPLE.name)
    pack = work / "pack.yaml"
    out, charts = work / "out", work / "charts"

    def change(second: bool) -> None:
        # The pack's title, so its PDF differs; its documents stay current (a build killed
        # while writing them is the other test), so the kills land in the binding.
        title = "Second edition" if second else "First edition"
        pack.write_text(
            f"id: kill-pack\ntitle: {title}\nclassification: OFFICIAL\ndate: 2026-03-02\n"
            f"documents:\n  - visit: {SAMPLE.name}\n    kind: brief\n",
            encoding="utf-8",
        )

    args = ("pack", "pack.yaml", "--out", "out", "--charts-dir", "charts")
    kill_rounds(work, args, [out, charts], PACK_KILLS, change)
    assert (out / "kill-pack.pdf").is_file() and (out / "kill-pack-docx.zip").is_file()
