"""Briefing packs: several documents of a visit bound into one PDF behind a generated cover.

:func:`load_pack` reads and checks a pack file (:mod:`.model`); :func:`build_pack`
(:mod:`.build`) builds its documents (:mod:`.documents`, in parallel), writes the cover
(:mod:`.cover`, a template written by the documents' own writers) and binds them
(:mod:`.bind`: the pack's page numbers in :mod:`.numbers`, the cover's contents made links in
:mod:`.links`), every word from the labels (:mod:`.words`), and records what it read and
wrote (:mod:`.record`), so that an unchanged pack is left as it is.

Importing the package loads nothing heavy: the model and the binding load on first use, so
the command line can find a pack up to date (:mod:`.record`) without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzrs_reports.pack.model import PackEntry, PackFile

__all__ = ["PackEntry", "PackFile", "load_pack"]


def load_pack(path: Path) -> PackFile:
    """Load and check the pack file at ``path``; paths in it are relative to its folder.

    Raises :class:`~kzrs_reports.core.errors.InputFileError` if the file cannot be opened and
    :class:`~kzrs_reports.core.errors.DataError` listing every problem (``file:line:col: field:
    message``), including documents that do not exist; a visit file is one problem saying so.
    """
    from kzrs_reports.load import load_document
    from kzrs_reports.pack.model import PackFile, pack_checks

    return load_document(path, PackFile, pack_checks(path), shape="pack")


def __getattr__(name: str) -> Any:
    """The model's classes, loaded on first use (PEP 562)."""
    if name in ("PackEntry", "PackFile"):
        from kzrs_reports.pack import model

        value = getattr(model, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
