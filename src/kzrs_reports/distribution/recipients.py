"""The recipients file: who gets the pack, validated before anything is written or sent.

A UTF-8 CSV (a byte-order mark is allowed; UTF-16 with its byte-order mark, as spreadsheets
save "Unicode text", is read too) whose first line names the columns ``name``, ``email``,
``organisation``, ``clearance`` and ``language`` in any order (``e-mail`` and
``organization`` are read as ``email`` and ``organisation``). Fields are separated by
commas, or by semicolons or tabs when the first line has no comma. Every problem is reported
as ``file:line:col: field: message``, all of them at once. Control characters (NUL, a tab
that does not separate fields, …) are refused wherever they are, named with their field. A
line break inside a field — a carriage return, a line separator, or a quoted field that runs
on to the next line — is refused as a line break in that field: it would let a data file
write its own mail headers.

A ``clearance`` is a level of the mail-out's marking scheme (a pack's ``marking_scheme``):
its id or any printed form, in any language (``ИНТЕРНО``, ``interno``); left empty, the
reader has no clearance and holds the scheme's public level.

An address listed twice (compared without regard to case) is one recipient; the merge is
reported as a note, and the lower clearance of the two is kept, so a merge never widens what
someone receives.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from kzrs_reports.core.errors import DataError
from kzrs_reports.core.markings import DEFAULT_SCHEME, MarkingScheme
from kzrs_reports.core.problems import FILE_FIELD, Problem
from kzrs_reports.distribution.csvlines import Cell, CsvSyntaxError, guess_delimiter, split_record
from kzrs_reports.load.sniff import is_spreadsheet, sniff
from kzrs_reports.load.source import read_bytes
from kzrs_reports.model.scheme import shipped_scheme

COLUMNS = ("name", "email", "organisation", "clearance", "language")
_ALIASES = {"e-mail": "email", "email address": "email", "organization": "organisation"}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_MAX_TEXT = 200
_MAX_BYTES = 5_000_000
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiner: part of how some scripts spell names


@dataclass(frozen=True, slots=True)
class Recipient:
    """One validated recipient."""

    name: str
    email: str
    """The address as email-validator normalised it: domain in lower case, in its ASCII
    (IDNA) form."""
    organisation: str
    clearance: str
    """The id of a level of the recipients' marking scheme (e.g. ``OFFICIAL-SENSITIVE``);
    the public level's for a reader with no clearance."""
    language: str
    line: int
    """The line of the file the recipient was first listed on."""


@dataclass(frozen=True, slots=True)
class RecipientList:
    """The recipients in file order, and notes on what was merged."""

    recipients: list[Recipient]
    notes: list[Problem] = field(default_factory=list)


def _control_char(text: str, allowed: str = "") -> int | None:
    """The 0-based index of the first control or line-separator character not in
    ``allowed``, if any."""
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in _JOINERS + allowed:
            return i
    return None


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


_LINE_BREAKS = {
    "\r": "CARRIAGE RETURN",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}
_ONE_LINE = "a recipient's field must be one line, or it could write its own mail headers"


def _refusal(ch: str) -> str:
    """Why ``ch``, a control character, is refused: a line break is named as one."""
    if ch in _LINE_BREAKS:
        return f"holds a line break, {_LINE_BREAKS[ch]} U+{ord(ch):04X}; {_ONE_LINE}"
    return f"control character {_char_name(ch)} is not allowed"


def _not_text(path: Path, data: bytes) -> Problem | None:
    """A problem naming what the file appears to be, if it is not text (UTF-16 is read)."""
    kind = sniff(data)
    if kind is None or kind == "UTF-16 text":
        return None
    message = f"appears to be {kind}, not CSV text"
    if is_spreadsheet(kind):
        message += "; save it from the spreadsheet as CSV UTF-8"
    elif kind.endswith("text"):
        message += "; save it as UTF-8"
    return Problem(str(path), 1, 1, FILE_FIELD, message)


def _decode(path: Path, data: bytes) -> str:
    name = str(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problem = Problem(name, 1, 1, FILE_FIELD, "is not UTF-16 text as its first bytes say")
            raise DataError([problem]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problem = Problem(name, line, col, FILE_FIELD, "is not UTF-8 text; save it as UTF-8")
        raise DataError([problem]) from None


def _physical_lines(text: str) -> list[str]:
    """Lines split at LF; a CR directly before the LF is the line ending, any other CR stays."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


class _Reader:
    def __init__(self, path: Path, scheme: MarkingScheme) -> None:
        self.file = str(path)
        self.scheme = scheme
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def problem(self, line: int, col: int, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, col, fld, message))

    def breaks(self, lineno: int, cells: list[Cell], names: list[str], allowed: str) -> bool:
        """Report each field holding a line break or another control character, at the
        field and by its column's name (``names``, in file order); True if any did."""
        before = len(self.problems)
        for number, cell in enumerate(cells):
            column = names[number] if number < len(names) else FILE_FIELD
            if "\n" in cell.text:  # a quoted field that runs on to later lines
                last = lineno + cell.line + cell.text.count("\n")
                self.problem(
                    lineno + cell.line,
                    cell.col,
                    column,
                    f"holds a line break: its quotes run on to line {last}; {_ONE_LINE}",
                )
                continue
            bad = _control_char(cell.text, allowed)
            if bad is not None:
                offset, col = cell.place(bad)
                self.problem(lineno + offset, col, column, _refusal(cell.text[bad]))
        return len(self.problems) > before

    def header(self, lineno: int, cells: list[Cell]) -> dict[str, int] | None:
        where: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = " ".join(cell.text.lower().split())
            key = _ALIASES.get(key, key)
            if key not in COLUMNS:
                close = difflib.get_close_matches(key, COLUMNS, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem(
                    lineno,
                    cell.col,
                    FILE_FIELD,
                    f"unknown column {cell.text.strip()!r}; {hint}the columns are "
                    f"{', '.join(COLUMNS)}",
                )
            elif key in where:
                self.problem(lineno, cell.col, key, "column is named twice")
            else:
                where[key] = index
        missing = [c for c in COLUMNS if c not in where]
        if missing:
            self.problem(lineno, 1, FILE_FIELD, f"missing column(s): {', '.join(missing)}")
        return None if missing or self.problems else where

    def row(self, lineno: int, cells: list[Cell], where: dict[str, int]) -> Recipient | None:
        if len(cells) != len(where):
            self.problem(
                lineno, 1, FILE_FIELD, f"has {len(cells)} fields; the header names {len(where)}"
            )
            return None
        before = len(self.problems)
        values: dict[str, str] = {}
        for column in COLUMNS:
            cell = cells[where[column]]
            values[column] = self.value(lineno, column, cell)
        if len(self.problems) > before:
            return None
        return Recipient(line=lineno, **values)

    def value(self, lineno: int, column: str, cell: Cell) -> str:
        text = cell.text.strip()
        col = cell.col + (len(cell.text) - len(cell.text.lstrip()))
        if column == "email":
            try:
                # ASCII only: a non-ASCII local part needs SMTPUTF8 end to end, which the
                # messages do not use; an international domain is sent in its IDNA form.
                valid = validate_email(text, check_deliverability=False, allow_smtputf8=False)
                return valid.ascii_email or valid.normalized
            except EmailNotValidError as exc:
                self.problem(lineno, col, column, f"is not a valid email address: {exc}")
                return text
        if column == "clearance":
            if not text:  # no clearance: what anyone may read
                return self.scheme.public.id
            level = self.scheme.level(text)
            if level is None:
                self.problem(
                    lineno,
                    col,
                    column,
                    f"unknown clearance {text!r}; the levels of the {self.scheme.id} scheme are "
                    f"{self.scheme.describe()} (empty for none)",
                )
                return text
            return level.id
        if column == "language":
            if not text:
                return ""  # the language of what is sent
            if not _LANGUAGE.match(text):
                self.problem(lineno, col, column, "must be a language tag such as en or en-GB")
            return text
        if column == "name" and not text:
            self.problem(lineno, col, column, "is empty")
        if len(text) > _MAX_TEXT:
            self.problem(lineno, col, column, f"is longer than {_MAX_TEXT} characters")
        return text

    def merge(self, found: list[Recipient]) -> list[Recipient]:
        by_key: dict[str, int] = {}
        merged: list[Recipient] = []
        for r in found:
            key = r.email.casefold()
            if key not in by_key:
                by_key[key] = len(merged)
                merged.append(r)
                continue
            first = merged[by_key[key]]
            note = f"same address as line {first.line}; merged into it"
            if r.clearance != first.clearance:
                low = min(first.clearance, r.clearance, key=lambda c: self.scheme.rank(c) or 0)
                note += f" with the lower clearance {low}"
                merged[by_key[key]] = Recipient(
                    first.name, first.email, first.organisation, low, first.language, first.line
                )
            self.notes.append(Problem(self.file, r.line, 1, "email", note))
        return merged


def read_recipients(path: Path, scheme: MarkingScheme | None = None) -> RecipientList:
    """Read and validate a recipients CSV, its clearances levels of ``scheme`` (the default
    scheme's when None): an id or any printed form, or empty for none (the public level).

    Returns every recipient in file order with duplicates merged (and a note for each merge).
    Raises :class:`InputFileError` if the file cannot be read, :class:`DataError` listing every
    problem, located, if anything in it is wrong; nothing is returned from a bad file.
    """
    data = read_bytes(path, _MAX_BYTES, "a recipients file")
    reader = _Reader(path, scheme or shipped_scheme(DEFAULT_SCHEME))
    binary = _not_text(path, data)
    if binary is not None:
        raise DataError([binary])
    if len(data) > _MAX_BYTES:
        raise DataError([Problem(str(path), 1, 1, FILE_FIELD, "is larger than 5 MB")])
    lines = _physical_lines(_decode(path, data))
    where: dict[str, int] | None = None
    found: list[Recipient] = []
    header_seen = False
    delimiter = guess_delimiter(next((ln for ln in lines if ln.strip()), ""))
    tab = "\t" if delimiter == "\t" else ""
    index = 0
    while index < len(lines):
        lineno, line = index + 1, lines[index]
        try:
            cells, used = split_record(lines, index, delimiter)
        except CsvSyntaxError as exc:
            bad = _control_char(line, tab)
            if bad is not None:  # the likelier cause of the syntax error: name it instead
                reader.problem(lineno, bad + 1, FILE_FIELD, _refusal(line[bad]))
            else:
                reader.problem(lineno, exc.col, FILE_FIELD, exc.message)
            index += 1
            continue
        index += used
        if not line.strip() and used == 1:
            continue
        names = list(where) if where is not None else []
        if reader.breaks(lineno, cells, names, tab):
            continue
        if not header_seen:
            header_seen = True
            where = reader.header(lineno, cells)
            if where is None:
                break
            continue
        if where is not None:
            recipient = reader.row(lineno, cells, where)
            if recipient is not None:
                found.append(recipient)
    if not lines:
        reader.problem(1, 1, FILE_FIELD, "is empty; the first line must name the columns")
    elif not reader.problems and not found:
        reader.problem(1, 1, FILE_FIELD, "lists no recipients")
    if reader.problems:
        raise DataError(sorted(reader.problems, key=lambda p: p.sort_key))
    return RecipientList(reader.merge(found), reader.notes)
