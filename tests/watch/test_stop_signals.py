"""A watch session ends on Ctrl-C or SIGTERM: an interrupt stops the builds under way; while
it waits, or collects a rebuild's garbage, the session stops quietly. An interrupt Python
drops (one raised inside a weak reference's callback, as a collection runs hundreds) still
ends it."""

from __future__ import annotations

import os
import signal
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from kzrs_reports.watch.session import WatchSession, stop_on_signals

SIGNALS = [signal.SIGTERM, signal.SIGINT]


class _Thing:
    """Something a weak reference can watch."""


@pytest.fixture
def restored() -> Iterator[None]:
    handlers = {sig: signal.getsignal(sig) for sig in SIGNALS}
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@pytest.fixture
def dropped(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What Python reports it dropped from now on (``sys.unraisablehook``)."""
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


def _session(building: bool) -> WatchSession:
    return WatchSession(files=[], kinds=[], report=print, building=building)


def _signal_in_a_callback(sig: signal.Signals) -> None:
    """Send ``sig`` to this process from inside a weak reference's callback."""
    thing = _Thing()
    watcher = weakref.ref(thing, lambda _: os.kill(os.getpid(), sig))
    del thing
    assert watcher() is None


def _run_a_while() -> None:
    for _ in range(1_000_000):  # a signal's handler runs between two bytecodes
        pass


@pytest.mark.parametrize("sig", SIGNALS)
def it_interrupts_the_builds_under_way(sig: signal.Signals, restored: None) -> None:
    stop = threading.Event()
    stop_on_signals(stop, _session(building=True))
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), sig)
        _run_a_while()
    assert stop.is_set()


@pytest.mark.parametrize("sig", SIGNALS)
def it_stops_quietly_while_it_waits_or_collects(
    sig: signal.Signals, restored: None, dropped: list[Any]
) -> None:
    stop = threading.Event()
    stop_on_signals(stop, _session(building=False))
    _signal_in_a_callback(sig)
    _run_a_while()
    assert stop.is_set()
    assert dropped == []  # nothing raised, so nothing printed


@pytest.mark.parametrize("sig", SIGNALS)
def it_stops_when_python_drops_the_interrupt(
    sig: signal.Signals, restored: None, dropped: list[Any]
) -> None:
    stop = threading.Event()
    stop_on_signals(stop, _session(building=True))
    _signal_in_a_callback(sig)
    assert [d.exc_type for d in dropped] == [KeyboardInterrupt]  # dropped by Python
    assert stop.is_set()
