"""Parse functions for the import's worker process that fail the ways a real worker can.

Kept free of Django imports: the forkserver worker imports this module by name before it runs one.
"""

import os
import time


def crash(chunk, **options):
    """The worker dies mid-job (killed by the OOM killer, a segfault in an extension)."""
    os._exit(3)


def hang(chunk, **options):
    """The worker never answers (stuck on a full pipe, a lock)."""
    time.sleep(3600)


def unpicklable(chunk, **options):
    """The worker answers with something that cannot travel back through the pipe."""
    return [(position, lambda: None) for position, _ in chunk]
