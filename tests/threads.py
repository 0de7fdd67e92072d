"""Work started at the same moment in threads, each on its own database connection (the concurrency tests)."""

import threading
from collections.abc import Callable

from django.db import connection


def run_together(works: list[Callable[[], object]], *, timeout: float = 300) -> list[BaseException]:
    """Run every ``work`` in its own thread, released together by a barrier; the errors they raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(works))

    def wrapped(work: Callable[[], object]) -> None:
        try:
            barrier.wait(30)
            work()
        except BaseException as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return errors
