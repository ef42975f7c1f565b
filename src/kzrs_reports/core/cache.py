"""A private folder for what one process works out and the next can reuse.

The folder is ``kzrs-reports`` in the user's cache folder (``$XDG_CACHE_HOME``, else
``~/.cache``), as other tools keep theirs; ``KZRS_CACHE_DIR`` names another one, and an
empty ``KZRS_CACHE_DIR`` turns keeping off. Only what can be checked on reading is kept: an
entry is named by a digest of what it was made from, and holds a digest of its own bytes, so
a damaged or foreign file is made again rather than used. A folder that is not the user's
own and private to them is not used, and a folder or file that cannot be written is let be:
the process then works out what it needs, as if nothing had been kept. The folder holds at
most :data:`MOST_KEPT` entries: keeping one more removes those used least recently.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

_MAGIC = b"kzrs-kept-1\n"
_DIGEST = 32
MOST_KEPT = 200
"""Entries the folder keeps (a house's fonts and its styled templates are a dozen or so)."""


@cache
def cache_folder() -> Path | None:
    """The private cache folder, made if need be; None where none can be used."""
    named = os.environ.get("KZRS_CACHE_DIR")
    if named == "":
        return None
    if named is None:
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        named = os.path.join(home, "kzrs-reports")
    folder = Path(named)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.stat()
    except OSError:
        return None
    if found.st_uid != os.getuid() or found.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return None  # someone else's, or open to others: what is read there is not ours
    return folder


def read_kept(name: str) -> bytes | None:
    """The bytes kept under ``name``, or None: nothing kept, no folder, or a file that is not
    whole (its digest does not match)."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        raw = (folder / name).read_bytes()
    except OSError:
        return None
    if not raw.startswith(_MAGIC):
        return None
    start = len(_MAGIC) + _DIGEST
    digest, data = raw[len(_MAGIC) : start], raw[start:]
    if hashlib.sha256(data).digest() != digest:
        return None
    with suppress(OSError):
        os.utime(folder / name)  # used now: the last to be removed
    return data


def keep(name: str, data: bytes) -> None:
    """Keep ``data`` under ``name`` for later processes, written whole or not at all; a
    folder that cannot be written is let be."""
    folder = cache_folder()
    if folder is None:
        return
    with suppress(OSError):
        fd, temporary = tempfile.mkstemp(prefix=".part-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(temporary, folder / name)
        except OSError:
            with suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder)


def _prune(folder: Path) -> None:
    """Remove the entries used least recently beyond :data:`MOST_KEPT`."""
    entries = []
    for entry in os.scandir(folder):
        with suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(entries, reverse=True)[MOST_KEPT:]:
        with suppress(OSError):
            os.unlink(path)
