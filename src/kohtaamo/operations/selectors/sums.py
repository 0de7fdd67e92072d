"""The KPI sums of contacts per UTC quarter-hour: the one query behind the KPI table, heatmap and roll-ups.

Each KPI has exactly one definition (docs/kpis.md); every figure is a ratio of these additive sums, so the
KPI pages may add them up from the interactions or from their roll-ups (``operations.kpi_rollups``) alike.
"""

from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kohtaamo.db.time import quarter_hour
from kohtaamo.timeline.models import Channel, Interaction
from kohtaamo.workspaces.access import Actor

from ..models import OperationsSettings

SUMS = (
    "offered",
    "answered",
    "abandons",
    "short_abandoned",
    "within_sl",
    "wait_sum",
    "handle_sum",
    "handled",
    "first_contacts",
    "first_resolved",
)


def operations_settings(*, actor: Actor) -> OperationsSettings:
    """The workspace's KPI settings (defaults until someone changes them; not saved until then)."""
    found = OperationsSettings.objects.of(actor).first()
    return found or OperationsSettings(workspace=actor.workspace)


def queued_contacts(actor: Actor) -> QuerySet[Interaction]:
    """Inbound contacts that reached a queue or an agent, in the actor's workspace: what the KPIs count."""
    queued = Q(queue__isnull=False) | Q(answered_at__isnull=False) | Q(abandoned=True)
    return Interaction.objects.of(actor).filter(queued, direction="inbound")


def _within_sl(settings: OperationsSettings) -> Case:
    """1 for a contact answered within its own channel's service-level threshold, else 0."""
    whens = [
        When(channel=channel, wait_seconds__lte=settings.service_level(channel)[1], then=Value(1))
        for channel in Channel.values
    ]
    return Case(*whens, default=Value(0))


def sums_query(
    actor: Actor, contacts: QuerySet[Interaction], settings: OperationsSettings, *columns: str
) -> QuerySet[Interaction]:
    """The KPI sums of ``contacts`` per UTC quarter-hour (``slot``) and ``columns`` (the first is ``key``)."""
    answered = Q(answered_at__isnull=False, abandoned=False)
    short = Q(abandoned=True, wait_seconds__lt=settings.short_abandon_seconds)
    with_handle = answered & Q(handle_seconds__isnull=False)
    window = timedelta(days=actor.workspace.case_window_days)
    repeat = Interaction.objects.of(actor).filter(
        case=OuterRef("case"),
        started_at__gt=OuterRef("started_at"),
        started_at__lte=ExpressionWrapper(OuterRef("started_at") + Value(window), output_field=DateTimeField()),
    )
    first = answered & Q(is_repeat=False, case__isnull=False)
    group = {"slot": quarter_hour("started_at")}
    group.update({name: F(column) for name, column in zip(("key", "key2"), columns, strict=False)})
    return contacts.values(**group).annotate(
        offered=Count("pk"),
        answered=Count("pk", filter=answered),
        # Not named "abandoned": an annotation shadowing a field would change the filters after it.
        abandons=Count("pk", filter=Q(abandoned=True) & ~short),
        short_abandoned=Count("pk", filter=short),
        within_sl=Sum(_within_sl(settings), filter=answered),
        wait_sum=Sum(Coalesce("wait_seconds", 0.0, output_field=FloatField()), filter=answered),
        handle_sum=Sum(
            F("handle_seconds") + Coalesce("wrap_seconds", 0.0, output_field=FloatField()), filter=with_handle
        ),
        handled=Count("pk", filter=with_handle),
        first_contacts=Count("pk", filter=first),
        first_resolved=Count("pk", filter=first & ~Exists(repeat)),
    )
