"""A data file saved again while its build runs: the build record must not vouch for the
new text, since the outputs were made from the old one."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from filecheck import data_variant

from kzrs_reports.build import BuildOptions
from kzrs_reports.incremental import run_build


class SavesMidBuild(Executor):
    """Writes the DOCX in this process, as the helper process would, after saving ``text``
    to ``path``: the user's save lands after the data was read and the PDF written."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.path.write_text(self.text, encoding="utf-8")
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def it_builds_again_after_a_save_during_the_build(tmp_path: Path) -> None:
    data = tmp_path / "visit.yaml"
    data.write_text(data_variant(False), encoding="utf-8")
    options = BuildOptions(tmp_path / "out", tmp_path / "charts")
    saving = SavesMidBuild(data, data_variant(True))
    assert run_build(data, options, force=True, helpers={"docx": saving}).status == "built"
    assert run_build(data, options).status == "built"  # not "current": outputs are stale
    assert run_build(data, options).status == "current"
