"""A copy of a shipped template set, as files of the user's own to change.

Every file of the set is copied, whatever its name (templates, labels, the house style, and
anything a later version adds), as a regular file: a symbolic link in the set is copied as
the file it points to, so the copy works wherever it is moved. A new folder appears whole or
not at all: the files are written into a hidden folder beside it, renamed into place once
every one is there.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from kzrs_reports.core.errors import UsageError, WriteError, describe
from kzrs_reports.core.files import atomic_path, folder_files


def copy_template_set(source: Path, folder: Path, *, replace: bool = False) -> list[Path]:
    """Copy the template set in ``source`` into ``folder`` and return the files written.

    ``folder`` must not exist, or be empty; with ``replace`` it may hold files already, and
    those of the set's names are replaced (each atomically), the others left alone. Raises
    :class:`UsageError` for a ``folder`` that is a file or holds files (without ``replace``),
    and :class:`WriteError` when a file cannot be written.
    """
    files = [path.relative_to(source) for path in folder_files(source)]
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        if not replace:
            raise UsageError(
                f"{folder}: the folder is not empty; give --force to write the set's files "
                "into it (replacing files of the same names)"
            )
        for name in files:
            with atomic_path(folder / name) as temp:
                temp.write_bytes((source / name).read_bytes())
        return [folder / name for name in files]
    _copy_whole(source, files, folder)
    return [folder / name for name in files]


def _copy_whole(source: Path, files: list[Path], folder: Path) -> None:
    """Write ``files`` of ``source`` into a new (or empty) ``folder``, all or nothing."""
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = _new_folder(parent, folder.name)
    except OSError as exc:
        raise WriteError.from_os_error(folder, exc) from None
    try:
        for name in files:
            (temp / name).parent.mkdir(parents=True, exist_ok=True)
            (temp / name).write_bytes((source / name).read_bytes())
            os.chmod(temp / name, 0o644)
        os.replace(temp, folder)  # onto an empty folder, or none
    except OSError as exc:
        raise WriteError(folder, describe(exc)) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _new_folder(parent: Path, name: str) -> Path:
    """A new hidden folder in ``parent`` for ``name``'s files (made as the user's umask
    says, unlike a temporary folder, which only its owner may read)."""
    while True:
        temp = parent / f".{name}.{secrets.token_hex(4)}.part"
        try:
            temp.mkdir()
        except FileExistsError:
            continue
        return temp
