"""The package's stages import only themselves, ``core`` and the stages before them.

Every import of the project's own modules counts: at the top of a module, inside a function
(where a heavy import waits until it is needed) and under ``TYPE_CHECKING``, since each is a
dependency all the same. A module importing a later stage, or two modules importing each
other however indirectly, fails here, naming the file and line.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import kzrs_reports

PACKAGE = Path(kzrs_reports.__file__).parent

STAGES = (
    "core",
    "model",
    "load",
    "templates",
    "changes",
    "document",
    "charts",
    "writers",
    "build",
    "incremental",
    "batch",
    "watch",
    "distribution",
    "pack",
    "api",
    "cli",
    "__main__",
    "__init__",
)
"""Every stage, earliest first: a package or module directly under ``kzrs_reports``, with
the package's own ``__init__`` (the public API's facade) last."""


def module_name(path: Path, package: Path) -> str:
    """``kzrs_reports.writers.pdf.blocks`` for the file ``writers/pdf/blocks.py``."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package at ``package`` by its dotted name."""
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def stage_of(module: str) -> str:
    """The stage a module belongs to: the first name under ``kzrs_reports``."""
    parts = module.split(".")
    if len(parts) == 1:  # the package itself: its __init__
        return "__init__"
    return parts[1]


def project_imports(path: Path, known: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """Each import of the project's modules in ``path``: its line and the module imported
    (the deepest module the statement names, ``from a.b import c`` naming ``a.b.c`` when
    ``c`` is a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "kzrs_reports":
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, full if full in known else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "kzrs_reports":
                    yield node.lineno, alias.name


def test_every_stage_is_listed_in_order_in_the_package_docstring() -> None:
    found = {stage_of(name) for name in modules()}
    assert found == set(STAGES)
    doc = kzrs_reports.__doc__ or ""
    listed = re.findall(r"^    ([a-z_]+)/?\s", doc, flags=re.MULTILINE)
    assert listed == [s for s in STAGES if not s.startswith("__")]


def backward_imports(package: Path = PACKAGE) -> list[str]:
    known = modules(package)
    rank = {stage: index for index, stage in enumerate(STAGES)}
    found = []
    for name, path in known.items():
        stage = stage_of(name)
        for line, imported in project_imports(path, known):
            target = stage_of(imported)
            if rank[target] > rank[stage]:
                where = path.relative_to(package.parent)
                found.append(f"{where}:{line}: {stage} imports {imported} (a later stage)")
    return found


def test_no_stage_imports_a_later_one() -> None:
    assert backward_imports() == []


def import_cycles() -> list[list[str]]:
    """Each set of modules that import one another, however indirectly (Tarjan's algorithm)."""
    known = modules()
    edges = {
        name: {imported for _, imported in project_imports(path, known) if imported != name}
        for name, path in known.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for name in sorted(known):
        if name not in index:
            visit(name)
    return cycles


def test_no_modules_import_each_other() -> None:
    assert import_cycles() == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("from kzrs_reports.writers.pdf import WRITER\n", "model imports kzrs_reports.writers.pdf"),
        (
            "def late():\n    from kzrs_reports.cli import main\n",
            "model imports kzrs_reports.cli",
        ),
    ],
    ids=["at the top", "inside a function"],
)
def test_a_backward_import_would_be_found(source: str, message: str, tmp_path: Path) -> None:
    copy = tmp_path / "kzrs_reports"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "fonts"))
    (copy / "model" / "planted.py").write_text(source, encoding="utf-8")
    assert backward_imports(copy) == [
        f"kzrs_reports/model/planted.py:{source.count(chr(10))}: {message} (a later stage)"
    ]
