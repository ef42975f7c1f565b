"""Which cores a build's helper processes run on: while the build makes its document, every
core but one, which is left to the build; once the document is made, every core.

On two cores a build and its two writer helpers, all busy at once, would each run at two
thirds of a core, and the build's reading and rendering is what the documents wait for. Kept
to the other core while they only prepare (their libraries, fonts and styled templates), the
helpers have done so by the time the document is ready; then they write side by side.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from contextlib import suppress

_held: dict[Hashable, tuple[int, list[int]]] = {}
"""Each helper kept off the build's core: its process id and the cores to give back."""


def hold_off_first_core(helper: Hashable, pid: int) -> None:
    """Keep ``helper``, process ``pid``, off the first of the cores this process may use,
    until :func:`release`; nothing to do when this process has one core only."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) > 1 and _set_cores(pid, cores[1:]):
        _held[helper] = (pid, cores)


def release(helpers: Iterable[Hashable]) -> None:
    """Let each of ``helpers`` run on every core this process may use, as when it was made."""
    for helper in helpers:
        pid, cores = _held.pop(helper, (0, []))
        if pid:
            _set_cores(pid, cores)


def forget(helpers: Iterable[Hashable]) -> None:
    """Forget ``helpers``, which have stopped."""
    for helper in helpers:
        _held.pop(helper, None)


def _set_cores(pid: int, cores: list[int]) -> bool:
    # A helper that has already ended (or a core taken away meanwhile) is no failure here:
    # the write itself reports whatever went wrong.
    with suppress(OSError):
        os.sched_setaffinity(pid, cores)
        return True
    return False
