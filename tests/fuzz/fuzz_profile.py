"""Hypothesis settings for the property tests of this folder.

Two profiles: ``fuzz`` (a fresh random search each run, failures kept in an example database
so the next run tries them first) and ``fuzz-ci`` (chosen when ``CI=true``: derandomized, so
every CI run tries the same examples, and no database). Example counts are small because each
valid example builds a brief; ``KZRS_FUZZ_EXAMPLES=300`` builds 300 briefs (and checks ten
times as many invalid files). Hypothesis keeps its files under the system's temporary folder,
never in the repository. The profiles are applied per test, not loaded globally, so no other
test folder's settings change.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

HOME = Path(tempfile.gettempdir()) / "kzrs-reports-hypothesis"
set_hypothesis_home_dir(str(HOME))

BUILDS = int(os.environ.get("KZRS_FUZZ_EXAMPLES", "20"))
"""Valid visits built per run."""
CHECKS = 10 * BUILDS
"""Invalid files checked per run: a check costs a fiftieth of a build."""

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile(
    "fuzz", database=DirectoryBasedExampleDatabase(str(HOME / "examples")), **_COMMON
)
settings.register_profile("fuzz-ci", derandomize=True, database=None, **_COMMON)

PROFILE = settings.get_profile("fuzz-ci" if os.environ.get("CI", "").lower() == "true" else "fuzz")
"""The profile this run uses."""
