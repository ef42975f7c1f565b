"""The ``kzrs-reports`` command line.

:func:`main` runs a well-formed ``check`` or ``build`` without the command-line framework
(:mod:`kzrs_reports.cli.check`, :mod:`kzrs_reports.cli.build`), and every other command line
under typer (:mod:`kzrs_reports.cli.app`), so this module imports neither. :func:`program` is
the installed ``kzrs-reports``: :func:`main`, in a process it then leaves at once.
"""

import atexit
import os
import sys
import threading
from contextlib import suppress
from importlib import import_module

from kzrs_reports.cli.plugins import skip_plugin_loader
from kzrs_reports.core import collector

__all__ = ["main", "program"]

QUICK = {
    "check": ("kzrs_reports.cli.check", "quick_check"),
    "build": ("kzrs_reports.cli.build", "quick_build"),
}
"""The commands that can run without typer: the module and function that try to."""


def main() -> None:
    """Run the command line; exits with the command's status (130 on Ctrl-C)."""
    # No pydantic plugin has any business watching a brief being validated, and looking for
    # one costs every command an entry-point scan; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    skip_plugin_loader()
    collector.pause()
    try:
        quick = QUICK.get(sys.argv[1]) if len(sys.argv) > 1 else None
        if quick is not None:
            module, function = quick
            status = getattr(import_module(module), function)(sys.argv[2:])
            if status is not None:
                sys.exit(status)
        from kzrs_reports.cli.app import run

        run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader stopped reading (``check … | head``): exit 1 without a traceback, as
        # typer does, and with nothing left to flush into the closed pipe at exit.
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):  # a stream that is no file has no descriptor
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        sys.exit(1)
    finally:
        collector.restore()


def program() -> None:
    """Run :func:`main` as the ``kzrs-reports`` program: once the command has ended, every
    exit handler has run and standard output and error are flushed, the process ends with
    the command's status without tearing the interpreter down.

    Taking apart some five hundred loaded modules one by one costs a build about 20 ms and
    gives back nothing that the end of the process does not. Every file the command wrote is
    closed and in place by then, and its helper processes have stopped. While a thread still
    runs, or when the streams cannot be flushed (a reader gone), the exit is Python's own.
    """
    try:
        main()
    except SystemExit as exc:
        _leave(exc.code)
        raise


def _leave(status: object) -> None:
    """End the process now with ``status``, as Python would end it, less the teardown; or
    return, when Python's own exit must do it."""
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or threading.active_count() > 1:
        return
    # A code that is neither None nor a number is a message, which Python would print on
    # its way out; this exit comes first, so it is printed here.
    if status is not None and not isinstance(status, int):
        sys.stderr.write(f"{status}\n")
    code = status if isinstance(status, int) else 0 if status is None else 1
    run_exit_handlers()  # in the order Python runs them; they are then cleared
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
