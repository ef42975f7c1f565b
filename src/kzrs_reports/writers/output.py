"""Writing files so that a reader never sees half of one.

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

Files are not ``fsync``-ed: the rename protects against a crashed or killed process, which
is what a build must survive; a power cut may still lose the newest files.
"""

from __future__ import annotations

import glob
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from kzrs_reports.errors import KzrsError

if sys.platform != "win32":
    import fcntl

PART_SUFFIX = ".part"
"""How every temporary file ends."""

_PART = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.part$")
"""A temporary file's name: ``.<target name>.<random>.part``."""


@dataclass(frozen=True, slots=True)
class Written:
    """What a writer wrote: the file and, where the format knows it, its page count."""

    path: Path
    pages: int | None = None
    heading_pages: Mapping[str, int] = field(default_factory=dict)
    """The page each heading starts on, by anchor, where the format has fixed pages."""


class WriteError(KzrsError):
    """A file could not be written (a read-only folder, a full disk); ``path`` names it.

    The message reads ``<file>: cannot write: <reason>``, ``<file>`` being the file the
    user asked for, never a temporary name.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: cannot write: {reason}")

    def __reduce__(self) -> tuple[type[WriteError], tuple[Path, str]]:
        # Raised in the process that writes the DOCX, re-raised in the one that waits for it.
        return (type(self), (self.path, self.reason))

    @classmethod
    def from_os_error(cls, path: Path, exc: OSError) -> WriteError:
        """The error for ``path`` that ``exc`` describes (its text, without a file name)."""
        return cls(path, describe(exc))


def describe(exc: OSError) -> str:
    """The reason an OS error gives, without the file name it may carry: ``No space left
    on device``, ``Permission denied``, ``Read-only file system``."""
    if exc.strerror:
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it onto ``target``.

    If the body raises, the temporary file is removed and ``target`` is left as it was, so an
    earlier good file is never half-overwritten. An :class:`OSError` from creating, writing
    or renaming the temporary file (a read-only folder, a full disk) becomes a
    :class:`WriteError` naming ``target``; other errors pass unchanged. Leftovers of earlier
    writes of ``target`` by processes that were killed are removed first.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_leftovers(folder, target.name)
        fd, name = _locked_temporary(target)
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
            os.replace(temp, target)
        except OSError as exc:
            raise WriteError.from_os_error(target, exc) from None
    finally:
        with suppress(OSError):
            temp.unlink()
        os.close(fd)


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
