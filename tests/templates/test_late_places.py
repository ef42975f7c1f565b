"""A template is rendered plainly; where its lines came from is worked out only when a place
is first asked for (something is wrong), by rendering it again, and only if that gives the
same text."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import FileSystemLoader
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from kzrs_reports.templates.sourcemap import (
    LateSourceMap,
    SourceMap,
    render_bounded,
    render_mapped,
)

SOURCE = "# {{ title }}\n\nThe visit:\n{% for x in items %}- {{ x }}\n{% endfor %}\nЗавршено.\n"
CONTEXT = {"title": "Астана", "items": ["Vučić", "Тоқаев"]}


@pytest.fixture
def template(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "brief.md.j2").write_text(SOURCE, encoding="utf-8")
    env = SandboxedEnvironment(loader=FileSystemLoader(tmp_path))
    return env.get_template("brief.md.j2")


def it_renders_what_the_mapped_rendering_renders(template) -> None:  # type: ignore[no-untyped-def]
    text = render_bounded(template, CONTEXT, 10_000)
    assert text == render_mapped(template, CONTEXT, 10_000)[0]
    assert text.splitlines()[3:5] == ["- Vučić", "- Тоқаев"]
    with pytest.raises(SecurityError, match="more than 20 characters"):
        render_bounded(template, CONTEXT, 20)


def it_maps_the_lines_only_when_a_place_is_asked_for(template) -> None:  # type: ignore[no-untyped-def]
    text = render_bounded(template, CONTEXT, 10_000)
    made: list[SourceMap] = []

    def remake() -> tuple[str, SourceMap]:
        again, places = render_mapped(template, CONTEXT, 10_000)
        made.append(places)
        return again, places

    late = LateSourceMap(remake, text)
    assert made == []  # nothing wrong yet: no second rendering
    file = template.filename
    assert file.endswith("brief.md.j2")
    assert late.place(1) == f"{file}:1"
    assert late.place(3) == f"{file}:3"
    assert late.place(4) == f"{file}:4"  # a line of the loop
    assert late.place(7) == f"{file}:6"
    assert len(made) == 1  # rendered again once, for every place asked


def it_knows_no_place_when_the_template_renders_other_text(template) -> None:  # type: ignore[no-untyped-def]
    text = render_bounded(template, CONTEXT, 10_000)
    other = LateSourceMap(lambda: render_mapped(template, {**CONTEXT, "items": []}, 10_000), text)
    assert other.place(1) is None

    def failing() -> tuple[str, SourceMap]:
        raise RuntimeError("the template file was removed")

    assert LateSourceMap(failing, text).place(1) is None
