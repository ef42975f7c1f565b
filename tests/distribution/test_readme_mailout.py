"""The README's way to try a mail-out on this machine works as written: the install it names
brings the test server it runs, and its commands, run in order, mail the sample pack to it."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from smtpserver import free_port

from clirun import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"^```\w*\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)


def _steps() -> list[list[str]]:
    """The test-server block's commands, each split into words, comments left out."""
    (block,) = [b for b in _blocks() if "-m aiosmtpd" in b]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def it_installs_the_test_server_it_runs() -> None:
    install, serve, _ = _steps()
    assert install[:2] == ["pip", "install"]
    named = re.fullmatch(r"\.\[([\w,]+)\]", install[2])
    assert named, f"{install[2]!r}: install the project with the extra the server needs"
    extras = set(named[1].split(","))
    assert serve[:2] == ["python", "-m"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = pyproject["project"]["dependencies"] + [
        req for extra in extras for req in pyproject["project"]["optional-dependencies"][extra]
    ]
    names = {re.split(r"[<>=!~;\[ ]", req)[0].lower() for req in wanted}
    (module,) = {serve[2].split(".")[0]}
    assert {d.lower() for d in packages_distributions()[module]} <= names


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def it_mails_the_sample_pack_to_the_test_server(tmp_path: Path) -> None:
    _, serve, send = _steps()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (recipients,) = [b for b in _blocks() if b.startswith("name,email,")]
    (tmp_path / "recipients.csv").write_text(recipients, encoding="utf-8")
    port = str(free_port())
    log = tmp_path / "server.log"
    with log.open("w") as printed:
        server = subprocess.Popen(
            [sys.executable, *(w.replace("8025", port) for w in serve[1:])],
            stdout=printed,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not _listening(int(port)) and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert send[0] == "kzrs-reports"
        run = subprocess.run(
            [sys.executable, "-m", "kzrs_reports", *(w.replace("8025", port) for w in send[1:])],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "sent 2, skipped 0, withheld by clearance 0, failed 0"
    assert log.read_text().count("---------- MESSAGE FOLLOWS ----------") == 2
