"""Digests of what a build reads: data and template files by content, the toolchain by version.

Inputs a user edits (data files, templates, styles, fonts beside a theme) are hashed by
content, so saving a file unchanged or checking it out again does not force a rebuild. The
toolchain — this package's own files (code, bundled fonts and templates) and the libraries
that shape the output — is fingerprinted by name, size, modification time and version, which
changes whenever an install or an edit does, without reading megabytes of fonts on every run.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from kzrs_reports.core.files import folder_files
from kzrs_reports.core.version import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The installed ``kzrs_reports`` package folder."""

OUTPUT_LIBRARIES = (
    "reportlab",
    "_rl_accel",
    "docx",
    "matplotlib",
    "svglib",
    "jinja2",
    "markdown_it",
    "mdit_py_plugins",
    "babel",
    "pydantic",
    "ruamel.yaml",
)
"""Import names of the libraries whose version can change the bytes of an output."""


@cache
def toolchain_digest() -> str:
    """One digest for the package and the libraries it writes with, computed once a process.

    It changes when the package version, any of its files, the Python version or an output
    library's installed version changes.
    """
    digest = hashlib.sha256()
    digest.update(f"kzrs-reports {__version__}\npython {sys.version}\n".encode())
    for path in folder_files(PACKAGE_DIR):
        if path.suffix in {".pyc", ".pyo"}:
            continue
        stat = path.stat()
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        digest.update(f"{relative} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    for name in OUTPUT_LIBRARIES:
        digest.update(f"{name} {_installed_version(name)}\n".encode())
    return digest.hexdigest()


def library_versions(modules: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each of ``modules`` (import names), without importing them:
    for what writes with a library :data:`OUTPUT_LIBRARIES` leaves out (a pack's pypdf)."""
    return {name: _installed_version(name) for name in modules}


def _installed_version(module: str) -> str:
    """The version of the distribution holding ``module``, without importing it.

    Reads the ``*.dist-info`` folder names beside the module (importlib.metadata costs tens of
    milliseconds to import); falls back to the module's location and modification time.
    """
    spec = find_spec(module)
    if spec is None or spec.origin is None:
        return "absent"
    origin = Path(spec.origin)
    site = origin.parents[module.count(".") + (1 if origin.name == "__init__.py" else 0)]
    stem = module.replace(".", "_").lower()
    versions = sorted(
        entry.name
        for entry in _listing(site)
        if entry.name.endswith(".dist-info") and _same_project(_dist_stem(entry.name), stem)
    )
    if versions:
        return ",".join(versions)
    return f"{origin} {origin.stat().st_mtime_ns}"


def _same_project(dist: str, module: str) -> bool:
    """``python_docx`` holds ``docx``; ``markdown_it_py`` holds ``markdown_it``."""
    return dist in {module, f"python_{module}"} or dist.startswith(f"{module}_")


def _dist_stem(dist_info: str) -> str:
    name = dist_info.removesuffix(".dist-info").rsplit("-", 1)[0]
    return name.lower().replace("-", "_").replace(".", "_")


@cache
def _listing(folder: Path) -> tuple[os.DirEntry[str], ...]:
    try:
        with os.scandir(folder) as entries:
            return tuple(entries)
    except OSError:
        return ()
