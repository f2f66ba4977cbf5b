"""Python's cyclic garbage collector paused while a whole appendix is built or read.

A 5.000-row export or import makes some 10^5 objects (model rows, cells, verdicts). With the
collector running, each batch of new objects makes Python walk every live object of the process,
and a Django process holds a few hundred thousand: that walking was a third of an export's time.
Reference counting still frees everything at once; the few reference cycles (a result and its
cached target) are collected when the collector runs again. The pause lasts one export or import.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore it as it was, also on errors."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
