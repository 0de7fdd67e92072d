"""Updating exactly the rows a query selects, and knowing which they were."""

from typing import Any

from django.db import transaction
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
