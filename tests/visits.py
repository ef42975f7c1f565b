"""Visit files varied from the sample, for the layout tests: bench/generate.py's variants, and
the sample with more and denser milestones (two a month apart, a crowded recent year, a long
random history), all valid for ``kzrs-reports check``; and the sample marked otherwise
(:func:`variant`)."""

from __future__ import annotations

import importlib.util
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"
SOURCE = "dknews-2026-02"
TITLES = (
    "Joint commission meets in Astana",
    "Business forum on transport corridors",
    "Visit of the foreign minister to Belgrade",
    "Agreement on visa-free travel for thirty days",
    "Days of Serbian culture in Almaty",
    "Memorandum on cooperation in digital development",
    "First direct cargo flight between Almaty and Belgrade",
    "Consultations of the foreign ministries",
    "Energy dialogue at ministerial level",
    "Student exchange programme launched",
)
CATEGORIES = ("diplomatic", "trade", "multilateral", "culture")


def sample() -> Any:
    """The sample visit, as plain data."""
    return YAML(typ="safe", pure=True).load(SAMPLE.read_text(encoding="utf-8"))


def write(data: Any, path: Path) -> Path:
    """``data`` written as YAML to ``path``."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def variant(folder: Path, name: str, classification: str, **brief: str) -> Path:
    """The sample as its author would edit it: its own id, its classification, and the
    ``brief`` fields given on the lines below that."""
    text = SAMPLE.read_text(encoding="utf-8").replace("  id: kz-rs-visit-2026\n", f"  id: {name}\n")
    added = "".join(f"  {key}: {value}\n" for key, value in brief.items() if key != "language")
    text = text.replace(
        "  classification: OFFICIAL\n", f"  classification: {classification}\n{added}"
    )
    if "language" in brief:
        text = text.replace("  language: en-GB\n", f"  language: {brief['language']}\n")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def milestone(date: str | int, title: str, category: str = "trade", **more: Any) -> dict[str, Any]:
    return {"date": date, "title": title, "category": category, "source": SOURCE, **more}


def with_milestones(brief_id: str, *added: dict[str, Any]) -> Any:
    """The sample with ``added`` milestones and its own brief id."""
    data = sample()
    data["brief"]["id"] = brief_id
    data["relations"]["milestones"] += list(added)
    return data


def a_month_apart() -> Any:
    """Two milestones one month apart, as well as the sample's."""
    return with_milestones(
        "month-apart",
        milestone("2025-05", "Intergovernmental commission meets in Astana"),
        milestone("2025-06", "Business forum on transport corridors"),
    )


def a_crowded_year() -> Any:
    """Eight milestones month by month in the year before the visit."""
    added = [
        milestone(f"2025-{month:02d}", TITLES[i], CATEGORIES[i % 4])
        for i, month in enumerate((1, 2, 3, 5, 6, 8, 10, 11))
    ]
    return with_milestones("crowded-year", *added)


def a_long_history(seed: int, count: int) -> Any:
    """``count`` random milestones from 1997 on, half of them in the last three years, some
    dated to the month or the day."""
    rng = random.Random(seed)
    added = []
    for i in range(count):
        year = rng.randint(1997, 2025) if rng.random() < 0.5 else rng.randint(2023, 2025)
        shape = rng.random()
        date: str | int = year
        if shape < 0.35:
            date = f"{year}-{rng.randint(1, 12):02d}"
        elif shape < 0.55:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        added.append(milestone(date, f"{rng.choice(TITLES)} ({i + 1})", rng.choice(CATEGORIES)))
    return with_milestones(f"history-{seed}-{count}", *added)


DENSER: dict[str, Callable[[], Any]] = {
    "a-month-apart": a_month_apart,
    "a-crowded-year": a_crowded_year,
    "a-long-history-12": lambda: a_long_history(1, 12),
    "a-long-history-25": lambda: a_long_history(2, 25),
}
"""Visits with more and denser milestones than the sample, by name."""


def bench_variants(folder: Path, count: int) -> list[Path]:
    """``count`` files from bench/generate.py (the sample, varied as the benchmark varies it)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.generate(folder, count)
    return paths
