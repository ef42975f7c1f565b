"""The reliability report: how the hostile corpus and the fuzz tests end, class by class.

    python bench/hostile.py [--jobs N]

Runs every case of tests/hostile (visit, pack, recipients and template files) through its
commands, as tests/hostile/test_corpus.py does, and counts how each run ended: refused with
located messages (exit 1, nothing written), built with its text printed as typed, or
anything else (a traceback, a wrong exit status, text not found, a broken PDF). Then runs
the Hypothesis property tests under tests/fuzz, if there are any, and counts their examples.
Prints the machine and date, then one table; runs it did not expect are listed under it.
Progress goes to stderr. Everything runs in a temporary folder with this checkout's ``src/``
first on ``PYTHONPATH``; nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "hostile"), str(ROOT / "bench")]

from corpus import CLASSES, discover  # noqa: E402
from run import machine  # noqa: E402
from runner import Result, run_corpus  # noqa: E402

FUZZ = ROOT / "tests" / "fuzz"
_EXAMPLES = re.compile(
    r"(\d+) passing(?: examples?)?, (\d+) failing(?: examples?)?,? (?:and )?(\d+) invalid"
)
_TEST = re.compile(r"^(\S+::.+):$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    what: str
    cases: str
    runs: str
    rejected: str
    literal: str
    unexpected: str
    as_expected: str


HEAD = Row(
    "class",
    "cases",
    "runs",
    "rejected with a message",
    "rendered literally",
    "unexpected",
    "as its outcome file says",
)


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def corpus_rows(results: list[Result]) -> list[Row]:
    """One row per class of case, and a total."""
    rows = []
    for kind in (*CLASSES, None):
        mine = [r for r in results if kind is None or r.case.kind == kind]
        ended = Counter(r.outcome for r in mine)
        rows.append(
            Row(
                kind or "all cases",
                str(len({r.case.id for r in mine})),
                str(len(mine)),
                str(ended["rejected"]),
                str(ended["literal"]),
                str(ended["unexpected"]),
                f"{sum(r.as_expected for r in mine)} of {len(mine)}",
            )
        )
    return rows


def fuzz_row(folder: Path = FUZZ) -> tuple[Row, str]:
    """The Hypothesis tests in ``folder``: tests, examples and how they ended; and a note."""
    if not folder.is_dir() or not any(folder.glob("test_*.py")):
        return Row("fuzz (Hypothesis)", "0", "0", "—", "—", "0", "—"), "tests/fuzz not present"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    pytest = [sys.executable, "-m", "pytest", str(folder), "-q", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [*pytest, "--hypothesis-show-statistics"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    counts = [tuple(map(int, m)) for m in _EXAMPLES.findall(run.stdout)]
    passing = sum(c[0] for c in counts)
    failing = sum(c[1] for c in counts)
    invalid = sum(c[2] for c in counts)
    tail = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-200:]
    row = Row(
        "fuzz (Hypothesis)",
        f"{len(set(_TEST.findall(run.stdout)))} tests",
        f"{passing + failing} examples",
        "—",
        "—",
        str(failing),
        f"{passing} of {passing + failing}",
    )
    return row, f"pytest tests/fuzz: {tail} ({invalid} generated inputs discarded as invalid)"


def table(rows: list[Row]) -> str:
    """``rows`` as a Markdown table, columns padded to line up."""
    cells = [list(r.__dict__.values()) for r in [HEAD, *rows]]
    widths = [max(len(c[i]) for c in cells) for i in range(len(cells[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="builds at once (2)")
    args = parser.parse_args()
    header = machine()
    cases = discover()
    progress(f"hostile corpus: {len(cases)} cases")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kzrs-hostile-") as tmp:
        results = run_corpus(Path(tmp), args.jobs, cases)
    seconds = time.perf_counter() - started
    progress("fuzz tests")
    fuzz, note = fuzz_row()
    print(f"kzrs-reports reliability report · {header}")
    print(f"hostile corpus ran in {seconds:.0f} s; {note}\n")
    print(table([*corpus_rows(results), fuzz]))
    odd = [r for r in results if not r.as_expected]
    if odd:
        print(f"\n{len(odd)} run(s) not as expected:")
        for result in odd:
            print(f"- {result.case.id} under {result.command}: {result.outcome}")
            for problem in result.problems:
                print("    " + problem.replace("\n", "\n    ")[:1000])


if __name__ == "__main__":
    main()
