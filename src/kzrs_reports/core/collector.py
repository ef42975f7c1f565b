"""Python's cyclic garbage collector, paused for a command's short life.

A command that builds one brief runs for well under a second and makes mostly objects that
live until it exits: modules, classes, fonts, the content model. The collector's full passes
over that growing heap while the libraries load cost an edit build about a tenth of its
time, and its last pass at exit several tens of milliseconds more, and free almost nothing.
So the command line pauses it (:func:`pause`), and whatever runs for as long as its input
is large — ``watch``, a batch of files, a mail-out — resumes it (:func:`resume`) before it
makes its garbage, without ever looking again at what was loaded before.

Only a pause this module made is ever resumed: a program using the library keeps the
collector as it set it.
"""

from __future__ import annotations

import atexit
import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until :func:`resume`, and skip the collection at exit."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
        # Objects still tracked at exit are frozen first, so the interpreter's last
        # collection has nothing to walk; the memory goes back with the process.
        atexit.register(gc.freeze)


def resume() -> None:
    """Collect as usual from now on if :func:`pause` stopped it: the garbage made so far is
    freed now, and what is left (loaded libraries, warm caches, living until exit) is kept
    out of every later collection."""
    global _paused
    if _paused:
        gc.collect()
        gc.freeze()
        # Python runs a full collection only once the objects promoted since the last one
        # reach a quarter of those it then kept; left at the count just frozen, that would
        # let a long run's garbage grow by a quarter of the whole heap between two. An empty
        # collection now counts from the unfrozen objects alone.
        gc.collect()
        gc.enable()
        _paused = False


def restore() -> None:
    """Collect as usual again if :func:`pause` stopped it, leaving nothing frozen (what
    :func:`resume` froze included): for the end of a command run inside a longer-lived
    program (a test calling the command line)."""
    global _paused
    if _paused:
        # Whatever the command made is still in the youngest generation, and the first
        # allocation after enable() would walk all of it; moved to the oldest, it waits for
        # the next full collection, and a process that is about to exit never pays.
        gc.freeze()
        gc.unfreeze()
        gc.enable()
        _paused = False
