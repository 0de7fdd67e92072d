"""Writes: forecasts built from interaction history, and the event adjustments they take into account."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from kohtaamo.lib.forecast import Event, History, backtest, forecast
from kohtaamo.lib.intervals import local_days
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Queue, Workspace

from ..models import EventAdjustment, Forecast
from ..selectors.history import forecast_events, histories, workspace_holidays

MIN_DAYS, MIN_CONTACTS = 14, 50
BACKTEST_DAYS = 28


@transaction.atomic
def forecasts_build(
    *,
    workspace: Workspace,
    start: date,
    days: int,
    interval_minutes: int = 30,
    history_days: int = 182,
    created_by: AbstractBaseUser | None = None,
) -> tuple[list[Forecast], list[str]]:
    """Forecast every queue and channel with enough history; returns the forecasts and what was skipped.

    Each forecast carries a backtest over the last four weeks of its history (WAPE and bias at interval
    and day level), so a planner can see how far to trust it.
    """
    last = start - timedelta(days=1)
    first = last - timedelta(days=history_days - 1)
    actor = Actor.system(workspace)
    calendar = workspace_holidays(workspace, range(first.year, start.year + days // 365 + 2))
    queues = {q.pk: q for q in Queue.objects.of(actor)}
    built, skipped = [], []
    for (queue_id, channel), history in sorted(
        histories(actor=actor, first=first, last=last, minutes=interval_minutes).items()
    ):
        name = f"{queues[queue_id].name} · {channel}"
        active_days = np.flatnonzero(history.volume).size
        if history.volume.sum() < MIN_CONTACTS or active_days < MIN_DAYS or history.handled.sum() == 0:
            skipped.append(name)
            continue
        history = _trimmed(history, workspace.tz)
        events = forecast_events(actor=actor, queue_id=queue_id)
        result = forecast(
            history,
            tz=workspace.tz,
            interval_minutes=interval_minutes,
            start=start,
            days=days,
            holidays=calendar,
            events=events,
        )
        test = _backtest(history, workspace, interval_minutes, calendar, events)
        aht = np.where(np.isfinite(result.aht_seconds), result.aht_seconds, np.nanmean(result.aht_seconds))
        row = Forecast(
            workspace=workspace,
            queue_id=queue_id,
            channel=channel,
            interval_minutes=interval_minutes,
            start_date=start,
            days=days,
            volume=np.round(result.volume, 3).tolist(),
            aht_seconds=np.round(aht, 1).tolist(),
            method=result.method,
            history_days=int((history.starts[-1] - history.starts[0]) // 86400) + 1,
            backtest=test,
            created_by=created_by,
        )
        row.full_clean()
        row.save()
        built.append(row)
    return built, skipped


def _trimmed(history: History, tz: ZoneInfo) -> History:
    """Drop the empty days before a queue's first contact: a new queue has no history, not zero demand."""
    days = local_days(history.starts, tz)
    cut = slice(int(np.searchsorted(days, days[np.flatnonzero(history.volume)[0]])), None)
    return History(history.starts[cut], history.volume[cut], history.handle_seconds[cut], history.handled[cut])


def _backtest(
    history: History,
    workspace: Workspace,
    minutes: int,
    calendar: holiday_calendars.HolidayBase,
    events: list[Event],
) -> dict:
    span_days = int((history.starts[-1] - history.starts[0]) // 86400) + 1
    holdout = min(BACKTEST_DAYS, span_days // 3)
    if holdout < 7:
        return {}
    test = backtest(
        history, tz=workspace.tz, interval_minutes=minutes, holdout_days=holdout, holidays=calendar, events=events
    )
    return {
        "holdout_days": test.holdout_days,
        "actual": round(test.actual_total, 1),
        "forecast": round(test.forecast_total, 1),
        "wape_interval": test.wape_interval,
        "wape_day": test.wape_day,
        "bias": test.bias,
    }


@transaction.atomic
def event_create(
    *, workspace: Workspace, name: str, start_date: date, end_date: date, percent: float, queue: Queue | None = None
) -> EventAdjustment:
    """Record a known campaign or storm; forecasts built afterwards apply it."""
    if queue is not None and queue.workspace_id != workspace.pk:
        raise ValueError("the queue belongs to another workspace")
    event = EventAdjustment(
        workspace=workspace, name=name, queue=queue, start_date=start_date, end_date=end_date, percent=percent
    )
    event.full_clean()
    event.save()
    return event
