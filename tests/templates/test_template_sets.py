"""A user's template set: mistakes are located errors (exit 1, nothing written), and the
sandbox holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kzrs_reports.cli.app import app
from kzrs_reports.templates import DEFAULT_TEMPLATES

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "kz-rs-visit-2026.yaml"


def build_with(tmp_path: Path, **files: str) -> tuple[int, str]:
    """Build the sample with a copy of the default set in which ``files`` are replaced."""
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    for name, text in files.items():
        (templates / name.replace("_", ".", 1)).write_text(text, encoding="utf-8")
    out, charts = tmp_path / "out", tmp_path / "charts"
    args = ["build", str(SAMPLE), "--templates", str(templates), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--charts-dir", str(charts)])
    assert isinstance(result.exception, SystemExit)
    assert not out.exists()
    return result.exit_code, result.stderr


def it_builds_with_a_copy_of_the_default_set(tmp_path: Path) -> None:
    templates = tmp_path / "house"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    result = CliRunner().invoke(
        app, ["build", str(SAMPLE), "--templates", str(templates), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"brief_md.j2": "{% if %}\n"}, "brief.md.j2:1: Expected an expression"),
        ({"brief_md.j2": "\n\n{{ visit.nope }}\n"}, "brief.md.j2:3: UndefinedError"),
        ({"brief_md.j2": "{{ visit.__class__.__mro__ }}\n"}, "SecurityError"),
        ({"brief_md.j2": "{{ cite.__globals__ }}\n"}, "SecurityError"),
        ({"brief_md.j2": "# ok\n\n```\ncode\n```\n"}, "the document model has no 'fence'"),
        ({"theme_yaml": "name: x\nfonts: 3\n"}, "theme.yaml: fonts: Input should be"),
        ({"theme_yaml": "name: [\n"}, "theme.yaml: "),
        ({"labels_yaml": "page: x\n"}, "labels.yaml: missing labels: figure, table"),
        (
            {"labels_yaml": (DEFAULT_TEMPLATES / "labels.yaml").read_text().split("basis:")[0]},
            "labels.yaml: basis.marker: must be text, in quotes",
        ),
    ],
)
def it_reports_a_broken_template_set(tmp_path: Path, files: dict[str, str], message: str) -> None:
    code, err = build_with(tmp_path, **files)
    assert code == 1
    assert message in err


LOOPING = """# Key messages

{% for m in visit.key_messages %}
- {{ m.text }}
{% endfor %}

{% if visit.sectors %}
Sectors follow.
{% endif %}
{{ wrong }}
"""


@pytest.mark.parametrize(
    ("wrong", "line", "message"),
    [
        ("#### Too deep", 10, "headings go down to level 3 (###)"),
        (
            "See [the annex](#annex).",
            10,
            "a link to '#annex', which names no heading or source of the document",
        ),
        ("{% for m in visit.key_messages %}\n#### {{ m.text }}\n{% endfor %}", 11, "level 3"),
        ("\n\n\n```\nno code\n```", 13, "the document model has no 'fence'"),
    ],
    ids=["heading", "link", "in-a-loop", "after-blank-lines"],
)
def it_names_the_template_line_that_wrote_what_the_model_refuses(
    tmp_path: Path, wrong: str, line: int, message: str
) -> None:
    code, err = build_with(tmp_path, **{"brief_md.j2": LOOPING.replace("{{ wrong }}", wrong)})
    assert code == 1
    assert f"{tmp_path / 'house' / 'brief.md.j2'}:{line}: " in err, err
    assert message in err
