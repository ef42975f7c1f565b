"""How the command line reports an error of the project's and chooses its exit status.

Every command reports a :class:`~kzrs_reports.core.errors.KzrsError` the same way: its
located problems first, one ``file:line:col: field: message`` per line, then one line saying
what was not done; the process exits with the error's own
:attr:`~kzrs_reports.core.errors.KzrsError.exit_status`. The status is never chosen here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from kzrs_reports.core.errors import DataError, KzrsError, PackError


def echo(line: str, err: bool = False) -> None:
    """Print ``line`` on standard output (standard error with ``err``) at once, as
    ``typer.echo`` does, without importing the command-line framework (``check`` runs
    without it: :mod:`kzrs_reports.cli.check`)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(line + "\n")
    stream.flush()


def problem_lines(error: KzrsError) -> list[str]:
    """The located problems ``error`` carries, one line each (none for most errors)."""
    if isinstance(error, DataError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, PackError):
        return list(error.problems)
    return []


def report(error: KzrsError, message: str = "{error}", problems: str | None = None) -> int:
    """Print ``error`` on standard error and return the status to exit with.

    Its located problems come first; then, for a :class:`DataError`, ``problems`` when given
    (``{count}`` is the number of problems), and for any other error ``message`` (``{error}``
    is the error's own text).
    """
    lines = problem_lines(error)
    for line in lines:
        echo(line, err=True)
    if isinstance(error, DataError):
        if problems is not None:
            echo(problems.replace("{count}", str(len(lines))), err=True)
    else:
        echo(message.replace("{error}", str(error)), err=True)
    return error.exit_status


@contextmanager
def reported(message: str = "{error}", problems: str | None = None) -> Iterator[None]:
    """Run the block; an error of the project's it raises is printed by :func:`report` and
    ends the command with the error's exit status."""
    try:
        yield
    except KzrsError as error:
        import typer  # only the commands that run under typer use this

        raise typer.Exit(report(error, message, problems)) from None
