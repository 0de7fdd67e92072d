"""Retrying a transaction that lost a race: which database errors are transient, and the backoff.

Concurrent writers lose races in a few well-known ways: a unique constraint another transaction
satisfied first (``IntegrityError``), a serialization failure or deadlock the database broke by
aborting one side (PostgreSQL SQLSTATE 40001, 40P01), a lock wait that ran out (55P03), or SQLite's
busy database. Each is worth trying again from the start, after a randomised, growing pause so the
writers do not collide again in lockstep. Anything else is a real error and is raised at once.
"""

import random
import time
from collections.abc import Callable

from django.db import DatabaseError, IntegrityError, OperationalError

TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_BUSY = ("database is locked", "database table is locked")


class StillConflicting(Exception):
    """Every attempt lost a race; the caller may try again later (``retry_after`` seconds is a fair wait)."""

    def __init__(self, attempts: int, last: DatabaseError, retry_after: int) -> None:
        super().__init__(f"{attempts} attempts lost a race with other writers; last: {last}")
        self.attempts, self.last, self.retry_after = attempts, last, retry_after


def is_transient(error: BaseException) -> bool:
    """Would the same transaction, run again from the start, probably succeed?"""
    if isinstance(error, IntegrityError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in TRANSIENT_SQLSTATES
    return any(busy in str(error) for busy in SQLITE_BUSY)


def backoff_seconds(attempt: int, *, base: float = 0.05, cap: float = 2.0) -> float:
    """The pause after failed attempt ``attempt`` (1, 2, …): doubling from ``base`` up to ``cap``, ±50 %."""
    return min(cap, base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)  # noqa: S311 (not for secrets)


def with_retry[T](
    attempt_once: Callable[[], T],
    *,
    attempts: int = 6,
    on_failure: Callable[[DatabaseError], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``attempt_once`` (one whole transaction) until it succeeds, retrying transient errors.

    ``on_failure`` runs after each failed attempt, before the pause (drop caches the rolled-back
    transaction made stale). After ``attempts`` transient failures raises :class:`StillConflicting`.
    """
    for attempt in range(1, attempts + 1):
        try:
            return attempt_once()
        except DatabaseError as error:
            if not is_transient(error):
                raise
            if on_failure is not None:
                on_failure(error)
            if attempt == attempts:
                raise StillConflicting(attempts, error, retry_after=max(1, round(backoff_seconds(attempts)))) from error
            sleep(backoff_seconds(attempt))
    raise AssertionError("unreachable")
