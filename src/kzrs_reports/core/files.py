"""Files: written so that a reader never sees half of one, zipped reproducibly, digested.

Every output is written to a temporary file beside its target, ``.<name>.<random>.part``,
and renamed onto the target only once it is complete (``os.replace``, atomic on one file
system). So a build that fails, or is killed at any moment, leaves the earlier file or the
new one, never a mixture; two processes writing one target at once each write their own
temporary file, and the last rename wins with a complete file.

A process killed while writing cannot remove its temporary file. The writer holds an
exclusive ``flock`` on it for as long as it writes, and the lock dies with the process, so a
later write (:func:`remove_leftovers`) can tell a leftover from a file another process is still
writing: it removes a ``.part`` file only while holding its lock. A writer takes the lock on
the file it has just created and then checks that the file is still there under its name; if
a sweep took it in between, it simply makes another.

The rename protects against a crashed or killed process. To survive a power cut as well, the
temporary file is flushed to disk (``fsync``) before the rename, so the name never points at
data still in memory, and the folder after it, so the rename itself is on disk; a folder
made for an output is flushed into its parent the same way (:func:`make_folder`). After a
power cut a reader finds the earlier file or the complete new one, as after a kill.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kzrs_reports.core.errors import WriteError

if sys.platform != "win32":
    import fcntl

PART_SUFFIX = ".part"
"""How every temporary file ends."""

_PART = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.part$")
"""A temporary file's name: ``.<target name>.<random>.part``."""


@contextmanager
def atomic_path(target: Path, *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it onto ``target``.

    If the body raises, the temporary file is removed and ``target`` is left as it was, so an
    earlier good file is never half-overwritten. On success the file is on disk before it
    takes the name, and the name is on disk when this returns. An :class:`OSError` from
    creating, writing, flushing or renaming the temporary file (a read-only folder, a full
    disk) becomes a :class:`WriteError` naming ``target``; other errors pass unchanged.
    Leftovers of earlier writes of ``target`` by processes that were killed are removed first.
    Without ``replace``, a ``target`` that exists when the file is put in place (made
    meanwhile by another process, say) is kept, and the write fails with ``already exists``.
    """
    folder = target.parent
    try:
        make_folder(folder)
        remove_leftovers(folder, target.name)
        fd, name = _locked_temporary(target)
    except FileExistsError:  # what mkdir says of a file where a folder should be
        raise WriteError(target, f"{folder} is a file, not a folder") from None
    except OSError as exc:
        raise WriteError.from_os_error(target, exc) from None
    temp = Path(name)
    try:
        try:
            yield temp
        except OSError as exc:
            where = os.fspath(exc.filename) if exc.filename is not None else None
            if where not in (None, name, str(target)):
                raise  # something else could not be read: not this file's fault
            raise WriteError.from_os_error(target, exc) from None
        try:
            os.chmod(temp, 0o644)
            sync_file(temp)
            if replace:
                os.replace(temp, target)
            else:
                _place_new(temp, target)
            sync_folder(folder)
        except FileExistsError:
            raise WriteError(target, "already exists") from None
        except OSError as exc:
            raise WriteError.from_os_error(target, exc) from None
    finally:
        with suppress(OSError):
            temp.unlink()
        os.close(fd)


def make_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parents, each flushed into its own parent, so that a
    file written into it survives a power cut with its path. Raises :class:`OSError`."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
        sync_folder(new.parent)


def sync_file(path: Path) -> None:
    """Flush the data of the file at ``path`` to disk. Raises :class:`OSError`."""
    fd = os.open(path, os.O_RDWR if sys.platform == "win32" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (a file created or renamed in it) to disk.

    Where a folder cannot be opened or flushed (Windows; file systems that refuse ``fsync``
    on a folder) there is nothing more to do; any other failure raises :class:`OSError`.
    """
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _place_new(temp: Path, target: Path) -> None:
    """Give ``temp``'s file the name ``target`` only if no file has it: a hard link fails on an
    existing name, where a rename would replace it. Raises :class:`FileExistsError`."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: look, then rename
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.replace(temp, target)


def remove_leftovers(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files in ``folder`` (of target ``name`` only, if given) that no
    live process is writing; return them.

    A file another process is still writing is kept: its writer holds its lock. Files the
    folder cannot tell about (unreadable, vanished meanwhile) are left alone.
    """
    pattern = f".{glob.escape(name)}.*{PART_SUFFIX}" if name else f".*{PART_SUFFIX}"
    try:
        candidates = [p for p in folder.glob(pattern) if _PART.match(p.name)]
    except OSError:
        return []
    return [path for path in candidates if _remove_if_abandoned(path)]


def _remove_if_abandoned(path: Path) -> bool:
    """Remove ``path`` if no process holds its lock; True if it was removed."""
    if sys.platform == "win32":
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Unlinked while locked: a writer that created it and is waiting for the lock will
        # find its name gone and make another file.
        path.unlink()
        return True
    except OSError:  # locked by a live writer, or no locks here: keep it
        return False
    finally:
        os.close(fd)


def _locked_temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``, open and locked: its descriptor and name."""
    while True:
        prefix = f".{target.name}."
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=PART_SUFFIX, dir=target.parent)
        if sys.platform == "win32":
            return fd, name
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits while a sweep holds it
        except OSError:  # a file system without locks: leftovers are simply kept
            return fd, name
        try:
            here = os.stat(name)
        except FileNotFoundError:
            here = None
        mine = os.fstat(fd)
        if here is not None and (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
            return fd, name
        os.close(fd)  # swept between creation and lock


def file_digest(path: Path) -> str:
    """SHA-256 of ``path``'s bytes, in hex. Raises :class:`OSError` if it cannot be read."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def folder_files(folder: Path) -> list[Path]:
    """The regular files under ``folder``, sorted; hidden names and caches left out."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += (Path(root) / n for n in names if not n.startswith("."))
    return sorted(found)
