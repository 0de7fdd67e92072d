"""How a stored forecast compares with what happened: the actuals so far, today's re-forecast, its backtest."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from kohtaamo.lib.forecast import Backtest, backtest, reforecast_rest_of_day
from kohtaamo.lib.intervals import local_days
from kohtaamo.workspaces.access import Actor

from ..models import Forecast
from .history import forecast_events, histories, workspace_holidays
from .planning import forecast_starts

_EPOCH_DAY = date(1970, 1, 1)


@dataclass
class ForecastAccuracy:
    starts: np.ndarray  # UTC epoch of each interval of the forecast
    forecast: np.ndarray  # forecast volume per interval
    actual: np.ndarray  # actual volume per interval; NaN for intervals still ahead
    reforecast: list[float | None]  # today's intervals re-forecast from the morning so far, else None
    backtest: Backtest | None  # the stored backtest re-run, to chart it


def forecast_accuracy(*, actor: Actor, forecast: Forecast, now: datetime) -> ForecastAccuracy:
    """Forecast vs actual for the forecast's own days (so far), today's re-forecast and its backtest."""
    tz = actor.workspace.tz
    starts = forecast_starts(forecast)
    volume = np.asarray(forecast.volume, dtype=np.float64)
    today = now.astimezone(tz).date()
    last = min(forecast.start_date + timedelta(days=forecast.days - 1), today)
    actual = np.full(starts.size, np.nan)
    if last >= forecast.start_date:
        found = histories(
            actor=actor,
            first=forecast.start_date,
            last=last,
            minutes=forecast.interval_minutes,
            queue_id=forecast.queue_id,
            channel=forecast.channel,
        ).get((forecast.queue_id, forecast.channel))
        past = starts < now.timestamp()
        actual[past] = 0.0
        if found is not None:
            pos = np.searchsorted(starts, found.starts)
            ok = (pos < starts.size) & past[np.minimum(pos, starts.size - 1)]
            actual[pos[ok]] = found.volume[ok]
    return ForecastAccuracy(
        starts=starts,
        forecast=volume,
        actual=actual,
        reforecast=_reforecast(starts, volume, actual, tz, today, now),
        backtest=_backtest(actor, forecast),
    )


def _reforecast(
    starts: np.ndarray, volume: np.ndarray, actual: np.ndarray, tz: ZoneInfo, today: date, now: datetime
) -> list[float | None]:
    todays = np.flatnonzero(local_days(starts, tz) == (today - _EPOCH_DAY).days)
    out: list[float | None] = [None] * starts.size
    if not todays.size:
        return out
    done = todays[starts[todays] + 0 < now.timestamp()]
    seen = actual[done]
    new_day, _ratio = reforecast_rest_of_day(volume[todays], np.nan_to_num(seen))
    for i, v in zip(todays, new_day, strict=True):
        out[int(i)] = float(v)
    return out


def _backtest(actor: Actor, forecast: Forecast) -> Backtest | None:
    """Re-run the backtest stored with the forecast (its figures are stored, its series are not)."""
    info = forecast.backtest or {}
    if not info.get("holdout_days"):
        return None
    last = forecast.start_date - timedelta(days=1)
    first = last - timedelta(days=forecast.history_days - 1)
    found = histories(
        actor=actor,
        first=first,
        last=last,
        minutes=forecast.interval_minutes,
        queue_id=forecast.queue_id,
        channel=forecast.channel,
    ).get((forecast.queue_id, forecast.channel))
    if found is None:
        return None
    return backtest(
        found,
        tz=actor.workspace.tz,
        interval_minutes=forecast.interval_minutes,
        holdout_days=info["holdout_days"],
        holidays=workspace_holidays(actor.workspace, range(first.year, last.year + 1)),
        events=forecast_events(actor=actor, queue_id=forecast.queue_id),
    )
