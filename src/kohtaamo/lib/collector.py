"""Pausing Python's cyclic garbage collector around bulk work.

An import builds hundreds of thousands of objects that live until their batch is written (records,
contacts, rows) or to the end (the identity index). The collector runs after every couple of thousand
new objects and walks the young ones each time, and a batch's objects stay young for the whole batch:
a tenth of an import's time went into walks that found nothing, since these objects hold no cycles and
reference counting frees them. Inside :func:`collector_paused` the collector does not run;
:func:`collect_young` between batches sweeps the few cycles there are, walking each object once.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic collection inside (restored as it was when the block ends, however it ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_young() -> None:
    """Collect the youngest generation now: the cycles made since the last call, each object walked once."""
    gc.collect(0)
