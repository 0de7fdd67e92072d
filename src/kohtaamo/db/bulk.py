"""Inserting many model instances fast: ``bulk_create`` without the per-value field machinery.

``bulk_create`` spends tens of microseconds a row preparing every value through its field; the rows
written here (invitations from a rule run, demo answers) are already typed, so they go through the
plain multi-row INSERT of ``kohtaamo.db.rows`` instead.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from .adapt import db_date, db_datetime, db_json
from .rows import insert_rows


def _adapt(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return db_datetime(value)
    if isinstance(field, models.DateField) and isinstance(value, date) and not isinstance(value, datetime):
        return db_date(value)
    if isinstance(field, models.JSONField):
        return db_json(value)
    return value


def bulk_insert(objects: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model and give each its new primary key."""
    if not objects:
        return
    model = type(objects[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields if f.column is not None]  # every concrete field has one
    now = timezone.now()
    for obj in objects:
        for f in fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                setattr(obj, f.attname, getattr(obj, f.attname) or now)
    rows = [tuple(_adapt(f, getattr(obj, f.attname)) for f in fields) for obj in objects]
    ids = insert_rows(model, columns, rows, returning=True)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
