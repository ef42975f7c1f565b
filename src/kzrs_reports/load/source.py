"""Read a data file's bytes and parse them as YAML 1.2 (or JSON), keeping positions.

Parsing uses ruamel.yaml's round-trip loader (with the plain scanner, fed by libyaml's parser
where it can be: :mod:`kzrs_reports.core.yamlparser`), so mappings and sequences come back as
``CommentedMap`` / ``CommentedSeq`` whose ``.lc`` attribute records where each key, value and
item starts (see :mod:`kzrs_reports.load.locate`). The node graph is
checked before anything is constructed (:mod:`kzrs_reports.load.nodes`), so tags never build
Python objects and alias bombs are refused without being expanded.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import BaseConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.scanner import Scanner

from kzrs_reports.core.errors import InputFileError
from kzrs_reports.core.problems import FILE_FIELD, Problem
from kzrs_reports.core.yamlparser import read_fast_or_pure
from kzrs_reports.load.nodes import check_nodes
from kzrs_reports.load.sniff import sniff

MAX_BYTES = 1024 * 1024
"""Largest data file accepted; a visit file is a few kilobytes, and one with a 2,000-row table
about 150. Composing and constructing are pure Python: a megabyte of the smallest values takes
a second or more."""
MAX_DEPTH = 50
"""Deepest nesting accepted; the visit format needs five levels."""

# What YAML 1.2 forbids in a stream: everything but tab, line feed, carriage return, next
# line, printable ASCII and the rest of Unicode without surrogates and \ufffe, \uffff. Listed
# as the forbidden ranges: compiling the complement of the allowed ranges takes milliseconds.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_MAX_CHAR_PROBLEMS = 20


def read_bytes(path: Path, limit: int = MAX_BYTES, kind: str = "a data file") -> bytes:
    """Return the first ``limit + 1`` bytes of ``path`` (so a caller can tell it is too big).

    Raises :class:`InputFileError` when the path is missing, unreadable, or not a regular
    file: a directory, or a named pipe or device that would block or never end.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer before it is refused.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a directory, not {kind}") from None
    except PermissionError:
        raise InputFileError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputFileError(f"{path}: is a directory, not {kind}")
        raise InputFileError(f"{path}: is not a regular file (a pipe or a device), not {kind}")
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as stream:
        try:
            return stream.read(limit + 1)
        except OSError as exc:
            raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None


def position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is dropped); on failure, locate the first bad byte.

    A file that is not text at all (a PDF, an image, a Word file…) is named as what it
    appears to be instead, whatever its size.
    """
    kind = sniff(raw)
    if kind is not None:
        message = f"the file appears to be {kind}, not YAML or JSON text"
        if kind.endswith("text"):  # UTF-16 or UTF-32
            message = f"the file is {kind}; save it as UTF-8"
        return None, [Problem(file, 1, 1, FILE_FIELD, message)]
    if len(raw) > MAX_BYTES:
        mb = MAX_BYTES / (1024 * 1024)
        limit = f"{mb:g} MB" if mb >= 1 else f"{MAX_BYTES:,} bytes"
        message = f"the file is too big: over {limit} (the limit)"
        return None, [Problem(file, 1, 1, FILE_FIELD, message)]
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = position(good, len(good))
        byte = raw[exc.start]
        message = f"not UTF-8 (byte 0x{byte:02X} cannot be read); save the file as UTF-8"
        return None, [Problem(file, line, col, FILE_FIELD, message)]
    if not text.strip():
        return None, [Problem(file, 1, 1, FILE_FIELD, "the file is empty")]
    return text, _unprintable(text, file)


def _unprintable(text: str, file: str) -> list[Problem]:
    problems = []
    for match in _UNPRINTABLE.finditer(text):
        char = match.group()
        name = unicodedata.name(char, "control character")
        line, col = position(text, match.start())
        message = f"{name} U+{ord(char):04X} is not allowed in a data file; remove it"
        problems.append(Problem(file, line, col, FILE_FIELD, message))
        if len(problems) == _MAX_CHAR_PROBLEMS:
            break
    return problems


def parse(text: str, file: str, *, is_json: bool = False) -> tuple[Any, list[Problem]]:
    """Parse ``text`` into round-trip data; return (data or None, problems).

    ``data`` is None when the file cannot be read as a mapping at all.
    """
    if is_json:
        too_deep = _json_too_deep(text, file)
        if too_deep is not None:
            return None, [too_deep]
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [Problem(file, exc.lineno, exc.colno, FILE_FIELD, _json_message(exc))]
        # JSON allows tabs between tokens; YAML does not. Tabs cannot occur inside valid JSON
        # strings, so replacing them keeps every column.
        text = text.replace("\t", " ")
    try:
        root, constructor = read_fast_or_pure(_round_trip, text, _root)
        if root is None:
            return None, [Problem(file, 1, 1, FILE_FIELD, "the file is empty")]
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            message = f"the file must be a mapping of sections (brief:, visit:, …), not {kind}"
            mark = root.start_mark
            return None, [Problem(file, mark.line + 1, mark.column + 1, FILE_FIELD, message)]
        problems, fatal = check_nodes(root, file, constructor)
        if fatal:
            return None, problems
        return constructor.construct_document(root), problems
    except MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file, text)]
    except YAMLError as exc:  # pragma: no cover - reader errors are caught before parsing
        return None, [Problem(file, 1, 1, FILE_FIELD, f"cannot read the file: {exc}")]


def _round_trip() -> YAML:
    """ruamel's round-trip loader, with the plain scanner, duplicate keys let through (for
    :func:`check_nodes` to report, each at its second key) and the depth limit."""
    yaml = YAML(typ="rt")
    # The plain scanner, not the round-trip one: that one keeps comments (and fold marks and
    # %-escapes in tags) for writing a file back, which nothing here does, at twice the time.
    # It also reads ahead for comments, and so may report a later syntax error before the
    # first one (tests/hostile/visit/outdented-text.yaml).
    yaml.Scanner = Scanner
    yaml.allow_duplicate_keys = True
    yaml.max_depth = MAX_DEPTH
    yaml.composer.warn_double_anchors = False
    return yaml


def _root(yaml: YAML) -> tuple[Node | None, BaseConstructor]:
    """The document's root node, composed by ``yaml``, and the constructor to build it."""
    return yaml.composer.get_single_node(), yaml.constructor


_JSON_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def _json_too_deep(text: str, file: str) -> Problem | None:
    """A problem at the first bracket nested deeper than ``MAX_DEPTH``, before ``json.loads``
    recurses into it (Python's JSON reader fails with a RecursionError at about 1,000)."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = position(text, match.start())
                message = f"nested more than {MAX_DEPTH} levels deep"
                return Problem(file, line, col, FILE_FIELD, message)
        elif token in "]}":
            depth -= 1
    return None


def _json_message(exc: json.JSONDecodeError) -> str:
    msg = exc.msg
    return "JSON syntax error: " + msg[:1].lower() + msg[1:]


_DIRECTIVE = (
    "a line starting with '%' is a YAML directive, allowed only before '---'; "
    "put text that starts with '%' in quotes"
)
_SYNTAX_HINTS = [
    ("expected '<document start>'", _DIRECTIVE),
    ("<block end>", "bad indentation: this line does not line up with the lines above it"),
    ("mapping values are not allowed", "unexpected ':'; put text that contains ': ' in quotes"),
    ("could not find expected ':'", "expected 'key: value' here (is a ':' missing?)"),
    ("'\\t'", "tab characters cannot indent YAML; use spaces"),
    ("undefined alias", "this alias (*name) has no anchor (&name) before it"),
    ("single document", "the file holds more than one YAML document ('---'); keep one"),
    ("maximum depth", f"nested more than {MAX_DEPTH} levels deep"),
    ("<stream end>", "the file ends in the middle of a value (an unclosed bracket?)"),
    ("end of stream", "the file ends in the middle of a value (an unclosed quote or bracket?)"),
    ("expected ',' or ']'", "expected ',' or ']' in this [list]"),
    ("expected ',' or '}'", "expected ',' or '}' in this {mapping}"),
]


def _syntax_problem(exc: MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or exc.context or "cannot parse the file")
    said = f"{exc.context} {problem}"
    message = next((hint for key, hint in _SYNTAX_HINTS if key in said), problem)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if message == _DIRECTIVE:
        # ruamel stops where the document should have started again: name the directive.
        lines = text.splitlines()[:line]
        line = next((n for n in range(len(lines), 0, -1) if lines[n - 1][:1] == "%"), line)
        col = 1
    return Problem(file, line, col, FILE_FIELD, f"YAML syntax error: {message}")
