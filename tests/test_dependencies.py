"""The libraries that could run what a user handed us are installed at versions with the
known escapes fixed, and pyproject.toml never asks for less."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FIXED_IN = {
    "reportlab": (3, 6, 13),  # CVE-2023-33733: code run through colour expressions in markup
    "jinja2": (3, 1, 6),  # CVE-2024-56201, CVE-2024-56326 (3.1.5), CVE-2025-27516 (3.1.6)
    "pillow": (10, 3),  # CVE-2024-28219: a buffer overflow in Pillow's own C code
}


def release(text: str) -> tuple[int, ...]:
    """``"3.1.6"`` → ``(3, 1, 6)``; a pre-release or local suffix is ignored."""
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def lower_bounds() -> dict[str, tuple[int, ...]]:
    """Each dependency's ``>=`` bound in pyproject.toml, by lower-case name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for spec in project["dependencies"]:
        name, _, bound = re.split(r"\s*(>=)\s*", spec, maxsplit=1)
        bounds[name.strip().lower()] = release(bound.split(",")[0])
    return bounds


@pytest.mark.parametrize("name", sorted(FIXED_IN))
def it_runs_on_a_version_with_the_fixes(name: str) -> None:
    installed = release(version(name))
    assert installed >= FIXED_IN[name], f"{name} {version(name)} is older than the fix"


@pytest.mark.parametrize("name", sorted(FIXED_IN))
def it_never_lets_an_install_choose_a_version_without_the_fixes(name: str) -> None:
    assert lower_bounds()[name] >= FIXED_IN[name]


def it_reads_release_numbers() -> None:
    assert release("3.1.6") == (3, 1, 6)
    assert release("10.3.0.dev1") == (10, 3, 0)
    assert release("3.1.5") < FIXED_IN["jinja2"] <= release("3.1.10")
