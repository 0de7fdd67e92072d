"""Updating exactly the rows a query selects, and knowing which they were; named locks for writers."""

import zlib
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet


def update_locked(rows: QuerySet, **fields: Any) -> set[int]:
    """Update the rows ``rows`` selects with ``fields`` in one transaction; the ids of the rows updated.

    ``QuerySet.update`` only counts the rows it changed. Callers that must know *which* (a worker updating
    only the rows it still holds) get them here: the rows are locked as they are read (``FOR UPDATE`` on
    PostgreSQL; SQLite's IMMEDIATE transactions hold the database's write lock), so no other transaction
    changes the selection between reading the ids and updating them.
    """
    with transaction.atomic():
        ids = set(rows.select_for_update().values_list("pk", flat=True))
        rows.model._default_manager.filter(pk__in=ids).update(**fields)
    return ids


def advisory_lock(name: str, key: int, *, timeout_seconds: float = 30) -> None:
    """Hold the lock named ``(name, key)`` until the current transaction ends.

    PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``), taken again freely by the
    same transaction, released by its commit or rollback; waiting longer than ``timeout_seconds`` raises
    the lock-timeout ``OperationalError`` (SQLSTATE 55P03) that ``kohtaamo.db.retry`` counts as transient.
    SQLite needs nothing: its IMMEDIATE transactions already hold the whole database's write lock.
    """
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_lock() outside a transaction would be released at once")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(timeout_seconds * 1000)}ms"])
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_lock_class(name), key])


def _lock_class(name: str) -> int:
    # The first of the two int4 keys names what is locked, so locks of different kinds never collide.
    return zlib.crc32(name.encode()) & 0x7FFFFFFF
