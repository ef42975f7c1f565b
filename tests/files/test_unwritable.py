"""An output folder that cannot be written: one clear line naming the file, exit 1, no
traceback, and every earlier output kept as it was.

Three honest ways to make writing fail, as the machine allows:

* a folder without write permission (``chmod``): as root, the command runs with root's
  power to override permissions dropped (:func:`filecheck.as_ordinary_user`), so the bits
  bind it exactly as they bind any user;
* a read-only mount and a full disk: in a mount namespace of the command's own
  (``unshare --mount``, root or an unprivileged user namespace), a read-only bind of the
  output folder, or a small tmpfs holding the outputs filled up to its last byte. The
  machine's own mounts are untouched, and everything vanishes with the namespace;
* where no mount namespace is allowed, the full disk is imitated with ``RLIMIT_FSIZE`` (a
  write past the limit fails with ``EFBIG``, SIGXFSZ ignored), the same failure of
  ``write(2)`` midway through a file.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from filecheck import (
    SAMPLE,
    SAMPLE_ID,
    as_ordinary_user,
    command,
    files_in,
    problems,
    temporary_files,
    unshare_prefix,
)

BUILD = ("build", f"data/{SAMPLE.name}", "--force", "--out", "out", "--charts-dir", "charts")
PACK = ("pack", "pack.yaml", "--out", "out", "--charts-dir", "charts")
SEND = (
    "send",
    f"OFFICIAL:out/{SAMPLE_ID}.pdf",
    "--to",
    "recipients.csv",
    "--from",
    "briefs@mfa.example.kz",
    "--outbox",
    "out/outbox",
    "--journal",
    "out/sent.sqlite",
)
REASONS = "Permission denied|Read-only file system|No space left on device|File too large"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose outputs were all built: the brief, a one-document pack, a dry run."""
    root = tmp_path_factory.mktemp("good")
    (root / "data").mkdir()
    shutil.copy(SAMPLE, root / "data" / SAMPLE.name)
    (root / "pack.yaml").write_text(
        "id: one-pack\ntitle: One\nclassification: OFFICIAL\ndate: 2026-03-02\n"
        f"documents:\n  - visit: data/{SAMPLE.name}\n    kind: brief\n",
        encoding="utf-8",
    )
    (root / "recipients.csv").write_text(
        "name,email,organisation,clearance,language\nBo Li,bo@example.org,Embassy,OFFICIAL,en\n",
        encoding="utf-8",
    )
    for args in (PACK, SEND):
        run = subprocess.run(command(*args), cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    return root


@pytest.fixture
def work(good: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the good project, made writable again afterwards for clean-up."""
    root = tmp_path / "work"
    shutil.copytree(good, root)
    yield root
    for folder, _, _ in os.walk(root):
        os.chmod(folder, 0o755)


def outputs(work: Path) -> dict[Path, str]:
    """The outputs a user sees (build records and the journal's WAL aside), with digests."""
    found = files_in(work / "out", work / "charts")
    return {path: digest for path, digest in found.items() if ".kzrs" not in path.parts}


def read_only(folder: Path) -> None:
    """Take the write permission off ``folder`` and everything in it."""
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)


def assert_refused(
    run: subprocess.CompletedProcess[str], work: Path, kept: dict[Path, str], reasons: str = REASONS
) -> None:
    """Exit 1, one line ``<file>: cannot write: <reason>`` naming a file of the outputs, no
    traceback, every earlier output unchanged and complete, no temporary file left."""
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    said = [line for line in run.stderr.splitlines() if "cannot write" in line]
    assert len(said) == 1, run.stderr
    assert re.search(rf"\b(out|charts)/\S*: cannot write: ({reasons})$", said[0]), said[0]
    assert outputs(work) == kept
    assert not problems(list(kept))
    assert not temporary_files(work / "out", work / "charts")


@pytest.mark.parametrize("args", [BUILD, PACK, SEND], ids=["build", "pack", "send"])
def it_keeps_the_outputs_when_out_is_not_writable(work: Path, args: tuple[str, ...]) -> None:
    kept = outputs(work)
    read_only(work / "out")
    run = subprocess.run(
        command(*args), cwd=work, capture_output=True, text=True, preexec_fn=as_ordinary_user
    )
    assert_refused(run, work, kept)


def it_names_the_journal_when_it_cannot_be_written(work: Path) -> None:
    kept = outputs(work)
    read_only(work / "out")
    args = (*SEND, "--send", "--smtp", "127.0.0.1:9")  # the journal opens before the server
    run = subprocess.run(
        command(*args), cwd=work, capture_output=True, text=True, preexec_fn=as_ordinary_user
    )
    assert_refused(run, work, kept, "unable to open database file")
    assert "out/sent.sqlite: cannot write" in run.stderr


SCRIPT = r"""
set -eu
mount --make-rprivate /
if [ "$CASE" = full ]; then
  cp -a "$WORK/out" "$WORK/charts" "$STASH/"
  mount -t tmpfs -o size=8m kzrs-full "$WORK/out"
  mkdir "$WORK/out/out" "$WORK/out/charts"
  cp -a "$STASH/out/." "$WORK/out/out/"
  cp -a "$STASH/charts/." "$WORK/out/charts/"
  head -c 16000000 /dev/zero > "$WORK/out/filler" 2>/dev/null || true
  cd "$WORK"
  set +e
  "$@" --out out/out --charts-dir out/charts 2> "$STASH/stderr"
  echo $? > "$STASH/status"
  rm -rf "$STASH/out" "$STASH/charts"
  cp -a "$WORK/out/out" "$WORK/out/charts" "$STASH/"
else
  mount --bind "$WORK/out" "$WORK/out"
  mount -o remount,bind,ro "$WORK/out"
  cd "$WORK"
  set +e
  "$@" --out out --charts-dir charts 2> "$STASH/stderr"
  echo $? > "$STASH/status"
fi
"""


def in_own_mounts(work: Path, case: str, prefix: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``build`` in a mount namespace where ``out/`` is a read-only bind (``ro``) or a
    full 8 MB tmpfs (room for the outputs, whose Word copy carries its fonts) holding copies of
    ``out/`` and ``charts/`` (``full``); afterwards ``work/out`` and ``work/charts`` are what
    the command left in them."""
    stash = work.parent / "stash"
    stash.mkdir()
    args = command(*BUILD[:3])
    env = {**os.environ, "CASE": case, "WORK": str(work), "STASH": str(stash)}
    subprocess.run([*prefix, "sh", "-c", SCRIPT, "sh", *args], env=env, check=True)
    if case == "full":
        for name in ("out", "charts"):
            shutil.rmtree(work / name)
            shutil.copytree(stash / name, work / name)
    status = int((stash / "status").read_text())
    stderr = (stash / "stderr").read_text()
    return subprocess.CompletedProcess(args, status, "", stderr)


def it_keeps_the_outputs_on_a_read_only_mount(work: Path) -> None:
    prefix = unshare_prefix()
    assert prefix is not None or os.geteuid() != 0, "root but no mount namespace"
    if prefix is None:  # not root and no user namespaces: the permission test stands in
        read_only(work / "out")
        run = subprocess.run(command(*BUILD), cwd=work, capture_output=True, text=True)
    else:
        kept = outputs(work)
        run = in_own_mounts(work, "ro", prefix)
        assert "Read-only file system" in run.stderr
    assert_refused(run, work, outputs(work) if prefix is None else kept)


def _file_size_limit() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # inherited across exec: EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def it_keeps_the_outputs_when_the_disk_is_full(work: Path) -> None:
    kept = outputs(work)
    prefix = unshare_prefix()
    assert prefix is not None or os.geteuid() != 0, "root but no mount namespace"
    if prefix is None:
        run = subprocess.run(
            command(*BUILD), cwd=work, capture_output=True, text=True, preexec_fn=_file_size_limit
        )
    else:
        run = in_own_mounts(work, "full", prefix)
        assert "No space left on device" in run.stderr
    assert_refused(run, work, kept)


def it_keeps_watching_when_out_is_not_writable(work: Path) -> None:
    read_only(work / "out")
    watch = subprocess.Popen(
        command("watch", f"data/{SAMPLE.name}", "--out", "out", "--charts-dir", "charts"),
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=as_ordinary_user,
    )
    lines: list[str] = []
    seen = threading.Event()
    wanted = [re.compile(r"cannot write: Permission denied.*still watching")]

    def follow() -> None:
        assert watch.stdout is not None
        for line in watch.stdout:
            lines.append(line)
            if wanted and wanted[0].search(line):
                seen.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    try:
        assert seen.wait(120), "".join(lines)
        seen.clear()
        for folder, _, _ in os.walk(work / "out"):
            os.chmod(folder, 0o755)
        wanted[0] = re.compile(rf"→ out/{SAMPLE_ID}\.pdf")
        data = work / "data" / SAMPLE.name
        data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert seen.wait(120), "".join(lines)
    finally:
        watch.terminate()
        watch.wait(30)
        reader.join(10)
    assert "Traceback" not in "".join(lines)
    assert not problems([work / "out" / f"{SAMPLE_ID}.pdf", work / "out" / f"{SAMPLE_ID}.docx"])
