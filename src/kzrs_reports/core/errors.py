"""The project's one exception tree, and the exit status each error means.

Every error kzrs-reports raises on purpose derives from :class:`KzrsError`, so a caller (the
command line, a script, a scheduler) can catch that one class; its :attr:`~KzrsError.exit_status`
says what the command line exits with, so the status is chosen here and nowhere else::

    KzrsError                     1   anything kzrs-reports reports to its user
    ├── InputFileError            1   an input file cannot be read (a directory, a pipe…)
    ├── UsageError                2   the command was asked for something it cannot do
    │   ├── OptionError           2   an option's value is refused (names the option)
    │   └── ChoiceError           2   documents asked for that a pack does not hold
    ├── DataError                 1   a data file was read but holds problems (``.problems``)
    ├── TemplateError             1   a template set is wrong (names the file and line)
    │   └── LogoError             1   a house style's logo cannot be used
    ├── LayoutError               1   something cannot be placed on any page of the PDF
    ├── WriteError                1   an output cannot be written (``<file>: cannot write: …``)
    ├── SourceDateError           1   ``SOURCE_DATE_EPOCH`` is not a number of seconds
    ├── PackError                 1   a pack could not be built (a document failed, an annex is bad)
    ├── MailTemplateError         1   an email template is wrong (names the file and line)
    └── SendError                 2   the mail server cannot be used as given
        └── MailServerError       1   the mail server failed: down, TLS, login, connection lost

Status 1 means "the input has errors: nothing was written for it"; 2 means "wrong usage".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from kzrs_reports.core.problems import Problem

FAILED = 1
"""Exit status: the input (data, a template, a pack) has errors, or something could not be
done (an output written, a message sent); nothing was written for that input."""
USAGE = 2
"""Exit status: wrong usage (an unknown option or format, a file that does not exist)."""


def describe(exc: OSError) -> str:
    """The reason an OS error gives, without the file name it may carry: ``No space left
    on device``, ``Permission denied``, ``Read-only file system``."""
    if exc.strerror:
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


class KzrsError(Exception):
    """Base class of every error kzrs-reports reports to its user."""

    exit_status: ClassVar[int] = FAILED
    """What the command line exits with when this error stops it."""


class InputFileError(KzrsError):
    """An input file cannot be read: it is missing, a directory, a pipe or unreadable.

    (A file named on the command line that does not exist is refused earlier, by the command
    line's own checks, as wrong usage.)
    """


class UsageError(KzrsError):
    """The command was asked for something it cannot do (a bad option value, say)."""

    exit_status = USAGE


class OptionError(UsageError):
    """A value the command line refuses, and the option (or argument) it was given for."""

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option
        """How the command line names the option in its message: ``'--format'``, ``FILES``."""

    def __reduce__(self) -> tuple[type[OptionError], tuple[str, str]]:
        return (type(self), (str(self), self.option))


class ChoiceError(UsageError):
    """The documents asked for are not in the pack."""


class DataError(KzrsError):
    """A data file holds one or more problems; ``problems`` lists every one, in line order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))


class TemplateError(KzrsError):
    """A template set is wrong: a Jinja2 error, or Markdown the document model cannot hold.

    The message names the template file and line where it can.
    """


class LogoError(TemplateError):
    """The theme's logo cannot be used; the message names theme.yaml's ``logo`` field."""


class LayoutError(KzrsError):
    """Something cannot be placed on any page (text or a table too big for the house style's
    page and sizes); nothing is written."""


class WriteError(KzrsError):
    """A file could not be written (a read-only folder, a full disk); ``path`` names it.

    The message reads ``<file>: cannot write: <reason>``, ``<file>`` being the file the
    user asked for, never a temporary name.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: cannot write: {reason}")

    def __reduce__(self) -> tuple[type[WriteError], tuple[Path, str]]:
        # Raised in the process that writes the DOCX, re-raised in the one that waits for it.
        return (type(self), (self.path, self.reason))

    @classmethod
    def from_os_error(cls, path: Path, exc: OSError) -> WriteError:
        """The error for ``path`` that ``exc`` describes (its text, without a file name)."""
        return cls(path, describe(exc))


class SourceDateError(KzrsError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds since 1970."""


class PackError(KzrsError):
    """A pack could not be built: a document failed to build, or a part cannot be read.

    ``problems`` holds the ``file:line:col`` lines of a visit file with data problems.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        self.problems = problems
        super().__init__(message)


class MailTemplateError(KzrsError):
    """An email template is wrong: the message names its file and line."""


class SendError(KzrsError):
    """The mail-out cannot start as asked: plain SMTP to another machine, a missing password."""

    exit_status = USAGE


class MailServerError(SendError):
    """The mail server failed the mail-out: it cannot be reached, its TLS cannot be trusted,
    it refused the login or the connection was lost. The message names the server and the
    step; what was not sent is left for the next run."""

    exit_status = FAILED
