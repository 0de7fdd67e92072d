"""Contact history per queue and channel on a full interval grid, and the calendar forecasts learn from."""

from collections.abc import Iterable
from datetime import date, timedelta

import holidays as holiday_calendars
import numpy as np
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Coalesce

from kohtaamo.db.time import quarter_hour
from kohtaamo.lib.forecast import Event, History
from kohtaamo.lib.intervals import grain_starts, local_datetime, local_midnight
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from ..models import EventAdjustment

# Channels whose contacts are worth forecasting for staffing (self-service and outbound are not).
FORECAST_CHANNELS = ("phone", "chat", "email", "whatsapp", "sms", "social", "in_person")


def histories(
    *,
    actor: Actor,
    first: date,
    last: date,
    minutes: int,
    queue_id: int | None = None,
    channel: str | None = None,
) -> dict[tuple[int, str], History]:
    """Offered contacts and handle time per (queue, channel) on a full grid of ``minutes`` intervals."""
    tz = actor.workspace.tz
    since = local_datetime(local_midnight(first, tz), tz)
    until = local_datetime(local_midnight(last + timedelta(days=1), tz), tz)
    answered = Q(answered_at__isnull=False, abandoned=False, handle_seconds__isnull=False)
    rows = (
        Interaction.objects.of(actor)
        .filter(
            direction="inbound",
            queue__isnull=False,
            channel__in=FORECAST_CHANNELS,
            started_at__gte=since,
            started_at__lt=until,
        )
        .filter(**{k: v for k, v in {"queue_id": queue_id, "channel": channel}.items() if v is not None})
        .values("queue_id", "channel", slot=quarter_hour("started_at"))
        .annotate(
            n=Count("pk"),
            handled=Count("pk", filter=answered),
            handle=Sum(F("handle_seconds") + Coalesce("wrap_seconds", 0.0, output_field=FloatField()), filter=answered),
        )
    )
    grid = grain_starts(first, last + timedelta(days=1), tz, f"{minutes}min")
    size = minutes * 60
    out: dict[tuple[int, str], list[np.ndarray]] = {}
    for row in rows:
        key = (row["queue_id"], row["channel"])
        arrays = out.setdefault(key, [np.zeros(grid.size) for _ in range(3)])
        epoch = row["slot"] * 900
        # The quarter-hour's interval: the last grid start at or before it.
        pos = int(np.searchsorted(grid, epoch, side="right")) - 1
        if pos < 0 or epoch - grid[pos] >= size:
            continue
        arrays[0][pos] += row["n"]
        arrays[1][pos] += row["handle"] or 0.0
        arrays[2][pos] += row["handled"]
    return {key: History(grid, v, h, n) for key, (v, h, n) in out.items()}


def workspace_holidays(workspace: Workspace, years: Iterable[int]) -> holiday_calendars.HolidayBase:
    """Public holidays of the workspace's country (empty when the ``holidays`` package does not know it)."""
    try:
        return holiday_calendars.country_holidays(workspace.country, years=years)
    except NotImplementedError:
        return holiday_calendars.HolidayBase()


def forecast_events(*, actor: Actor, queue_id: int | None) -> list[Event]:
    """The known events a forecast of ``queue_id`` applies: those of every queue and of that queue."""
    rows = EventAdjustment.objects.of(actor).filter(Q(queue__isnull=True) | Q(queue_id=queue_id))
    return [Event(e.start_date, e.end_date, e.percent / 100) for e in rows]
