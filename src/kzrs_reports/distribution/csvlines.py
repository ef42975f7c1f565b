"""A strict CSV reader that knows the line and column of every field.

Python's :mod:`csv` loses columns and silently lets a quoted field run over several lines. A
recipient's field that holds a line break is exactly how a mail header is injected, so here
every field remembers where it starts, and a quoted field that runs on to later lines is
read as one field holding a line break, for the caller to refuse with the field's name,
rather than as a quote that is not closed. A run-on that does not end like a field (its
closing quote followed by more text) is taken for a stray quote: the line alone is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    """One field's text and where it starts: 1-based column, and 0-based line offset within
    its record (a record's earlier field may have run on to later lines)."""

    text: str
    col: int
    line: int = 0
    quoted: bool = False

    def place(self, index: int) -> tuple[int, int]:
        """(line offset, 1-based column) of ``text[index]`` as the file has it: past the
        opening quote, and counting each quote written twice."""
        before = self.text[:index]
        newline = before.rfind("\n")
        if newline < 0:
            offset = self.col - 1 + (1 if self.quoted else 0)
            return self.line, offset + index + (before.count('"') if self.quoted else 0) + 1
        tail = before[newline + 1 :]
        return self.line + before.count("\n"), len(tail) + tail.count('"') + 1


class CsvSyntaxError(ValueError):
    """A line is not valid CSV; ``col`` is the 1-based column of the fault."""

    def __init__(self, col: int, message: str) -> None:
        super().__init__(message)
        self.col = col
        self.message = message


DELIMITERS = (",", ";", "\t")
"""Comma; semicolon, as spreadsheets save CSV where the comma is the decimal mark; tab."""


def guess_delimiter(header: str) -> str:
    """The delimiter of a file whose first line is ``header``: a comma unless the line has
    none and has a semicolon or a tab."""
    if "," in header:
        return ","
    return next((d for d in DELIMITERS[1:] if d in header), ",")


def split_line(line: str, delimiter: str = ",") -> list[Cell]:
    """Split one line (without its line ending) into cells; ``""`` inside quotes is a quote.

    Raises :class:`CsvSyntaxError` for an unclosed quote or text after a closing quote.
    """
    return split_record([line], 0, delimiter)[0]


def split_record(lines: Sequence[str], first: int, delimiter: str = ",") -> tuple[list[Cell], int]:
    """Split the record that starts at ``lines[first]`` into cells; return them and the number
    of lines the record takes.

    A quoted field not closed on its line runs on to the next (its text then holds a ``\\n``)
    while the record, read so, ends well; otherwise it is a quote not closed on that line.
    Raises :class:`CsvSyntaxError` for an unclosed quote or text after a closing quote, with
    the column on ``lines[first]``.
    """
    try:
        return _split(lines, first, delimiter)
    except _RunOn as exc:
        raise CsvSyntaxError(exc.col, "quoted field is not closed on this line") from None


class _RunOn(Exception):
    """A quoted field ran on past its first line and the record then went wrong."""

    def __init__(self, col: int) -> None:
        self.col = col


def _split(lines: Sequence[str], first: int, delimiter: str) -> tuple[list[Cell], int]:
    cells: list[Cell] = []
    row = first
    line, i = lines[row], 0
    run_on: int | None = None  # the column on the first line where a run-on quote opened
    while True:
        start, start_row = i, row
        if i < len(line) and line[i] == '"':
            text: list[str] = []
            i += 1
            while True:
                if i >= len(line):
                    if row + 1 >= len(lines):
                        raise _RunOn(start + 1 if run_on is None else run_on)
                    if run_on is None:  # the first run-on opens on the record's first line
                        run_on = start + 1
                    row += 1
                    line, i = lines[row], 0
                    text.append("\n")
                    continue
                if line[i] == '"':
                    if i + 1 < len(line) and line[i + 1] == '"':
                        text.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                text.append(line[i])
                i += 1
            if i < len(line) and line[i] != delimiter:
                if run_on is not None:
                    raise _RunOn(run_on)
                raise CsvSyntaxError(i + 1, "text after a closing quote; quote the whole field")
            cells.append(Cell("".join(text), start + 1, start_row - first, True))
        else:
            end = line.find(delimiter, i)
            end = len(line) if end < 0 else end
            quote = line.find('"', i, end)
            if quote >= 0:
                if run_on is not None:
                    raise _RunOn(run_on)
                raise CsvSyntaxError(quote + 1, "a quote inside an unquoted field; quote the field")
            cells.append(Cell(line[i:end], start + 1, row - first))
            i = end
        if i >= len(line):
            return cells, row - first + 1
        i += 1  # the delimiter
