"""Backlog and age of written contacts still waiting for an answer (email and messaging channels)."""

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from django.db.models import Avg, Count, Min, Q, QuerySet

from kohtaamo.db.time import Epoch, quarter_hour
from kohtaamo.lib.intervals import bucket_starts, grain_starts, local_datetime, local_midnight
from kohtaamo.lib.staffing.required import BACKLOG_CHANNELS
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor


@dataclass
class Backlog:
    starts: list[datetime]  # local bucket starts
    waiting: list[int]  # contacts waiting at the end of each bucket
    at: datetime  # when the age figures below were measured
    open_now: int
    oldest_hours: float | None
    mean_age_hours: float | None


def _waiting(actor: Actor, channels: list[str], at: datetime) -> QuerySet[Interaction]:
    """Written contacts that had arrived by ``at`` and were not answered (nor withdrawn) by then."""
    return Interaction.objects.of(actor).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gt=at),
        direction="inbound",
        channel__in=channels,
        abandoned=False,
        started_at__lte=at,
    )


def backlog(
    *, actor: Actor, start: date, end: date, grain: str = "day", channel: str | None = None, now: datetime
) -> Backlog:
    """How many written contacts were waiting at the end of each local bucket, and how old they are now.

    The count at the end of a bucket is: waiting at the start of the range, plus arrivals, minus answers.
    Ages are measured at the end of the range or ``now``, whichever is earlier.
    """
    tz = actor.workspace.tz
    channels = [channel] if channel else list(BACKLOG_CHANNELS)
    since = local_datetime(local_midnight(start, tz), tz)
    until = local_datetime(local_midnight(end, tz), tz)
    base = Interaction.objects.of(actor).filter(direction="inbound", channel__in=channels, abandoned=False)
    initial = _waiting(actor, channels, since).filter(started_at__lt=since).count()
    arrivals = base.filter(started_at__gte=since, started_at__lt=until).values(slot=quarter_hour("started_at"))
    answers = base.filter(answered_at__gte=since, answered_at__lt=until).values(slot=quarter_hour("answered_at"))
    starts = grain_starts(start, end, tz, grain)
    change = np.zeros(starts.size)
    for rows, sign in ((arrivals.annotate(n=Count("pk")), 1), (answers.annotate(n=Count("pk")), -1)):
        rows = list(rows)
        if not rows:
            continue
        slots = np.array([r["slot"] for r in rows], dtype=np.int64) * 900
        position = np.searchsorted(starts, bucket_starts(slots, tz, grain))
        np.add.at(change, position, sign * np.array([r["n"] for r in rows], dtype=np.float64))
    at = min(until, now)
    aged = _waiting(actor, channels, at).aggregate(
        n=Count("pk"), first=Min("started_at"), mean=Avg(Epoch("started_at"))
    )
    return Backlog(
        starts=[local_datetime(s, tz) for s in starts],
        waiting=[int(v) for v in initial + np.cumsum(change)],
        at=at,
        open_now=aged["n"],
        oldest_hours=(at - aged["first"]).total_seconds() / 3600 if aged["first"] else None,
        mean_age_hours=(at.timestamp() - aged["mean"]) / 3600 if aged["mean"] is not None else None,
    )
