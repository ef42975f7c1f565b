"""The hostile corpus: bad and booby-trapped input, one file per case, its outcome beside it.

Four classes of case, one folder each:

    visit/       visit data files (.yaml, .json)
    pack/        pack files; their annexes live in pack/files/, their visits in visit/
    recipients/  recipients files for ``send`` (a dry run)
    template/    template sets, one folder each, built with template/visit.yaml

Beside each case, ``<name>.expected`` or ``<name>.literal``:

    .expected  the case is refused: exit status 1, exactly these lines (``file:line:col: field:
               message``; for a template, the ``not built:`` line; for a pack, its ``pack not
               written:`` line too), no traceback, and nothing written to --out.
    .literal   the case builds: exit status 0, a PDF that ``qpdf --check`` passes, a DOCX that
               python-docx opens, no text off the edge of a page, no link to anything but the
               web or the document itself, and each line appears as written in the text of
               the PDF (pdftotext) and of the DOCX. A line starting ``pdf: `` is looked for in
               the PDF only (text a chart draws: the DOCX holds the chart as an image). A pack
               case has one PDF to look in; a recipients case, its messages (plain text as
               typed, HTML escaped).

A literal visit or pack case's id is its file name without the extension. The few cases too
big to keep in git are written at run time (:data:`GENERATED`); only their outcome is a file.

Every visit case runs through ``check``, ``build`` and ``pack`` (wrapped in a pack of its
own; the literal ones in one pack together); a pack case through ``pack``, a recipients case
through ``send``, a template case through ``build --templates``. runner.py runs them all;
tests/hostile/test_corpus.py asserts on the results and bench/hostile.py counts them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MINIMAL = ROOT / "tests" / "load" / "minimal.yaml"
CLASSES = ("visit", "pack", "recipients", "template")
_SUFFIXES = {"visit": (".yaml", ".json"), "pack": (".yaml",), "recipients": (".csv",)}
COMMANDS = {
    "visit": ("check", "build", "pack"),
    "pack": ("pack",),
    "recipients": ("send",),
    "template": ("build",),
}
PAYLOAD_MARKER = Path("/tmp/kzrs-hostile-cve-2023-33733")
"""The file the CVE-2023-33733 payload in visit/markup-everywhere.yaml would create if run."""


# ---------------------------------------------------------------- cases


def _minimal() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def _oversize_file() -> bytes:
    padding = "# padding to make the file too big\n" * 30_000  # 1.05 MB
    return (_minimal() + padding).encode()


def _oversize_list() -> bytes:
    items = "".join(f"    - Desk {i}\n" for i in range(10_001))
    return _minimal().replace("  distribution: [Desk]\n", "  distribution:\n" + items).encode()


def _json_too_deep() -> bytes:
    text = MINIMAL.with_suffix(".json").read_text(encoding="utf-8")
    return text.replace('"Astana"', "[" * 20_000 + "]" * 20_000).encode()


def _rows_2000() -> bytes:
    steps = "".join(
        f"  - action: Step {i} of the plan\n    owner: Desk {i % 7}\n    due: Week {i}\n"
        "    basis: assessed\n"
        for i in range(2_000)
    )
    text = _minimal().replace("id: test-visit", "id: rows-2000")
    return text.replace("sources:\n", "next_steps:\n" + steps + "sources:\n").encode()


def _huge_pack() -> bytes:
    entries = "  - visit: ../visit/bom.yaml\n" * 10_001
    head = "title: A pack\nclassification: OFFICIAL\ndate: 2026-03-02\ndocuments:\n"
    return (head + entries).encode()


def _oversize_pack() -> bytes:
    return _huge_pack() + b"# padding\n" * 110_000


def _oversize_recipients() -> bytes:
    lines = "".join(f"P {i},p{i}@example.org,Unit,OFFICIAL,en\n" for i in range(140_000))
    return ("name,email,organisation,clearance,language\n" + lines).encode()


GENERATED: dict[str, Callable[[], bytes]] = {
    "visit/oversize-file.yaml": _oversize_file,
    "visit/oversize-list.yaml": _oversize_list,
    "visit/json-too-deep.json": _json_too_deep,
    "visit/rows-2000.yaml": _rows_2000,
    "pack/huge-pack.yaml": _huge_pack,
    "pack/oversize-pack.yaml": _oversize_pack,
    "recipients/oversize.csv": _oversize_recipients,
}
"""Cases written at run time: a megabyte of padding or thousands of rows, not worth keeping."""


@dataclass(frozen=True)
class Case:
    """One hostile input and what must become of it."""

    kind: str
    """visit, pack, recipients or template."""
    name: str
    """The file's name (a template case: its folder's name)."""
    literal: bool
    """True: it must build and print ``expected`` as typed; False: it must be refused."""
    expected: tuple[str, ...]
    """The lines of the .expected or .literal file."""

    @property
    def id(self) -> str:
        """``kind/name``, the case's name in test ids and reports."""
        return f"{self.kind}/{self.name}"

    @property
    def stem(self) -> str:
        """The name without its extension: a literal case's id, and its outputs' names."""
        return self.name if self.kind == "template" else Path(self.name).stem


def discover(folder: Path = HERE) -> list[Case]:
    """Every case in the corpus under ``folder``, by class, then name."""
    cases = []
    for kind in CLASSES:
        where = folder / kind
        if kind == "template":
            names = [p.name for p in where.iterdir() if p.is_dir()]
        else:
            names = [p.name for p in where.iterdir() if p.suffix in _SUFFIXES[kind]]
            names += [Path(g).name for g in GENERATED if g.startswith(kind + "/")]
        for name in sorted(set(names)):
            stem = name if kind == "template" else Path(name).stem
            expected, literal = where / f"{stem}.expected", where / f"{stem}.literal"
            if literal.exists():
                cases.append(Case(kind, name, True, _lines(literal)))
            elif expected.exists():
                cases.append(Case(kind, name, False, _lines(expected)))
    return cases


def unexplained(folder: Path = HERE) -> list[str]:
    """Files of the corpus that are neither a case with an outcome nor the outcome of a case."""
    stray = []
    for kind in CLASSES:
        stems = {c.stem for c in discover(folder) if c.kind == kind}
        for path in sorted((folder / kind).iterdir()):
            if path.suffix in (".expected", ".literal") and path.stem not in stems:
                stray.append(f"{kind}/{path.name}: an outcome with no case")
            elif kind != "template" and path.suffix in _SUFFIXES[kind] and path.stem not in stems:
                stray.append(f"{kind}/{path.name}: a case with no .expected or .literal")
    return stray


def _lines(path: Path) -> tuple[str, ...]:
    return tuple(line for line in path.read_text(encoding="utf-8").splitlines() if line)


def materialise(work: Path) -> Path:
    """A copy of the corpus under ``work`` with the generated cases written; its folder."""
    root = work / "corpus"
    for kind in CLASSES:
        shutil.copytree(HERE / kind, root / kind)
    for name, make in GENERATED.items():
        (root / name).write_bytes(make())
    return root
