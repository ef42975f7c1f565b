"""Running the hostile corpus: every case through its commands, each run judged against the
case's outcome file.

Commands that take many files (``check``, ``build``) run once per batch of visit cases, as a
user would run them, in a subprocess. Refused single-file runs (a pack, a recipients file, a
template set) run in this process through typer's test runner, one after another: refusing
takes milliseconds, starting Python a second. Builds run in subprocesses, two at a time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from corpus import PAYLOAD_MARKER, ROOT, Case, discover, materialise
from outputs import docx_problems, docx_text, found, message_texts, pdf_problems, pdf_text

_LOCATED = re.compile(r"^(?P<file>[^:\s]+):\d+:\d+: ")
_PDF_ONLY = "pdf: "


@dataclass(frozen=True)
class Run:
    """What a command did."""

    code: int
    out: str
    err: str

    @property
    def traceback(self) -> bool:
        """True if the command crashed with a Python traceback."""
        return "Traceback (most recent call last)" in self.out + self.err


def in_process(*args: str | Path, cwd: Path) -> Run:
    """Run ``kzrs-reports`` in this process, in ``cwd``: for the many single-file runs that
    are refused before anything is built, where starting Python would be most of the time.

    Not thread-safe (it changes the working directory): run one at a time.
    """
    from typer.testing import CliRunner

    from kzrs_reports.cli.app import app

    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    finally:
        os.chdir(here)
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        lines = traceback.format_exception(result.exception)
        err += "".join(lines)
    return Run(result.exit_code, result.stdout, err)


def kzrs(*args: str | Path, cwd: Path) -> Run:
    """Run ``kzrs-reports`` as a user does, from this checkout's ``src/``."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "kzrs_reports", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
        env=env,
    )
    return Run(result.returncode, result.stdout, result.stderr)


@dataclass(frozen=True)
class Result:
    """How one case ended under one command."""

    case: Case
    command: str
    outcome: str
    """``rejected`` (exit 1 with located messages), ``literal`` (built, text as typed) or
    ``unexpected`` (anything else: a traceback, a wrong exit status, text not found)."""
    problems: tuple[str, ...] = field(default=())
    """How the run differs from the case's expectation; empty when it is as expected."""

    @property
    def as_expected(self) -> bool:
        """True when the case ended the way its outcome file says."""
        wanted = "literal" if self.case.literal else "rejected"
        return self.outcome == wanted and not self.problems


def _located(text: str) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _LOCATED.match(line)
        if match:
            lines.setdefault(match["file"], []).append(line)
    return lines


def _files(paths: Sequence[Path]) -> list[Path]:
    """The files at or under ``paths`` (an empty folder left behind holds nothing)."""
    files: list[Path] = []
    for path in paths:
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return files


def _refused(case: Case, command: str, run: Run, got: list[str], wrote: Sequence[Path]) -> Result:
    """Judge a run that must refuse ``case`` with exactly its expected lines."""
    problems = []
    if run.traceback:
        problems.append("a traceback:\n" + run.err[-2000:])
    if run.code != 1:
        problems.append(f"exit status {run.code}, not 1")
    if tuple(got) != case.expected:
        problems.append(
            "lines differ:\n  expected:\n    "
            + "\n    ".join(case.expected)
            + "\n  got:\n    "
            + "\n    ".join(got)
        )
    problems += [f"wrote {f} although the input was refused" for f in _files(wrote)]
    outcome = "rejected" if run.code == 1 and got and not run.traceback else "unexpected"
    return Result(case, command, outcome, tuple(problems))


def _built(
    case: Case, command: str, run: Run, pdf: Path, docx_file: Path | None, edges: bool = True
) -> Result:
    """Judge a run that must build ``case`` and print its strings as typed; with ``edges``,
    no word of the PDF may run off its page (the PDF is the case's own)."""
    problems = []
    if run.traceback:
        problems.append("a traceback:\n" + run.err[-2000:])
    if run.code != 0:
        problems.append(f"exit status {run.code}, not 0:\n{run.err[-2000:]}")
    if PAYLOAD_MARKER.exists():
        problems.append(f"the CVE-2023-33733 payload ran: {PAYLOAD_MARKER} exists")
    if not pdf.is_file():
        problems.append(f"no PDF at {pdf}")
    else:
        problems += pdf_problems(pdf, edges)
        text = pdf_text(pdf)
        wanted = [s.removeprefix(_PDF_ONLY) for s in case.expected]
        problems += [f"not in the PDF: {s}" for s in wanted if not found(s, text)]
    if docx_file is not None:
        try:
            text = docx_text(docx_file)
            problems += docx_problems(docx_file)
        except Exception as exc:  # whatever stops python-docx opening it is the finding
            problems.append(f"python-docx cannot open {docx_file}: {exc!r}")
        else:
            wanted = [s for s in case.expected if not s.startswith(_PDF_ONLY)]
            problems += [f"not in the DOCX: {s}" for s in wanted if not found(s, text)]
    outcome = "literal" if not problems else "unexpected"
    return Result(case, command, outcome, tuple(problems))


def _mailed(case: Case, run: Run, outbox: Path) -> Result:
    """Judge a dry run that must write messages holding ``case``'s strings as typed: in the
    plain text as they are, in the HTML escaped."""
    problems = []
    if run.traceback or run.code != 0:
        problems.append(f"exit status {run.code}:\n{run.err[-2000:]}")
    plain, html = message_texts(sorted(outbox.glob("*.eml")))
    for wanted in case.expected:
        if not found(wanted, plain):
            problems.append(f"not in the plain text of the messages: {wanted}")
        if not found(wanted, unescape(html)) or ("<" in wanted and found(wanted, html)):
            problems.append(f"not in the HTML of the messages, escaped: {wanted}")
    return Result(case, "send", "literal" if not problems else "unexpected", tuple(problems))


Task = Callable[[], Result]


def _run_tasks(jobs: int, refused: Iterable[Task], literal: Iterable[Task]) -> list[Result]:
    """Refused cases one after the other in this process; builds in subprocesses, ``jobs``
    at a time."""
    results = [task() for task in refused]
    with ThreadPoolExecutor(jobs) as pool:
        results += pool.map(lambda task: task(), literal)
    return results


def _visit_results(root: Path, work: Path, cases: list[Case], jobs: int) -> list[Result]:
    where = root / "visit"
    refused = [c for c in cases if not c.literal]
    literal = [c for c in cases if c.literal]
    results: list[Result] = []
    names = [c.name for c in refused]
    run = kzrs("check", *names, cwd=where)
    lines = _located(run.err)
    results += [_refused(c, "check", run, lines.get(c.name, []), ()) for c in refused]
    out, charts = work / "refused-out", work / "refused-charts"
    run = kzrs("build", *names, "-o", out, "--charts-dir", charts, "--jobs", jobs, cwd=where)
    lines = _located(run.err)
    results += [_refused(c, "build", run, lines.get(c.name, []), (out, charts)) for c in refused]
    for case in refused:
        pack = where / f"pack-of-{case.stem}.yaml"
        pack.write_text(_pack_of([case.name]), encoding="utf-8")
        run = in_process("pack", pack.name, "-o", out, "--charts-dir", charts, cwd=where)
        got = _located(run.err).get(case.name, [])
        results.append(_refused(case, "pack", run, got, (out, charts)))

    names = [c.name for c in literal]
    run = kzrs("check", *names, cwd=where)
    for case in literal:
        ok = f"{case.name}: ok" in run.out.splitlines()
        problems = () if ok and run.code == 0 else (f"check said:\n{run.out}{run.err}",)
        results.append(Result(case, "check", "literal" if ok else "unexpected", problems))
    out, charts = work / "out", work / "charts"
    PAYLOAD_MARKER.unlink(missing_ok=True)
    run = kzrs("build", *names, "-o", out, "--charts-dir", charts, "--jobs", jobs, cwd=where)
    for case in literal:
        results.append(
            _built(case, "build", run, out / f"{case.stem}.pdf", out / f"{case.stem}.docx")
        )
    pack = where / "pack-of-literal-cases.yaml"
    pack.write_text(_pack_of(names), encoding="utf-8")
    run = kzrs("pack", pack.name, "-o", out, "--charts-dir", charts, cwd=where)
    pdf = out / f"{pack.stem}.pdf"
    results += [_built(c, "pack", run, pdf, None, edges=False) for c in literal]
    return results


def _pack_of(visits: Sequence[str]) -> str:
    documents = "".join(f"  - visit: {name}\n" for name in visits)
    return f"title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n{documents}"


def _all_located(err: str) -> list[str]:
    return [line for line in err.splitlines() if _LOCATED.match(line)]


def _pack_task(where: Path, work: Path, case: Case) -> Task:
    def task() -> Result:
        out, charts = work / f"pack-out-{case.stem}", work / "pack-charts"
        args = ("pack", case.name, "-o", out, "--charts-dir", charts)
        if case.literal:
            return _built(case, "pack", kzrs(*args, cwd=where), out / f"{case.stem}.pdf", None)
        run = in_process(*args, cwd=where)
        said = [line for line in run.err.splitlines() if ": pack not written: " in line]
        return _refused(case, "pack", run, _all_located(run.err) + said, _pack_files(out))

    return task


def _pack_files(out: Path) -> list[Path]:
    """What a pack wrote into ``out``: its zip, and any PDF with a pack's cover. (Its
    documents' own outputs may be there: a document is built before the pack is bound.)"""
    if not out.is_dir():
        return []
    zips = list(out.glob("*-docx.zip"))
    return zips + [p for p in out.glob("*.pdf") if "Contents of this pack" in pdf_text(p)]


def _send_task(where: Path, work: Path, case: Case, pdf: Path) -> Task:
    def task() -> Result:
        outbox = work / f"outbox-{case.stem}"
        args = ("send", f"OFFICIAL:{pdf}", "--to", case.name, "--from", "briefs@example.org")
        run = in_process(*args, "--outbox", outbox, cwd=where)
        if case.literal:
            return _mailed(case, run, outbox)
        return _refused(case, "send", run, _all_located(run.err), (outbox,))

    return task


def _template_task(where: Path, work: Path, case: Case) -> Task:
    def task() -> Result:
        out, charts = work / f"template-out-{case.name}", work / f"template-charts-{case.name}"
        args = ("build", "visit.yaml", "--templates", case.name, "-o", out, "--charts-dir", charts)
        if case.literal:
            run = kzrs(*args, cwd=where)
            return _built(case, "build", run, out / "test-visit.pdf", out / "test-visit.docx")
        run = in_process(*args, cwd=where)
        got = [line for line in run.err.splitlines() if "not built: " in line]
        return _refused(case, "build", run, got, (out,))

    return task


def run_corpus(work: Path, jobs: int = 2, cases: list[Case] | None = None) -> list[Result]:
    """Run every case (or ``cases``) through its commands in ``work``; one result for each."""
    cases = discover() if cases is None else cases
    root = materialise(work)
    results = _visit_results(root, work, [c for c in cases if c.kind == "visit"], jobs)
    built = sorted((work / "out").glob("*.pdf")) or [root / "pack" / "files" / "annex.pdf"]
    refused: list[Task] = []
    literal: list[Task] = []
    for case in cases:
        where = root / case.kind
        if case.kind == "pack":
            task = _pack_task(where, work, case)
        elif case.kind == "recipients":
            task = _send_task(where, work, case, built[0])
        elif case.kind == "template":
            task = _template_task(where, work, case)
        else:
            continue
        (literal if case.literal else refused).append(task)
    return results + _run_tasks(jobs, refused, literal)
