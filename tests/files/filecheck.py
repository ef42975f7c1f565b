"""Reading an output folder as a reader's tools would, and starting the command line in it.

Each output is opened by the tool a reader (or a later build) uses on it: ``qpdf --check`` for
a PDF, python-docx and ``zipfile.testzip`` for a Word file or zip, an XML parser for an SVG,
Pillow decoding every pixel of a PNG, ``json`` for sidecars and build records, the ``email``
parser for a dry run's messages.
"""

from __future__ import annotations

import contextlib
import ctypes
import email
import email.message
import email.policy
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
from PIL import Image

from clirun import ROOT
from kzrs_reports.writers.pdf.drawings import read_drawing

SAMPLE_ID = "kz-rs-visit-2026"
SAMPLE = ROOT / "data" / f"{SAMPLE_ID}.yaml"

VARIANT_EDITS = [
    ('edition: "1.0"', 'edition: "1.1"'),
    ("priority: 5\n", "priority: 4\n"),
]


def data_variant(second: bool) -> str:
    """The sample's text, or (``second``) a version whose documents and one chart differ."""
    text = SAMPLE.read_text(encoding="utf-8")
    if second:
        for old, new in VARIANT_EDITS:
            assert old in text, old
            text = text.replace(old, new, 1)
    return text


def command(*args: str | Path) -> list[str]:
    """The command line of ``kzrs-reports ARGS`` (``python -m``, so this checkout runs)."""
    return [sys.executable, "-m", "kzrs_reports", *map(str, args)]


SLOW_WRITES = Path(__file__).with_name("slow_writes.py")


def start(*args: str | Path, cwd: Path, slow: bool = False) -> subprocess.Popen[str]:
    """Start ``kzrs-reports ARGS`` in ``cwd`` in a process group of its own (so that it and
    the process writing its DOCX can be killed together); ``slow``: with its writes slowed
    down (:mod:`slow_writes`)."""
    argv = [sys.executable, str(SLOW_WRITES), *map(str, args)] if slow else command(*args)
    return subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL the process and every process it started, and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def files_in(*folders: Path) -> dict[Path, str]:
    """Every file under ``folders`` (hidden ones too), with its SHA-256."""
    found: dict[Path, str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def temporary_files(*folders: Path) -> list[Path]:
    """The writers' temporary files (``.<name>.<random>.part``) under ``folders``."""
    return [p for p in files_in(*folders) if p.name.endswith(".part")]


_opened_cleanly: set[tuple[str, str]] = set()
"""(suffix, SHA-256) of the files already found complete, not to be opened again."""


def problem(path: Path) -> str | None:
    """Why ``path`` is not a complete output of its type, or None if it opens cleanly."""
    seen = (path.suffix, hashlib.sha256(path.read_bytes()).hexdigest())
    if seen in _opened_cleanly:
        return None
    why = _problem(path)
    if why is None:
        _opened_cleanly.add(seen)
    return why


def _problem(path: Path) -> str | None:
    try:
        if path.suffix == ".pdf":
            check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
            return None if check.returncode == 0 else f"qpdf --check: {check.stdout[-300:]}"
        if path.suffix in (".docx", ".zip"):
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
            if bad is not None:
                return f"zip entry {bad} is corrupt"
            if path.suffix == ".docx":
                docx.Document(str(path))
            return None
        if path.suffix == ".svg":
            root = ElementTree.parse(path).getroot()
            return None if root.tag.endswith("svg") else f"root element {root.tag}"
        if path.suffix == ".png":
            with Image.open(path) as image:
                image.load()
            return None
        if path.suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, email.message.EmailMessage)
            for part in message.iter_attachments():
                assert part.get_content(), f"empty attachment {part.get_filename()}"
            return None if message["To"] else "no To header"
        if path.suffix == ".drawing":  # a chart's kept drawing: whole, and readable as one
            key = path.read_bytes().split(b"\n")[1].decode()
            return None if read_drawing(path, key) is not None else "not a whole kept drawing"
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
            return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return f"unexpected file {path.name}"


def problems(paths: list[Path]) -> dict[str, str]:
    """``problem`` of each of ``paths`` that has one, by name."""
    found = {str(p): problem(p) for p in paths}
    return {name: why for name, why in found.items() if why is not None}


def as_ordinary_user() -> None:
    """In a child about to run the command line: make permission bits bind it.

    The tests run as root in CI, and root ignores a folder's missing write bit. Dropping
    root's capabilities to override permissions (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``,
    ``CAP_FOWNER``) from the bounding set before ``exec`` makes the command run as root
    without them: the owner's bits of a ``chmod 555`` folder then refuse writes, as they would
    for any user, while the interpreter (in root's home here) stays readable. An unprivileged
    user (``nobody``) could not run the venv's interpreter, which lives under ``/root``.
    Not root: nothing to drop, the bits already bind.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def unshare_prefix() -> list[str] | None:
    """The command that runs a shell script in a mount namespace of its own, where it may
    mount a small tmpfs or a read-only bind without touching the machine's mounts; None
    where this machine allows neither (no root, no unprivileged user namespaces)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for prefix in ([unshare, "--mount"], [unshare, "--user", "--map-root-user", "--mount"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True)
        if probe.returncode == 0:
            return prefix
    return None
