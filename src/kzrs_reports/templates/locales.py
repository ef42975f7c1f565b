"""Babel's locales, their data read once per Babel version and kept for later processes.

Babel reads a locale's data by unpickling its file and those of the locales it inherits from
(``root``, ``en`` and ``en_001`` for British English) and merging them: some 15 ms at the
start of every build that formats a date, the same result every time for one version of
Babel. The merged data is kept in the cache folder (:mod:`kzrs_reports.core.cache`) and put
into Babel's own table of loaded locales, which ``babel.localedata.load`` consults before it
reads any file (``babel.localedata._cache``); a Babel without that table simply reads its
files, as it always does. The kept pickle is read as data, not code: its unpickler makes
nothing but the four classes Babel's data is made of.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from functools import cache
from typing import Any

from babel import Locale, localedata
from babel import __version__ as babel_version

from kzrs_reports.core.cache import keep, read_kept

_DATA_CLASSES = {
    ("babel.dates", "DateTimePattern"),
    ("babel.localedata", "Alias"),
    ("babel.numbers", "NumberPattern"),
    ("babel.plural", "PluralRule"),
}
"""The classes in Babel's locale data: the only ones a kept locale's unpickler makes."""


@cache
def babel_locale(language: str) -> Locale:
    """Babel's locale for ``language`` (a BCP 47 tag), its data in memory: read from what an
    earlier process kept, or by Babel, then kept. Raises as ``Locale.parse`` does."""
    locale = Locale.parse(language, sep="-")
    _load(str(locale))
    return locale


def _load(name: str) -> None:
    loaded = getattr(localedata, "_cache", None)
    lock = getattr(localedata, "_cache_lock", None)
    if not isinstance(loaded, dict) or lock is None or name in loaded:
        return
    entry = "babel-" + hashlib.sha256(f"{babel_version}\0{name}".encode()).hexdigest()
    kept = read_kept(entry)
    data = _unpickle(kept) if kept is not None else None
    if isinstance(data, dict):
        with lock:
            loaded.setdefault(name, data)
        return
    keep(entry, pickle.dumps(localedata.load(name), protocol=pickle.HIGHEST_PROTOCOL))


def _unpickle(kept: bytes) -> Any:
    try:
        return _DataUnpickler(io.BytesIO(kept)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None


class _DataUnpickler(pickle.Unpickler):
    """An unpickler that makes Babel's data classes and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _DATA_CLASSES:
            raise pickle.UnpicklingError(f"not locale data: {module}.{name}")
        return super().find_class(module, name)
