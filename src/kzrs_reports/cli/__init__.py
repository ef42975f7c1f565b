"""The ``kzrs-reports`` command line.

:func:`main` runs a well-formed ``check`` without the command-line framework
(:mod:`kzrs_reports.cli.check`), and every other command line under typer
(:mod:`kzrs_reports.cli.app`), so this module imports neither.
"""

import os
import sys
from contextlib import suppress

from kzrs_reports.cli.plugins import skip_plugin_loader
from kzrs_reports.core import collector

__all__ = ["main"]


def main() -> None:
    """Run the command line; exits with the command's status (130 on Ctrl-C)."""
    # No pydantic plugin has any business watching a brief being validated, and looking for
    # one costs every command an entry-point scan; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    skip_plugin_loader()
    collector.pause()
    try:
        if sys.argv[1:2] == ["check"]:
            from kzrs_reports.cli.check import quick_check

            status = quick_check(sys.argv[2:])
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
