"""Contact volume and handle-time forecasts per queue and interval, with backtests (pure, no Django).

The method is chosen to be robust on a few months of history, which is what a new contact centre has:

1. **Daily totals.** Local days are summed. Public holidays and days of known events (a campaign, a
   storm entered by the user) are taken out of the fitting data: holidays become missing, event days
   are divided by their uplift. Remaining outliers (a day above 1.6× or below 0.4× the median of the
   same weekday in the surrounding weeks) are replaced by that median, so an unannounced storm week
   does not teach the model a permanent surge. Missing days are filled the same way.
2. **Model of the daily series.** Holt–Winters exponential smoothing with a damped additive trend and
   additive weekly seasonality (statsmodels). With two years or more, MSTL first removes a yearly
   component (periods 7 and 365), which is added back from the same day a year earlier. With under
   three weeks, the mean of each weekday is used.
3. **Calendar.** A forecast public holiday is scaled by the median holiday-to-baseline ratio seen in the
   history, or forecast like a Sunday of that week when the history has no holiday. Event adjustments
   multiply the days they cover.
4. **Intraday split.** Each weekday has its own profile (share of the day per local wall-clock interval),
   averaged over the last eight clean weeks and smoothed with a 1-2-1 kernel. A day's intervals take
   their shares by local time of day and are renormalised, so a 23- or 25-hour DST day keeps its total.
5. **Handle time** per weekday and interval is the answered-weighted mean of the last eight weeks,
   shrunk toward the overall mean with the weight of five contacts, so a quiet interval's single long
   call does not set its AHT.

WAPE (sum of absolute errors over the actual total) and signed bias (forecast minus actual over the
actual total) are the backtest measures: MAPE divides by each interval's actual and breaks on quiet ones.
"""

import warnings
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from .intervals import grain_starts, local_days, wall_clock

MIN_HISTORY_DAYS = 7
OUTLIER_HIGH, OUTLIER_LOW = 1.6, 0.4
PROFILE_WEEKS = 8
AHT_PRIOR_CONTACTS = 5.0
REFORECAST_PRIOR_CONTACTS = 10.0
_EPOCH_DAY = date(1970, 1, 1)


@dataclass(frozen=True)
class Event:
    """A known deviation: ``uplift`` is +0.3 for +30 % (a storm), -0.2 for -20 %, on days ``start``–``end``."""

    start: date
    end: date  # inclusive
    uplift: float

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class History:
    """Contacts per interval of one queue on a complete grid of local days (``starts`` are UTC epochs)."""

    starts: NDArray[np.int64]
    volume: NDArray[np.float64]
    handle_seconds: NDArray[np.float64]  # sum of handle + wrap of answered contacts
    handled: NDArray[np.float64]  # answered contacts with a handle time


@dataclass
class Forecast:
    starts: NDArray[np.int64]
    volume: NDArray[np.float64]
    aht_seconds: NDArray[np.float64]
    days: list[date]
    daily: NDArray[np.float64]
    method: str
    notes: list[str] = field(default_factory=list)


def _day(index: int) -> date:
    return _EPOCH_DAY + timedelta(days=int(index))


def _multiplier(day: date, events: Sequence[Event]) -> float:
    factor = 1.0
    for event in events:
        if event.covers(day):
            factor *= 1.0 + event.uplift
    return factor


def _weekday_median(values: NDArray[np.float64], weekdays: NDArray[np.int64], at: int, weeks: int = 3) -> float:
    """Median of the same weekday within ``weeks`` weeks either side of position ``at`` (NaNs ignored)."""
    lo, hi = max(0, at - 7 * weeks), min(values.size, at + 7 * weeks + 1)
    same = values[lo:hi][weekdays[lo:hi] == weekdays[at]]
    same = same[np.isfinite(same)]
    return float(np.median(same)) if same.size else float("nan")


def clean_daily(
    days: list[date], totals: NDArray[np.float64], holidays: Container[date], events: Sequence[Event]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Daily totals with holidays, event days and outliers replaced by a same-weekday median; and which were."""
    weekdays = np.array([d.weekday() for d in days])
    values = np.array([t / _multiplier(d, events) for d, t in zip(days, totals, strict=True)], dtype=np.float64)
    marked = np.array([d in holidays for d in days], dtype=bool)
    values[marked] = np.nan
    for i in range(values.size):
        if marked[i]:
            continue
        baseline = _weekday_median(values, weekdays, i)
        if (
            np.isfinite(baseline)
            and baseline >= 5
            and not (OUTLIER_LOW * baseline <= values[i] <= OUTLIER_HIGH * baseline)
        ):
            marked[i] = True
    cleaned = values.copy()
    cleaned[marked] = np.nan
    for i in np.flatnonzero(marked).tolist():
        replacement = _weekday_median(cleaned, weekdays, i, weeks=4)
        cleaned[i] = (
            replacement if np.isfinite(replacement) else np.nanmean(cleaned) if np.isfinite(cleaned).any() else 0
        )
    return cleaned, marked


def _fit_daily(values: NDArray[np.float64], first: date, horizon: int) -> tuple[NDArray[np.float64], str]:
    """Forecast ``horizon`` days after the series; returns the forecast and a name of the method used."""
    n = values.size
    if n < 21:
        weekdays = np.array([(first + timedelta(days=i)).weekday() for i in range(n)])
        means = {
            w: float(values[weekdays == w].mean()) if (weekdays == w).any() else float(values.mean()) for w in range(7)
        }
        out = np.array([means[(first + timedelta(days=n + h)).weekday()] for h in range(horizon)])
        return out, "weekday means"
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yearly = _yearly_component(values) if n >= 730 else None
        model = ExponentialSmoothing(
            values if yearly is None else values - yearly,
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=7,
            initialization_method="estimated",
        ).fit(method="least_squares", use_brute=False)
        ahead = np.asarray(model.forecast(horizon))
    if yearly is None:
        return np.maximum(ahead, 0.0), "Holt-Winters (damped trend, weekly)"
    same_day_last_year = np.array([yearly[n + h - 365 * (1 + h // 365)] for h in range(horizon)])
    return np.maximum(ahead + same_day_last_year, 0.0), "MSTL (weekly + yearly) and Holt-Winters"


def _yearly_component(values: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """The yearly seasonal component by MSTL (periods 7 and 365), or None when MSTL cannot separate it."""
    from statsmodels.tsa.seasonal import MSTL

    seasonal = np.asarray(MSTL(values, periods=(7, 365)).fit().seasonal)
    return seasonal[:, 1] if seasonal.ndim == 2 and seasonal.shape[1] == 2 else None


def _profiles(
    history: History, tz: ZoneInfo, minutes: int, skip_days: set[int]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per weekday: share of the day per interval-of-day bin, and AHT per bin (last ``PROFILE_WEEKS`` weeks)."""
    bins = 1440 // minutes
    days = local_days(history.starts, tz)
    weekday, minute = wall_clock(history.starts, tz)
    recent = days >= days.max() - 7 * PROFILE_WEEKS if days.size else days
    usable = recent & ~np.isin(days, list(skip_days))
    slot = minute // minutes
    index = weekday * bins + slot
    volume = np.bincount(index[usable], history.volume[usable], minlength=7 * bins).reshape(7, bins)
    handle = np.bincount(index[recent], history.handle_seconds[recent], minlength=7 * bins).reshape(7, bins)
    handled = np.bincount(index[recent], history.handled[recent], minlength=7 * bins).reshape(7, bins)
    padded = np.pad(volume, ((0, 0), (1, 1)), mode="edge")
    smooth = 0.25 * padded[:, :-2] + 0.5 * padded[:, 1:-1] + 0.25 * padded[:, 2:]
    smooth[volume.sum(axis=1) == 0] = 0.0
    mean_aht = handle.sum() / handled.sum() if handled.sum() > 0 else float("nan")
    aht = (handle + AHT_PRIOR_CONTACTS * mean_aht) / (handled + AHT_PRIOR_CONTACTS)
    return smooth, aht


def _holiday_ratio(
    days: list[date], totals: NDArray[np.float64], baseline: NDArray[np.float64], holidays: Container[date]
) -> float | None:
    ratios = [t / b for d, t, b in zip(days, totals, baseline, strict=True) if d in holidays and b > 0]
    return float(np.median(ratios)) if ratios else None


def forecast(
    history: History,
    *,
    tz: ZoneInfo,
    interval_minutes: int,
    start: date,
    days: int,
    holidays: Container[date] = frozenset(),
    events: Sequence[Event] = (),
) -> Forecast:
    """Volume and AHT per ``interval_minutes`` interval for ``days`` local days from ``start``.

    ``history`` must end before ``start``; the gap between them, if any, is forecast and discarded.
    """
    if interval_minutes not in (15, 30, 60):
        raise ValueError(f"interval must be 15, 30 or 60 minutes, got {interval_minutes!r}")
    if days < 1:
        raise ValueError(f"forecast at least one day, got {days!r}")
    day_index = local_days(history.starts, tz)
    if not day_index.size:
        raise ValueError(f"a forecast needs at least {MIN_HISTORY_DAYS} days of history, got none")
    first, last = int(day_index.min()), int(day_index.max())
    history_days = [_day(i) for i in range(first, last + 1)]
    if len(history_days) < MIN_HISTORY_DAYS:
        raise ValueError(f"a forecast needs at least {MIN_HISTORY_DAYS} days of history, got {len(history_days)}")
    if start <= history_days[-1]:
        raise ValueError("the forecast must start after the last day of history")
    totals = np.bincount(day_index - first, history.volume, minlength=len(history_days))
    cleaned, marked = clean_daily(history_days, totals, holidays, events)
    gap = (start - history_days[-1]).days - 1
    ahead, method = _fit_daily(cleaned, history_days[0], gap + days)
    ahead = ahead[gap:]
    notes = []
    if marked.any():
        notes.append(f"{int(marked.sum())} holiday, event or outlier days replaced before fitting")

    future = [start + timedelta(days=i) for i in range(days)]
    ratio = _holiday_ratio(history_days, totals, cleaned, holidays)
    daily = np.empty(days)
    for i, day in enumerate(future):
        value = ahead[i]
        if day in holidays:
            if ratio is not None:
                value *= ratio
            else:
                sunday = i + 6 - day.weekday()
                value = ahead[sunday] if sunday < days else ahead[i] * _sunday_share(cleaned, history_days)
        daily[i] = value * _multiplier(day, events)

    skip = {first + int(i) for i in np.flatnonzero(marked)}
    profile, aht_profile = _profiles(history, tz, interval_minutes, skip)
    grain = f"{interval_minutes}min"
    starts = grain_starts(start, start + timedelta(days=days), tz, grain)
    weekday, minute = wall_clock(starts, tz)
    offset = local_days(starts, tz) - (start - _EPOCH_DAY).days
    holiday_rows = np.array([future[o] in holidays for o in offset], dtype=bool)
    profile_weekday = np.where(holiday_rows, 6, weekday)
    bins = minute // interval_minutes
    shares = profile[profile_weekday, bins]
    day_sums = np.bincount(offset, shares, minlength=days)
    with np.errstate(invalid="ignore", divide="ignore"):
        volume = np.where(day_sums[offset] > 0, shares / day_sums[offset], 0.0) * daily[offset]
    return Forecast(
        starts=starts,
        volume=volume,
        aht_seconds=aht_profile[weekday, bins],
        days=future,
        daily=daily,
        method=method,
        notes=notes,
    )


def _sunday_share(values: NDArray[np.float64], days: list[date]) -> float:
    weekdays = np.array([d.weekday() for d in days])
    mean = values.mean()
    return float(values[weekdays == 6].mean() / mean) if mean > 0 and (weekdays == 6).any() else 1.0


@dataclass(frozen=True)
class Backtest:
    holdout_days: int
    actual_total: float
    forecast_total: float
    wape_interval: float | None
    wape_day: float | None
    bias: float | None  # (forecast - actual) / actual, identical at interval and day level
    starts: NDArray[np.int64]
    actual: NDArray[np.float64]
    forecast: NDArray[np.float64]


def wape(actual: NDArray[np.float64], predicted: NDArray[np.float64]) -> float | None:
    """Weighted absolute percentage error: sum |forecast - actual| / sum actual (None when nothing happened)."""
    total = float(np.sum(actual))
    return float(np.sum(np.abs(predicted - actual)) / total) if total > 0 else None


def backtest(
    history: History,
    *,
    tz: ZoneInfo,
    interval_minutes: int,
    holdout_days: int = 28,
    holidays: Container[date] = frozenset(),
    events: Sequence[Event] = (),
) -> Backtest:
    """Forecast the last ``holdout_days`` days from the days before them and measure the error."""
    days = local_days(history.starts, tz)
    if not days.size:
        raise ValueError("no history to backtest")
    cut = int(days.max()) - holdout_days + 1
    train = days < cut
    past = History(history.starts[train], history.volume[train], history.handle_seconds[train], history.handled[train])
    result = forecast(
        past,
        tz=tz,
        interval_minutes=interval_minutes,
        start=_day(cut),
        days=holdout_days,
        holidays=holidays,
        events=events,
    )
    actual = np.zeros(result.starts.size)
    position = np.searchsorted(result.starts, history.starts[~train])
    inside = (position < result.starts.size) & (
        result.starts[np.minimum(position, result.starts.size - 1)] == history.starts[~train]
    )
    np.add.at(actual, position[inside], history.volume[~train][inside])
    offset = local_days(result.starts, tz) - cut
    actual_daily = np.bincount(offset, actual, minlength=holdout_days)
    total = float(actual.sum())
    return Backtest(
        holdout_days=holdout_days,
        actual_total=total,
        forecast_total=float(result.volume.sum()),
        wape_interval=wape(actual, result.volume),
        wape_day=wape(actual_daily, result.daily),
        bias=(float(result.volume.sum()) - total) / total if total > 0 else None,
        starts=result.starts,
        actual=actual,
        forecast=result.volume,
    )


def reforecast_rest_of_day(
    forecast_volume: NDArray[np.float64], actual_so_far: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    """Scale today's remaining intervals by actual ÷ forecast so far; returns the new day and the ratio.

    ``actual_so_far`` covers the first intervals of the day. The ratio is ``(A + k) / (F + k)`` with
    ``k = 10`` contacts, which is the plain ratio once real volume has arrived but stays near 1 early in
    the morning, when two calls against a forecast of one would otherwise double the afternoon.
    """
    done = len(actual_so_far)
    if done > len(forecast_volume):
        raise ValueError("more actual intervals than the day has")
    seen = float(np.sum(forecast_volume[:done]))
    ratio = (float(np.sum(actual_so_far)) + REFORECAST_PRIOR_CONTACTS) / (seen + REFORECAST_PRIOR_CONTACTS)
    out = np.asarray(forecast_volume, dtype=np.float64).copy()
    out[:done] = actual_so_far
    out[done:] *= ratio
    return out, ratio
