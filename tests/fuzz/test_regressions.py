"""Bugs the property tests found, each kept as the example that showed it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner
from visit_strategies import to_json

from kzrs_reports.cli.app import app

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"


def _sample() -> dict:  # type: ignore[type-arg]
    return json.loads(json.dumps(YAML(typ="safe").load(SAMPLE), default=str))


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        # The marking printed at the top and bottom of every page took any character.
        (("brief",), "classification", "OFFICIAL\u202e"),
        (("brief",), "classification", "OFF\x00ICIAL"),
        # A source's URL was checked against ^https?://\S+$ only, and \S matches controls.
        (("sources", 0), "url", "https://example.org/\x1f"),
        (("sources", 0), "url", "https://example.org/\u202ea"),
    ],
)
def it_reports_control_and_bidi_characters_in_the_marking_and_urls(
    tmp_path: Path, section: tuple[str | int, ...], key: str, value: str
) -> None:
    data = _sample()
    target = data
    for part in section:
        target = target[part]
    target[key] = value
    path = tmp_path / "visit.json"
    path.write_text(to_json(data), encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(path)])

    assert result.exit_code == 1
    field = ".".join(f"[{p}]" if isinstance(p, int) else p for p in (*section, key))
    field = field.replace(".[", "[")
    assert f": {field}: contains " in result.stderr
