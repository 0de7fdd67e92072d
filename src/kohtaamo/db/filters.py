"""Optional filters: the API lists' "narrow by this when it was given" in one call instead of an ``if`` each."""

from typing import Any

from django.db.models import Model, QuerySet


def filter_given[M: Model](rows: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``rows`` filtered by each lookup whose value was given: ``None`` and ``""`` mean "not asked".

    ``False`` and ``0`` are values, not absences (``?completed=false`` narrows to incomplete rows). The
    lookups are ordinary Django ones, so a range reads ``started_at__gte=start, started_at__lt=end``.
    """
    given = {lookup: value for lookup, value in lookups.items() if value is not None and value != ""}
    return rows.filter(**given) if given else rows
