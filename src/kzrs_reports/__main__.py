"""``python -m kzrs_reports`` runs the command line."""

from kzrs_reports.cli import program

program()
