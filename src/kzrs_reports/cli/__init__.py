"""The ``kzrs-reports`` command line."""

from kzrs_reports.cli.app import main

__all__ = ["main"]
