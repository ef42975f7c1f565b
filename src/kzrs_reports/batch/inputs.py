"""The data files a command was given: folders expanded, their pack files set aside."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA_SUFFIXES = (".yaml", ".yml", ".json")
"""File name endings taken from a folder given to ``build``, ``watch`` or ``check``."""


@dataclass(frozen=True)
class Inputs:
    """The data files a command was given, folders expanded."""

    files: list[Path]
    """Files named, and the visit files (or files of no known shape) of folders named."""
    packs: list[Path] = field(default_factory=list)
    """Pack files found in folders: left out, since ``pack`` builds them."""


def expand_inputs(paths: Sequence[Path]) -> Inputs:
    """``paths`` with each folder replaced by its data files (sorted), duplicates dropped.

    A folder's pack files (:mod:`kzrs_reports.load.shape`) are set aside; a file named
    itself is kept whatever it is, so that loading it says what it is.
    """
    found: list[Path] = []
    packs: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Only a folder's files need their shape read: naming a file costs no YAML reader.
            from kzrs_reports.load.shape import sniff

            for inner in sorted(path.iterdir()):
                if inner.suffix in DATA_SUFFIXES and inner.is_file():
                    (packs if sniff(inner).shape == "pack" else found).append(inner)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return Inputs(unique, packs)
