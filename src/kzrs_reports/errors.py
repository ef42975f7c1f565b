"""The project's one exception tree.

Every error kzrs-reports raises on purpose derives from :class:`KzrsError`, so the command
line can catch that one class and print a message instead of a traceback::

    KzrsError                 anything kzrs-reports reports to the user
    ├── InputFileError        a data file cannot be opened (missing, a directory, unreadable)
    ├── DataError             a data file was read but holds problems; ``.problems`` lists them
    └── TemplateError         a template set is wrong (names the template file and line)

Recommended exit statuses for the CLI: ``DataError`` → 1 (the data has errors);
``InputFileError`` → 2 (wrong usage: the path given does not name a readable file).
Other subsystems add their own subclasses here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzrs_reports.load.problems import Problem


class KzrsError(Exception):
    """Base class of every error kzrs-reports reports to its user."""


class InputFileError(KzrsError):
    """A data file could not be opened: it does not exist, is a directory, or is unreadable."""


class DataError(KzrsError):
    """A data file holds one or more problems; ``problems`` lists every one, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class TemplateError(KzrsError):
    """A template set is wrong: a Jinja2 error, or Markdown the document model cannot hold.

    The message names the template file and line where it can.
    """
