"""Briefing packs: several documents of a visit bound into one PDF behind a generated cover.

:func:`load_pack` reads and checks a pack file (:mod:`.model`); :func:`build_pack`
(:mod:`.build`) builds its documents, writes the cover (:mod:`.cover`, a template written by
the documents' own writers) and binds them (:mod:`.bind`: the pack's page numbers in
:mod:`.numbers`, the cover's contents made links in :mod:`.links`), every word from the labels
(:mod:`.words`).
"""

from __future__ import annotations

from pathlib import Path

from kzrs_reports.load import load_document
from kzrs_reports.pack.model import PackEntry, PackFile, pack_checks

__all__ = ["PackEntry", "PackFile", "load_pack"]


def load_pack(path: Path) -> PackFile:
    """Load and check the pack file at ``path``; paths in it are relative to its folder.

    Raises :class:`~kzrs_reports.core.errors.InputFileError` if the file cannot be opened and
    :class:`~kzrs_reports.core.errors.DataError` listing every problem (``file:line:col: field:
    message``), including documents that do not exist; a visit file is one problem saying so.
    """
    return load_document(path, PackFile, pack_checks(path), shape="pack")
