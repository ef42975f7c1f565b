"""Write visit files varied from the sample, for timing batch builds.

    python bench/generate.py OUT_DIR [--count N] [--data FILE]

Each file is the sample with its own brief id, a numbered title and edition, sector
priorities rotated by its number and a numbered first milestone, so no two files share a
document or a chart. Edits go through ruamel.yaml's round trip, so comments, order and
formatting stay as in the sample. The files are then checked with ``kzrs-reports check``.
Write them outside the repository (a temporary folder): they are not for git.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"


def vary(visit: Any, n: int) -> None:
    """Make the loaded (round-trip) ``visit`` the ``n``-th variant, in place."""
    brief = visit["brief"]
    brief["id"] = f"bench-{n:03d}"
    numbered(brief, "title", n)
    brief["edition"] = f"1.{n}"
    for sector in visit["sectors"]:
        sector["priority"] = (sector["priority"] - 1 + n) % 5 + 1
    numbered(visit["relations"]["milestones"][0], "title", n)


def numbered(item: Any, key: str, n: int) -> None:
    """``item[key]`` with `` (variant n)`` after it (after each version of a text given per
    language)."""
    value = item[key]
    if isinstance(value, dict):
        for tag in value:
            value[tag] = f"{value[tag]} (variant {n})"
    else:
        item[key] = f"{value} (variant {n})"


def generate(out_dir: Path, count: int, sample: Path = SAMPLE) -> list[Path]:
    """Write ``count`` variants of ``sample`` into ``out_dir``; returns their paths in order."""
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: keeps comments, key order and quoting
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    text = sample.read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        visit = yaml.load(text)
        vary(visit, n)
        buffer = io.StringIO()
        yaml.dump(visit, buffer)
        path = out_dir / f"bench-{n:03d}.yaml"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        paths.append(path)
    return paths


def tool_env() -> dict[str, str]:
    """The environment for running this checkout's ``kzrs_reports`` (its src/ first).

    With Python's bytecode cache, as an installed package runs: without it every module of
    a source checkout is compiled anew on each run.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def check(paths: list[Path]) -> None:
    """Run ``kzrs-reports check`` on ``paths``; raise with its output if any file fails."""
    command = [sys.executable, "-m", "kzrs_reports", "check", *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, env=tool_env(), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"generated files do not pass check:\n{done.stdout}{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the files (outside git)")
    parser.add_argument("--count", type=int, default=50, help="how many files (50)")
    parser.add_argument("--data", type=Path, default=SAMPLE, help="the visit to vary (sample)")
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.data)
    check(paths)
    print(f"{len(paths)} visit files in {args.out}, all pass check")


if __name__ == "__main__":
    main()
