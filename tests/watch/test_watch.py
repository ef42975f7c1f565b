"""``watch`` driven as a person would: saves, a mistake, its fix, a template edit, Ctrl-C."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import docx
import pytest

from clirun import ROOT, SAMPLE, pdf_text, words
from kzrs_reports.templates import DEFAULT_TEMPLATES

WAIT = 120.0
"""Seconds to wait for any one line before the test fails (a loaded machine is slow)."""

STEM = "kz-rs-visit-2026"
TIME = r"\d\d:\d\d:\d\d "


@dataclass
class Watcher:
    """A running ``kzrs-reports watch`` and the lines it has printed, from both streams."""

    process: subprocess.Popen[str]
    lines: queue.Queue[tuple[str, str]] = field(default_factory=queue.Queue)
    seen: list[tuple[str, str]] = field(default_factory=list)

    def follow(self, name: str, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def wait_for(self, pattern: str, stream: str = "out") -> str:
        """The next line on ``stream`` matching ``pattern``; fails after :data:`WAIT`."""
        deadline = time.monotonic() + WAIT
        while (left := deadline - time.monotonic()) > 0:
            try:
                name, line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append((name, line))
            if name == stream and re.search(pattern, line):
                return line
        raise AssertionError(f"no {stream} line matching {pattern!r}; saw {self.seen}")

    def quiet_for(self, seconds: float) -> list[tuple[str, str]]:
        """Every line printed in the next ``seconds``."""
        got = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got.append(self.lines.get(timeout=left))
            except queue.Empty:
                break
        self.seen += got
        return got


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(SAMPLE, tmp_path / "data" / "visit.yaml")
    shutil.copytree(DEFAULT_TEMPLATES, tmp_path / "house")
    return tmp_path


def start_watch(project: Path, *args: str) -> Watcher:
    """``kzrs-reports watch data/visit.yaml --templates house ARGS`` in ``project``."""
    command = ["watch", "data/visit.yaml", "--templates", "house", *args]
    process = subprocess.Popen(
        [sys.executable, "-m", "kzrs_reports", *command],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    running = Watcher(process)
    for name, stream in (("out", process.stdout), ("err", process.stderr)):
        assert stream is not None
        threading.Thread(target=running.follow, args=(name, stream), daemon=True).start()
    return running


@contextmanager
def watching(project: Path, *args: str) -> Iterator[Watcher]:
    """:func:`start_watch`, killed on the way out if it is still running."""
    running = start_watch(project, *args)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


@pytest.fixture
def watcher(project: Path) -> Iterator[Watcher]:
    with watching(project) as running:
        yield running


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def it_rebuilds_on_save_survives_a_mistake_and_stops_cleanly(
    project: Path, watcher: Watcher
) -> None:
    data, pdf, docx = project / "data" / "visit.yaml", project / "out" / f"{STEM}.pdf", None
    docx = project / "out" / f"{STEM}.docx"
    first = watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf \(\d+ pages\)")
    assert re.search(rf", out/{STEM}\.docx in \d+ ms$", first)
    watcher.wait_for(rf"^{TIME}watching \d+ files; press Ctrl-C to stop$")

    edit(data, "the 2026 visit to Astana", "first save")
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    assert "first save" in words(pdf_text(pdf))
    good = digest(pdf), digest(docx)

    edit(data, "priority: 5", "priority: 6")  # a mistake
    problem = watcher.wait_for(r"sectors\[0\]\.priority: must be from 1 to 5 \(got 6\)", "err")
    assert re.fullmatch(r"data/visit\.yaml:\d+:\d+: sectors\[0\]\.priority: .*", problem)
    watcher.wait_for(r"not built: 1 problem\(s\); the last good outputs are kept", "err")
    assert (digest(pdf), digest(docx)) == good

    edit(data, "priority: 6", "priority: 5")  # its fix
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    assert "first save" in words(pdf_text(pdf))

    watcher.process.send_signal(signal.SIGINT)
    assert watcher.process.wait(timeout=WAIT) == 0
    watcher.wait_for(rf"^{TIME}stopped watching$")
    assert not [line for name, line in watcher.seen if "Traceback" in line]


def it_rebuilds_once_for_saves_that_arrive_together(project: Path, watcher: Watcher) -> None:
    watcher.wait_for(r"watching \d+ files")
    template = project / "house" / "brief.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA closing line.\n")
    edit(project / "data" / "visit.yaml", "the 2026 visit to Astana", "saved together")
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    later = watcher.quiet_for(2.0)
    assert not [line for _, line in later if " → " in line or "up to date" in line], later
    text = words(pdf_text(project / "out" / f"{STEM}.pdf"))
    assert "A closing line." in text and "saved together" in text
    watcher.process.send_signal(signal.SIGINT)
    assert watcher.process.wait(timeout=WAIT) == 0


def it_reports_a_broken_template_and_recovers(project: Path, watcher: Watcher) -> None:
    watcher.wait_for(r"watching \d+ files")
    template = project / "house" / "brief.md.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "\n{% if %}\n", encoding="utf-8")
    line = watcher.wait_for(r"not built: .*brief\.md\.j2:\d+", "err")
    assert "the last good outputs are kept" in line
    template.write_text(good + "\nMended.\n", encoding="utf-8")
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    assert "Mended." in words(pdf_text(project / "out" / f"{STEM}.pdf"))
    watcher.process.send_signal(signal.SIGINT)
    assert watcher.process.wait(timeout=WAIT) == 0


def it_stops_cleanly_when_terminated(project: Path, watcher: Watcher) -> None:
    """A service manager ends a session with SIGTERM: that is a clean stop too."""
    watcher.wait_for(r"watching \d+ files")
    watcher.process.send_signal(signal.SIGTERM)
    assert watcher.process.wait(timeout=WAIT) == 0
    watcher.wait_for(rf"^{TIME}stopped watching$")
    assert not [line for _, line in watcher.seen if "Traceback" in line]


def it_rebuilds_every_kind_it_was_asked_for(project: Path) -> None:
    with watching(project, "--kind", "summary,brief") as watcher:
        summary = rf"^{TIME}data/visit\.yaml → out/{STEM}-summary\.pdf \(1 page\)"
        watcher.wait_for(summary)
        watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
        watcher.wait_for(r"watching \d+ files")
        edit(
            project / "data" / "visit.yaml",
            "The two presidents agreed to maintain",
            "Three decades on, the two presidents agreed to maintain",
        )
        watcher.wait_for(summary)
        watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
        assert "Three decades" in words(pdf_text(project / "out" / f"{STEM}-summary.pdf"))
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.process.wait(timeout=WAIT) == 0


def it_rebuilds_each_edition_it_was_asked_for(project: Path) -> None:
    with watching(project, "--lang", "sr-Latn") as watcher:
        latin = rf"^{TIME}data/visit\.yaml → out/{STEM}\.sr-Latn\.pdf \(7 pages\)"
        watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
        watcher.wait_for(latin)
        watcher.wait_for(r"watching \d+ files")
        # the Serbian title edited in Cyrillic: the Latin edition follows
        edit(project / "data" / "visit.yaml", "Казахстан–Србија:", "Казахстан и Србија:")
        watcher.wait_for(latin)
        assert "Kazahstan i Srbija:" in words(pdf_text(project / "out" / f"{STEM}.sr-Latn.pdf"))
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.process.wait(timeout=WAIT) == 0


def it_says_once_which_styles_the_word_reference_lacks(project: Path) -> None:
    made = project / "made.docx"
    command = [sys.executable, "-m", "kzrs_reports", "reference-docx", str(made)]
    subprocess.run(command, check=True, capture_output=True)
    word = docx.Document(str(made))  # the shipped styles without "Lead"
    lead = word.styles["Lead"].element
    lead.getparent().remove(lead)
    word.save(str(project / "house" / "reference.docx"))
    theme = project / "house" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + "word: {reference: reference.docx}\n")
    warning = r'warning: house/theme\.yaml: word\.reference: reference\.docx has no style "Lead"'
    with watching(project) as watcher:
        watcher.wait_for(rf"^{TIME}{warning}; the Word document uses the shipped one$", "err")
        watcher.wait_for(r"watching \d+ files")
        edit(project / "data" / "visit.yaml", "agreed to maintain", "agreed to keep")
        watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
        assert len([line for _, line in watcher.seen if "warning" in line]) == 1
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.process.wait(timeout=WAIT) == 0


def it_writes_on_its_second_rebuild_the_bytes_of_a_cold_build(
    project: Path, watcher: Watcher
) -> None:
    """Everything a session keeps warm (fonts, drawings, templates, the helper) changes
    nothing in what it writes: after two saves, a new process building the same data into
    empty folders writes the same PDF and DOCX."""
    data = project / "data" / "visit.yaml"
    watcher.wait_for(rf"^{TIME}watching \d+ files; press Ctrl-C to stop$")
    edit(data, "the 2026 visit to Astana", "a first save")
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    edit(data, "a first save", "a second save")
    watcher.wait_for(rf"^{TIME}data/visit\.yaml → out/{STEM}\.pdf")
    fresh = project / "fresh"
    args = ["data/visit.yaml", "--templates", "house", "--out", str(fresh / "out")]
    run = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", "build", *args, "--charts-dir", str(fresh / "c")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert run.returncode == 0, run.stderr
    for suffix in ("pdf", "docx"):
        name = f"{STEM}.{suffix}"
        assert digest(project / "out" / name) == digest(fresh / "out" / name), name
    assert "a second save" in words(pdf_text(project / "out" / f"{STEM}.pdf"))
