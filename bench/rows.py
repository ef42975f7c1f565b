"""The benchmark's table: a figure, its ratio to a reference or a target, and whether it is met."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from pathlib import Path


class Failed(Exception):
    """A measurement that could not be made; the message goes into the table."""


@dataclass(frozen=True)
class Result:
    """A median in seconds (or a plain number), or why there is none; and a note."""

    value: float | None
    note: str = ""


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    what: str
    median: str
    ratio: str = ""
    target: str = ""
    met: str = ""
    note: str = ""


def show_seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def yes_no(ok: bool) -> str:
    return "yes" if ok else "**no**"


def plain_row(what: str, result: Result) -> Row:
    if result.value is None:
        return Row(what, result.note)
    return Row(what, show_seconds(result.value), note=result.note)


def ratio_row(what: str, result: Result, ref: Result, ref_name: str, factor: float) -> Row:
    """A time whose target is at most ``factor`` times the reference's."""
    target = f"≤ {factor} × {ref_name}"
    if result.value is None or ref.value is None:
        return Row(
            what,
            result.note if result.value is None else show_seconds(result.value),
            target=target,
            note=result.note or ref.note,
        )
    ratio = result.value / ref.value
    return Row(
        what,
        show_seconds(result.value),
        f"{ratio:.2f} × {ref_name}",
        target,
        yes_no(ratio <= factor),
        result.note,
    )


def limit_row(what: str, result: Result, limit: float) -> Row:
    """A time whose target is at most ``limit`` seconds."""
    target = f"≤ {show_seconds(limit)}"
    if result.value is None:
        return Row(what, result.note, target=target)
    ratio = result.value / limit
    return Row(
        what,
        show_seconds(result.value),
        f"{ratio:.2f} × target",
        target,
        yes_no(ratio <= 1),
        result.note,
    )


def table(rows: list[Row]) -> str:
    """``rows`` as a Markdown table, columns padded to line up."""
    head = Row("what", "median", "ratio", "target", "met", "note")
    cells = [[r.what, r.median, r.ratio, r.target, r.met, r.note] for r in [head, *rows]]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head.__dict__))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    """CPU model, cores, OS, Python and the date, in two lines."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now} · {model}, {os.cpu_count()} cores ({usable} usable) · "
        f"{platform.system()} {platform.release()} · Python {platform.python_version()}\n"
        f"load average at start: {load}"
    )
