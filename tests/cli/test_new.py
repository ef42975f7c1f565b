"""Starting a brief and a template set, in two commands: ``new FILE`` writes a commented visit
file that builds as it stands, ``templates FOLDER`` copies the shipped set as files to change.
Neither writes over the user's files without ``--force``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from clirun import ROOT, kzrs, pdf_text, words
from kzrs_reports.core.files import folder_files
from kzrs_reports.model.visit import VisitFile
from kzrs_reports.templates import DEFAULT_TEMPLATES, document_kinds

TITLE = "Country A–Country B: the visit to the capital"


def models(root: type[BaseModel]) -> set[type[BaseModel]]:
    """``root`` and every model its fields hold, however nested."""
    found = {root}
    for info in root.model_fields.values():
        for kind in _types(info.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in found:
                found |= models(kind)
    return found


def _types(annotation: object) -> list[object]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *(t for arg in args for t in _types(arg))]


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``new data/my-visit.yaml`` and ``templates house``, run in an empty folder."""
    root = tmp_path_factory.mktemp("start")
    run = kzrs("new", "data/my-visit.yaml", cwd=root)
    assert run.code == 0, run.err
    assert run.out.startswith("wrote data/my-visit.yaml (brief.id my-visit); ")
    run = kzrs("templates", "house", cwd=root)
    assert run.code == 0, run.err
    return root


def it_writes_a_visit_file_check_accepts_as_it_stands(started: Path) -> None:
    run = kzrs("check", "data/my-visit.yaml", cwd=started)
    assert run.code == 0, run.err
    assert run.out == "data/my-visit.yaml: ok (2 quote(s) unchecked)\n"


def it_builds_the_new_file_as_written_in_every_kind_with_the_copied_set(started: Path) -> None:
    kinds = ",".join(document_kinds())
    run = kzrs("build", "data/my-visit.yaml", "--templates", "house", "-k", kinds, cwd=started)
    assert run.code == 0, run.err
    out = started / "out"
    assert len(list(out.glob("my-visit*.pdf"))) == len(document_kinds())
    brief = words(pdf_text(out / "my-visit.pdf"))
    for text in (TITLE, "A message the source bears out, in rich text", "Desk comment:"):
        assert text in brief


def it_gives_every_section_and_field_with_the_rules_in_comments(started: Path) -> None:
    text = (started / "data" / "my-visit.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    assert list(data) == list(VisitFile.model_fields)  # every section, in the model's order
    keys = {line.strip().lstrip("#- ").split(":")[0] for line in text.splitlines()}
    for model in models(VisitFile):
        assert set(model.model_fields) <= keys, (model.__name__, set(model.model_fields) - keys)
    for rule in ("basis: assessed", "basis: sourced", "(quote:)", "(comment:)", 'edition: "1.0"'):
        assert rule in text
    assert data["brief"]["edition"] == "1.0"
    assert isinstance(data["next_steps"][0]["due"], str)


def it_takes_the_brief_id_from_the_file_name(tmp_path: Path) -> None:
    names = {"Visit to Belgrade 2027.yaml": "visit-to-belgrade-2027", "_.yml": "new-brief"}
    for name, brief_id in names.items():
        assert kzrs("new", name, cwd=tmp_path).code == 0
        data = YAML(typ="safe", pure=True).load((tmp_path / name).read_text(encoding="utf-8"))
        assert data["brief"]["id"] == brief_id


def it_never_writes_over_a_file_without_force(tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text("mine\n", encoding="utf-8")
    run = kzrs("new", "visit.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (2, "visit.yaml: already exists; give --force to replace it\n")
    assert visit.read_text(encoding="utf-8") == "mine\n"
    assert kzrs("new", "visit.yaml", "--force", cwd=tmp_path).code == 0
    assert visit.read_text(encoding="utf-8").startswith("# A new visit file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["visit.yaml"]  # no temporary file


def it_refuses_a_name_that_is_not_yaml_and_a_folder_it_cannot_write(tmp_path: Path) -> None:
    run = kzrs("new", "visit.json", cwd=tmp_path)
    assert run.code == 2
    assert "visit.json: a visit file is YAML: give it a name ending in .yaml" in run.err
    (tmp_path / "notes").write_text("a file, not a folder\n", encoding="utf-8")
    run = kzrs("new", "notes/visit.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (
        1,
        "notes/visit.yaml: cannot write: notes is a file, not a folder\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def it_copies_every_file_of_the_set_as_a_regular_file(started: Path) -> None:
    house = started / "house"
    shipped = [p.relative_to(DEFAULT_TEMPLATES) for p in folder_files(DEFAULT_TEMPLATES)]
    assert [p.relative_to(house) for p in folder_files(house)] == shipped
    for name in shipped:
        assert not (house / name).is_symlink()
        assert (house / name).read_bytes() == (DEFAULT_TEMPLATES / name).read_bytes()
    assert [p.name for p in started.iterdir() if p.name.startswith(".")] == []


def it_builds_with_a_copy_of_the_copy_anywhere(started: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "house"
    shutil.copytree(started / "house", moved, symlinks=True)  # as cp -r copies
    out = tmp_path / "out"
    visit = started / "data" / "my-visit.yaml"
    run = kzrs("build", visit, "--templates", moved, "-o", out, "-f", "pdf", cwd=tmp_path)
    assert run.code == 0, run.err


def it_never_writes_into_a_folder_of_files_without_force(tmp_path: Path) -> None:
    house = tmp_path / "house"
    house.mkdir()
    (house / "theme.yaml").write_text("mine\n", encoding="utf-8")
    (house / "notes.txt").write_text("notes\n", encoding="utf-8")
    run = kzrs("templates", "house", cwd=tmp_path)
    assert run.code == 2
    assert run.err == (
        "house: the folder is not empty; give --force to write the set's files into it "
        "(replacing files of the same names)\n"
    )
    assert sorted(p.name for p in house.iterdir()) == ["notes.txt", "theme.yaml"]
    assert kzrs("templates", "house", "--force", cwd=tmp_path).code == 0
    assert (house / "theme.yaml").read_bytes() == (DEFAULT_TEMPLATES / "theme.yaml").read_bytes()
    assert (house / "notes.txt").read_text(encoding="utf-8") == "notes\n"


def it_leaves_no_symbolic_link_in_the_project_to_dangle_when_copied() -> None:
    """A copy of ``templates/`` (or any folder) as ``cp -r`` makes it works where it lands."""
    links = [
        path.relative_to(ROOT)
        for folder in ("templates", "data", "src", "docs", "examples")
        for path in (ROOT / folder).rglob("*")
        if path.is_symlink()
    ]
    assert links == []
