"""Compiled templates kept between processes: Jinja's bytecode cache, keyed for this tool.

Compiling the brief's template costs a new ``build`` process tens of milliseconds, and the
template rarely changes between two builds. Jinja keeps a compiled template in its own
per-user folder in the system's temporary folder (made private to the user, and refused if
anyone else owns it), under a key of the template's name and file, and reuses it only while
the template's source is unchanged (Jinja stores and compares its checksum) and for the same
Jinja bytecode and Python versions.

How a template compiles also depends on the environment it is compiled in (its sandbox,
extensions, white-space settings), so the key here also holds this tool's version, Jinja's
and a digest of the environment's code: a new release or setting compiles afresh. A kept
template that cannot be read, or is damaged, is compiled again; a folder that cannot be
written costs the next process a compile, never this one its document.
"""

from __future__ import annotations

import hashlib
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from kzrs_reports.core.version import __version__

PATTERN = "kzrs-reports-%s.cache"
"""How a kept template's file is named in the cache folder."""


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file system bytecode cache, keyed by this tool's environment as well."""

    def __init__(self, directory: str | None = None) -> None:
        super().__init__(directory, PATTERN)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key of template ``name`` in ``filename``, salted with the environment's."""
        return super().get_cache_key(f"{environment_digest()}\0{name}", filename)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep ``bucket``'s code; a folder that cannot be written is let be."""
        with suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> TemplateCache | None:
    """The cache of compiled templates, or None where no private folder can be had for it."""
    try:
        return TemplateCache()
    except (OSError, RuntimeError):  # Jinja's words for a temporary folder it cannot trust
        return None


@cache
def environment_digest() -> str:
    """SHA-256 of what decides how a template compiles here: versions and environment code."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\n{jinja2.__version__}\n{sys.version}\n".encode())
    digest.update(Path(__file__).with_name("environment.py").read_bytes())
    return digest.hexdigest()
