"""Reads of the audit trail, for the admins' page, its downloads and `kohtaamo audit export`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from kohtaamo.privacy.models import AuditEvent
from kohtaamo.workspaces.access import Actor


@dataclass(frozen=True)
class AuditFilters:
    """Which events to show: an action (or its prefix, "customer."), who, which object, a period of days."""

    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date, actor: Actor) -> datetime:
    return datetime.combine(day, time.min, tzinfo=actor.workspace.tz)


def audit_events(*, actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """The workspace's events, newest first, narrowed by ``filters``."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.of(actor).select_related("user", "token")
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.since:
        events = events.filter(at__gte=_day_start(filters.since, actor))
    if filters.until:
        events = events.filter(at__lt=_day_start(filters.until + timedelta(days=1), actor))
    return events.order_by("-at", "-pk")


def audit_actions(*, actor: Actor) -> list[str]:
    """The actions that occur in the workspace's trail (for the filter's choices)."""
    return sorted(set(AuditEvent.objects.of(actor).values_list("action", flat=True).distinct()))
