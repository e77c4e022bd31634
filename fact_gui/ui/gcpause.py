"""Pause Python's cyclic garbage collector across a short burst of allocations on the GUI thread."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off.

    Opening an article allocates tens of thousands of small tuples, which sets off
    full collections that scan every object the app holds (tens of ms, measured);
    none of these tuples form cycles, so the collector can wait until the burst ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_startup_objects() -> None:
    """Move everything alive after start-up out of the collector's way (gc.freeze)."""
    gc.collect()
    gc.freeze()
