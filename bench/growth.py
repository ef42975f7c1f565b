"""How a build grows with its brief: the sample beside a brief ten times its size.

    python bench/growth.py [--runs N] [--factor N] [--keep FILE]

:func:`grown` writes the sample with every list ``factor`` times as long: each item copied
with a numbered text, each copy citing its own copy of the source and (agreements) its own
copy of the sector, so ids stay unique and every reference resolves; a milestone's copies
are dated apart (:func:`_moved`). The talking-points
card keeps its lists: the model caps them (at most six lines), as a spoken card should be.

:func:`growth_rows` times both files stage by stage (``bench/build_sample.py --json``, each
in a process of its own) and gives each stage's ratio: a stage whose time grows much faster
than the brief is a quadratic step, whatever the whole build's time hides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from build_sample import LAYOUT
from generate import ROOT, SAMPLE, check, numbered, tool_env
from rows import Failed, Result, Row, ratio_row, show_seconds, table

FACTOR = 10
TEXTS = ("title", "text", "detail", "action", "name", "rationale", "question")
"""The fields a copied item's number is added to (so no two items print the same)."""
LISTS = (
    ("relations", "milestones"),
    ("key_messages",),
    ("agreements",),
    ("sectors",),
    ("positions",),
    ("risks",),
    ("next_steps",),
)
"""The lists of statements; the brief's distribution and keywords grow too."""


def _copy(item: Any, n: int) -> Any:
    """A deep copy of the round-trip ``item`` as its ``n``-th copy (1 ≤ n ≤ 11)."""
    import copy

    item = copy.deepcopy(item)
    if not isinstance(item, dict):
        return f"{item} (variant {n})"
    for key in TEXTS:
        if key in item:
            numbered(item, key, n)
    for key in ("source", "id", "sector"):
        if key in item:
            item[key] = f"{item[key]}-{n}"
    if "date" in item:
        item["date"] = _moved(item["date"], n, bool(item.get("planned")))
    return item


def _moved(date: Any, n: int, planned: bool) -> Any:
    """A milestone's date moved ``n`` steps, so that copies are events of their own on the
    timeline rather than ten markers on one spot: a year becomes one of its months, a month
    or a day moves ``n`` months or days (later if planned, earlier if past)."""
    if isinstance(date, int):
        return f"{date}-{n + 1:02d}"
    step = n if planned else -n
    if isinstance(date, dt.date):
        return date + dt.timedelta(days=step)
    year, month = map(int, str(date).split("-"))
    months = year * 12 + month - 1 + step
    return f"{months // 12}-{months % 12 + 1:02d}"


def grown(out: Path, factor: int = FACTOR, sample: Path = SAMPLE) -> Path:
    """Write the sample with every list ``factor`` times as long to ``out``; return ``out``."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    visit = yaml.load(sample.read_text(encoding="utf-8"))
    visit["brief"]["id"] = f"grown-x{factor}"
    lists = [*LISTS, ("brief", "distribution"), ("brief", "keywords"), ("sources",)]
    for path in lists:
        parent = visit
        for key in path[:-1]:
            parent = parent[key]
        items = parent[path[-1]]
        items.extend([_copy(item, n) for n in range(1, factor) for item in list(items)])
    buffer = io.StringIO()
    yaml.dump(visit, buffer)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return out


def stage_seconds(data: Path, runs: int) -> dict[str, Any]:
    """``bench/build_sample.py --json`` for ``data``, in a process of its own."""
    command = [sys.executable, str(ROOT / "bench" / "build_sample.py"), str(data)]
    done = subprocess.run(
        [*command, "--runs", str(runs), "--json"],
        env=tool_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [""]
        raise Failed(f"exit {done.returncode}: {lines[-1][:80]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def growth_rows(work: Path, runs: int, factor: int = FACTOR) -> list[Row]:
    """The whole cold build and each stage of the ×``factor`` brief, against the sample's;
    target: at most ``factor`` times the sample's time."""
    big = grown(work / f"grown-x{factor}.yaml", factor)
    what = f"×{factor} brief"
    try:
        check([big])
        small = stage_seconds(SAMPLE, runs)
        large = stage_seconds(big, runs)
    except (Failed, RuntimeError) as failure:
        return [Row(f"{what}: build", f"failed: {str(failure).splitlines()[0][:80]}")]
    pairs = [("build, cold", small["whole"], large["whole"])]
    pairs += [(name, s, large["stages"][name]) for name, s in small["stages"].items()]
    return [
        ratio_row(
            f"{what}: {'… of which ' if name == LAYOUT else ''}{name}",
            Result(big_s, f"sample {show_seconds(s)}"),
            Result(s),
            "sample",
            factor,
        )
        for name, s, big_s in pairs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (3)")
    parser.add_argument("--factor", type=int, default=FACTOR, help="how many times (10)")
    parser.add_argument("--keep", type=Path, help="also write the grown brief here")
    args = parser.parse_args()
    if args.keep:
        grown(args.keep, args.factor)
    with tempfile.TemporaryDirectory(prefix="kzrs-bench-") as tmp:
        print(table(growth_rows(Path(tmp), args.runs, args.factor)))


if __name__ == "__main__":
    main()
