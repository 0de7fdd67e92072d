"""Shape selector results into table rows and chart data (JSON for Plotly) for the operations pages."""

from datetime import date, datetime, timedelta

import numpy as np
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaamo.lib.forecast import backtest, reforecast_rest_of_day
from kohtaamo.lib.intervals import local_datetime, local_days
from kohtaamo.lib.staffing.plan import PlanResult

from .selectors.history import histories
from .selectors.planning import forecast_starts
from .services.forecasts import workspace_events, workspace_holidays

WEEKDAYS = (
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
)
_EPOCH_DAY = date(1970, 1, 1)


def _label(moment: datetime, grain: str) -> str:
    if grain in ("day", "week"):
        return moment.strftime("%Y-%m-%d")
    if grain == "month":
        return moment.strftime("%Y-%m")
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _num(value):
    """Finite floats for JSON; NaN and inf become null (Plotly leaves a gap)."""
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def kpi_rows(table) -> list[dict]:
    """One row per split value with its totals over the period."""
    rows = []
    for key in table.keys:
        values = table.totals[key].as_dict()
        target = table.service_levels.get(key)
        rows.append({"label": table.labels.get(key) or _("All"), "target": target, **values})
    return rows


def dashboard_data(table, heat, cases, waiting) -> dict:
    series = []
    for key in table.keys:
        cells = [table.cells.get((int(s.timestamp()), key)) for s in table.starts]
        series.append(
            {
                "name": table.labels.get(key) or _("All"),
                "offered": [c.offered if c else 0 for c in cells],
                "abandoned": [c.abandons if c else 0 for c in cells],
                "service_level": [_num(c.service_level) if c else None for c in cells],
                "asa": [_num(c.asa_seconds) if c else None for c in cells],
                "aht": [_num(c.aht_seconds) if c else None for c in cells],
            }
        )
    return {
        "x": [_label(s, table.grain) for s in table.starts],
        "series": series,
        "heatmap": {
            "z": [[None if v is None else round(v * 100, 1) for v in line] for line in heat["service_level"]],
            "offered": heat["offered"],
            "y": [str(d) for d in WEEKDAYS],
        },
        "cases": {
            "x": [s.strftime("%Y-%m-%d") for s in cases.starts],
            "contacts_per_case": cases.contacts_per_case,
            "resolution_hours": cases.resolution_hours,
        },
        "backlog": {"x": [s.strftime("%Y-%m-%d") for s in waiting.starts], "waiting": waiting.waiting},
        "labels": {
            "offered": _("Offered"),
            "abandoned": _("Abandoned"),
            "service_level": _("Service level (%)"),
            "asa": _("ASA (s)"),
            "aht": _("AHT (s)"),
            "contacts_per_case": _("Contacts per case"),
            "resolution_hours": _("Resolution time (h)"),
            "waiting": _("Waiting"),
            "hour": _("Hour"),
        },
    }


def forecast_comparison(actor, forecast, *, now: datetime) -> dict:
    """Forecast vs actual for the forecast's own days (so far), its backtest, and today's re-forecast."""
    tz = actor.workspace.tz
    starts = forecast_starts(forecast)
    volume = np.asarray(forecast.volume, dtype=np.float64)
    today = now.astimezone(tz).date()
    last = min(forecast.start_date + timedelta(days=forecast.days - 1), today)
    actual = np.full(starts.size, np.nan)
    if last >= forecast.start_date:
        found = histories(
            actor.workspace,
            forecast.start_date,
            last,
            forecast.interval_minutes,
            queue_id=forecast.queue_id,
            channel=forecast.channel,
        ).get((forecast.queue_id, forecast.channel))
        past = starts < now.timestamp()
        actual[past] = 0.0
        if found is not None:
            pos = np.searchsorted(starts, found.starts)
            ok = (pos < starts.size) & past[np.minimum(pos, starts.size - 1)]
            actual[pos[ok]] = found.volume[ok]
    reforecast = _reforecast(starts, volume, actual, tz, today, now)
    test = _backtest_series(actor, forecast)
    return {
        "chart_data": {
            "x": [local_datetime(s, tz).strftime("%Y-%m-%d %H:%M") for s in starts],
            "forecast": [round(v, 2) for v in volume],
            "actual": [_num(v) for v in actual],
            "reforecast": reforecast,
            "backtest": test,
            "labels": {
                "forecast": _("Forecast"),
                "actual": _("Actual"),
                "reforecast": _("Re-forecast for today"),
                "day": _("Day"),
            },
        },
        "has_reforecast": any(v is not None for v in reforecast),
    }


def _reforecast(starts, volume, actual, tz, today: date, now: datetime) -> list:
    todays = np.flatnonzero(local_days(starts, tz) == (today - _EPOCH_DAY).days)
    out: list = [None] * starts.size
    if not todays.size:
        return out
    done = todays[starts[todays] + 0 < now.timestamp()]
    seen = actual[done]
    new_day, _ratio = reforecast_rest_of_day(volume[todays], np.nan_to_num(seen))
    for i, v in zip(todays, new_day, strict=True):
        out[int(i)] = round(float(v), 2)
    return out


def _backtest_series(actor, forecast) -> dict:
    """Re-run the backtest stored with the forecast to chart it (daily totals, forecast vs actual)."""
    info = forecast.backtest or {}
    if not info.get("holdout_days"):
        return {}
    last = forecast.start_date - timedelta(days=1)
    first = last - timedelta(days=forecast.history_days - 1)
    found = histories(
        actor.workspace, first, last, forecast.interval_minutes, queue_id=forecast.queue_id, channel=forecast.channel
    ).get((forecast.queue_id, forecast.channel))
    if found is None:
        return {}
    tz = actor.workspace.tz
    calendar = workspace_holidays(actor.workspace, range(first.year, last.year + 1))
    test = backtest(
        found,
        tz=tz,
        interval_minutes=forecast.interval_minutes,
        holdout_days=info["holdout_days"],
        holidays=calendar,
        events=workspace_events(actor.workspace, forecast.queue_id),
    )
    days = local_days(test.starts, tz)
    unique, index = np.unique(days, return_inverse=True)
    return {
        "x": [(_EPOCH_DAY + timedelta(days=int(d))).isoformat() for d in unique],
        "actual": np.bincount(index, test.actual).round(1).tolist(),
        "forecast": np.bincount(index, test.forecast).round(1).tolist(),
    }


def plan_days(plan) -> list[date]:
    return [plan.start_date + timedelta(days=i) for i in range((plan.end_date - plan.start_date).days + 1)]


def chosen_day(value: str | None, plan) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return plan.start_date
    return day if plan.start_date <= day <= plan.end_date else plan.start_date


def interval_rows(result: PlanResult, tz, day: date) -> list[dict]:
    """The staffing table of one local day: one row per interval."""
    rows = []
    on_day = np.flatnonzero(local_days(result.starts, tz) == (day - _EPOCH_DAY).days)
    required, planned, gap = result.required_total, result.planned_total, result.gap
    for i in on_day:
        rows.append(
            {
                "start": local_datetime(result.starts[i], tz),
                "volume": result.volume[i],
                "agents": result.required["in_house"][i] + result.required["partner"][i],
                "required": int(required[i]),
                "planned": int(planned[i]),
                "teams": [int(result.planned_by_team[name][i]) for name in sorted(result.planned_by_team)],
                "gap": int(gap[i]),
                "expected_sl": _num(result.expected_sl[i]),
                "expected_abandonment": _num(result.expected_abandonment[i])
                if result.expected_abandonment is not None
                else None,
            }
        )
    return rows


def _grid(result: PlanResult, tz, values) -> dict:
    """Day × time-of-day matrix of ``values`` for a heatmap (a DST day's repeated hour is summed)."""
    days = local_days(result.starts, tz)
    local = np.array([local_datetime(s, tz) for s in result.starts])
    minute = np.array([m.hour * 60 + m.minute for m in local])
    unique = np.unique(days)
    columns = np.arange(0, 1440, result.interval_minutes)
    z = np.full((unique.size, columns.size), np.nan)
    rows = np.searchsorted(unique, days)
    cols = minute // result.interval_minutes
    for r, c, v in zip(rows, cols, values, strict=True):
        z[r, c] = v if np.isnan(z[r, c]) else min(z[r, c], v)
    return {
        "x": [f"{m // 60:02d}:{m % 60:02d}" for m in columns],
        "y": [dateformat.format(_EPOCH_DAY + timedelta(days=int(d)), "D Y-m-d") for d in unique],
        "z": [[_num(v) for v in line] for line in z],
    }


def plan_data(result: PlanResult, tz) -> dict:
    x = [local_datetime(s, tz).strftime("%Y-%m-%d %H:%M") for s in result.starts]
    return {
        "x": x,
        "required": result.required_total.tolist(),
        "planned": result.planned_total.tolist(),
        "gap_heatmap": _grid(result, tz, result.gap.astype(float)),
        "labels": {"required": _("Required"), "planned": _("Planned"), "gap": _("Planned minus required")},
    }


def compare_data(plans, results, tz) -> dict:
    return {
        "series": [
            {
                "name": p.name,
                "x": [local_datetime(s, tz).strftime("%Y-%m-%d %H:%M") for s in r.starts],
                "gap": r.gap.tolist(),
                "required": r.required_total.tolist(),
            }
            for p, r in zip(plans, results, strict=True)
        ],
        "labels": {"gap": _("Planned minus required")},
    }
