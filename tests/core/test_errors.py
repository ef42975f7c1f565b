"""Every error the project raises is defined in core/errors.py, documented there with the exit
status it means, and the command line exits with that status."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import kzrs_reports
from kzrs_reports.core import errors

PACKAGE = Path(kzrs_reports.__file__).parent


def project_error_classes() -> list[type[errors.KzrsError]]:
    return [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and issubclass(value, errors.KzrsError)
    ]


def it_defines_every_error_class_in_one_module() -> None:
    names = {cls.__name__ for cls in project_error_classes()}
    elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        if path == Path(errors.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if bases & names or (node.name.endswith("Error") and "Exception" in bases):
                    elsewhere.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert elsewhere == []


@pytest.mark.parametrize("cls", project_error_classes(), ids=lambda c: c.__name__)
def it_documents_each_error_with_its_exit_status(cls: type[errors.KzrsError]) -> None:
    doc = errors.__doc__ or ""
    match = re.search(rf"{cls.__name__}\s+(\d)\s", doc)
    assert match, f"{cls.__name__} is not in the tree"
    assert int(match[1]) == cls.exit_status
    assert cls.exit_status in (errors.FAILED, errors.USAGE)


def it_keeps_a_write_errors_message_across_processes() -> None:
    import pickle

    error = errors.WriteError(Path("out/x.pdf"), "No space left on device")
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert str(again) == "out/x.pdf: cannot write: No space left on device"
