"""A real brief PDF built from the sample, and recipients and settings for the mail tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from smtpserver import (  # noqa: F401  (fixtures for every test here)
    hanging_up_server,
    server,
    tls_server,
)

from clirun import SAMPLE, kzrs
from kzrs_reports.distribution.messages import Attachment, MailSettings


@pytest.fixture(scope="session")
def brief_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief, built by the command line as a user builds it."""
    out = tmp_path_factory.mktemp("built")
    run = kzrs("build", SAMPLE, "--out", out, "--charts-dir", out / "charts", "-f", "pdf")
    assert run.code == 0, run.err
    (pdf,) = out.glob("*.pdf")
    return pdf


@pytest.fixture
def documents(brief_pdf: Path, tmp_path: Path) -> list[Attachment]:
    """The brief (OFFICIAL) and a second copy marked SECRET, as an annex."""
    annex = tmp_path / "Annex with a free-text name; rm -rf.pdf"
    annex.write_bytes(brief_pdf.read_bytes() + b"\n% annex\n")
    return [
        Attachment(brief_pdf, "OFFICIAL", "kz-rs-visit-2026"),
        Attachment(annex, "SECRET", "annex-a"),
    ]


@pytest.fixture
def settings() -> MailSettings:
    """A fixed sender and clock."""
    return MailSettings(
        sender="briefs@mfa.example.kz",
        sender_name="Briefing Unit",
        title="State visit of the President of Serbia",
        date=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
    )
