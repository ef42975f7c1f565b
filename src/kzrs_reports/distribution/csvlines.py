"""A strict CSV reader that knows the line and column of every field.

Python's :mod:`csv` loses columns and lets a quoted field run over several lines; a recipient's
field that holds a line break is exactly how a mail header is injected, so here a record is one
physical line and a line break is never part of a field.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    """One field's text and the 1-based column where it starts."""

    text: str
    col: int


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
    cells: list[Cell] = []
    i, n = 0, len(line)
    while True:
        start = i
        if i < n and line[i] == '"':
            text: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise CsvSyntaxError(start + 1, "quoted field is not closed on this line")
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        text.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                text.append(line[i])
                i += 1
            if i < n and line[i] != delimiter:
                raise CsvSyntaxError(i + 1, "text after a closing quote; quote the whole field")
            cells.append(Cell("".join(text), start + 1))
        else:
            end = line.find(delimiter, i)
            end = n if end < 0 else end
            quote = line.find('"', i, end)
            if quote >= 0:
                raise CsvSyntaxError(quote + 1, "a quote inside an unquoted field; quote the field")
            cells.append(Cell(line[i:end], start + 1))
            i = end
        if i >= n:
            return cells
        i += 1  # the delimiter
