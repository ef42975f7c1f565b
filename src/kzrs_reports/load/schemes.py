"""Read a marking scheme by the name a file gives: a shipped one, or a house's own file.

A house scheme file is read like any data file, so its problems print as
``file:line:col: field: message``; besides what :class:`~kzrs_reports.model.scheme.SchemeFile`
checks, :func:`scheme_checks` holds it to the rules of a scheme: the first level, and only
it, is public; every level has a printed form in the scheme's own language; no spelling
names two levels. A scheme is read once a process while its file is unchanged.

:class:`FileSchemes` is the validation context of a visit or pack file: it finds a house
file relative to that file, and keeps the scheme file's problems and the files it read.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from kzrs_reports.core.errors import DataError, InputFileError
from kzrs_reports.core.languages import DERIVED, candidates, derive
from kzrs_reports.core.markings import MarkingScheme, normalise
from kzrs_reports.core.problems import Problem
from kzrs_reports.load.source import decode, parse, read_bytes
from kzrs_reports.load.validate import validate
from kzrs_reports.model.checks import Finding, Loc
from kzrs_reports.model.scheme import SchemeFile, Schemes, is_house_file, shipped_scheme


def load_scheme(name: str, relative_to: Path) -> MarkingScheme:
    """The scheme ``name`` names: a shipped id (``uk``, ``rs``…) or the path of a house
    scheme file (``.yaml``), relative to the folder ``relative_to``.

    Raises ValueError for a name that is neither, :class:`InputFileError` for a house file
    that cannot be opened and :class:`DataError` listing its problems.
    """
    if not is_house_file(name):
        return shipped_scheme(name)
    path = relative_to / name
    try:
        stat = path.stat()
    except OSError:
        stat = None
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else None
    return _read_once(path, stamp)


@lru_cache(maxsize=16)
def _read_once(path: Path, stamp: tuple[int, int] | None) -> MarkingScheme:
    """The house scheme file at ``path`` (``stamp`` tells an edited file from the one read),
    read as :func:`kzrs_reports.load.load_document` reads a file."""
    file = str(path)
    text, problems = decode(read_bytes(path, kind="a marking scheme file"), file)
    scheme = None
    if text is not None and not problems:
        data, problems = parse(text, file, is_json=path.suffix.lower() == ".json")
        if data is not None:
            scheme, more = validate(data, file, SchemeFile, scheme_checks)
            seen = {(p.line, p.col, p.field) for p in problems}
            problems += [p for p in more if (p.line, p.col, p.field) not in seen]
    if problems or scheme is None:
        raise DataError(sorted(problems, key=lambda p: p.sort_key))
    return scheme.scheme(path)


class FileSchemes(Schemes):
    """The schemes a file may name: shipped, or house files relative to its folder."""

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base
        self.problems: list[Problem] = []
        """The problems of a house scheme file named, located in that file."""
        self.read: list[Path] = []
        """The house scheme files read."""

    def find(self, name: str) -> MarkingScheme | None:
        """As :meth:`Schemes.find`, reading a house file too; its problems are kept in
        :attr:`problems` and the name is refused with a ValueError pointing to them."""
        if not is_house_file(name):
            return super().find(name)
        path = self.base / name
        try:
            scheme = load_scheme(name, self.base)
        except InputFileError as exc:
            raise ValueError(f"cannot read the marking scheme: {exc}") from None
        except DataError as exc:
            self.problems += exc.problems
            raise ValueError(
                f"the marking scheme file {path} has {len(exc.problems)} problem(s), "
                "each listed at its line"
            ) from None
        if path not in self.read:
            self.read.append(path)
        return scheme


def scheme_checks(data: Any) -> list[Finding]:
    """What the model alone cannot check of a scheme file's raw data: the first level, and
    only it, is public; each level has a printed form in the scheme's language; no spelling
    (id, printed form, alias) names two levels."""
    if not isinstance(data, dict) or not isinstance(data.get("levels"), list):
        return []
    language = data.get("language")
    findings: list[Finding] = []
    seen: dict[str, Loc] = {}
    for index, level in enumerate(data["levels"]):
        if not isinstance(level, dict):
            continue
        at: Loc = ("levels", index)
        public = level.get("public", False) is True
        if index == 0 and not public:
            findings.append(
                Finding(
                    at,
                    "the lowest level (the first) must be public: true, the level of readers "
                    "with no clearance",
                )
            )
        elif index > 0 and public:
            findings.append(Finding((*at, "public"), "only the lowest level (the first) is public"))
        names = level.get("names")
        if (
            isinstance(names, dict)
            and isinstance(language, str)
            and language.strip() not in {str(k).strip() for k in names}
        ):
            findings.append(
                Finding(
                    (*at, "names"),
                    f"give the printed form in the scheme's language {language.strip()!r}",
                )
            )
        for key, spelling in _spellings(level):
            first = seen.setdefault(normalise(spelling), (*at, *key))
            if first[:2] != at:
                findings.append(
                    Finding((*at, *key), f"{spelling!r} already names another level", first)
                )
    return findings


def _spellings(level: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Each spelling of a raw level, once, with where it is: its id, printed forms (and those
    derived from them: Serbian Latin from Cyrillic) and aliases."""
    found: list[tuple[Loc, str]] = []
    if isinstance(level.get("id"), str):
        found.append((("id",), level["id"]))
    names = level.get("names")
    if isinstance(names, dict):
        texts = {str(k): v for k, v in names.items() if isinstance(v, str)}
        found += [(("names", k), v) for k, v in texts.items()]
        for derived, source in DERIVED.items():
            found += [(("names", t), derive(texts[t], derived)) for t in candidates(source, texts)]
    aliases = level.get("aliases")
    if isinstance(aliases, list):
        found += [(("aliases", i), v) for i, v in enumerate(aliases) if isinstance(v, str)]
    # One level may print one form in two languages (NATO SECRET): no clash with itself.
    unique: dict[str, tuple[Loc, str]] = {}
    for key, spelling in found:
        unique.setdefault(normalise(spelling), (key, spelling))
    return list(unique.values())
