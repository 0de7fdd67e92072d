"""Shape selector results for the operations pages, their charts (JSON for Plotly) and the API."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from kohtaamo.lib import readable
from kohtaamo.lib.intervals import local_datetime, local_days
from kohtaamo.lib.shortlist import SHOWN_AT_EACH_END, shortlist
from kohtaamo.lib.staffing.plan import PlanResult, finite
from kohtaamo.timeline.models import Channel

from .models import DEFAULT_SERVICE_LEVELS, OperationsSettings, Plan
from .selectors.accuracy import ForecastAccuracy
from .selectors.kpis import Dashboard, KpiTable

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
# The shrinkage categories a plan names (lib.queueing.SHRINKAGE_CATEGORIES, and "total" when the form gave
# one share); a key of the workspace's own is shown as it was written.
SHRINKAGE_LABELS = {
    "total": pgettext_lazy("shrinkage", "in all"),
    "breaks": pgettext_lazy("shrinkage", "breaks"),
    "lunch": pgettext_lazy("shrinkage", "lunch"),
    "training": pgettext_lazy("shrinkage", "training"),
    "meetings": pgettext_lazy("shrinkage", "meetings"),
    "coaching": pgettext_lazy("shrinkage", "coaching"),
    "absence": pgettext_lazy("shrinkage", "absence"),
}


def _label(moment: datetime, grain: str) -> str:
    if grain in ("day", "week"):
        return moment.strftime("%Y-%m-%d")
    if grain == "month":
        return moment.strftime("%Y-%m")
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _num(value: float | None) -> float | None:
    """Finite floats for JSON; NaN and inf become null (Plotly leaves a gap)."""
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def dashboard_page(dashboard: Dashboard, params: Iterable[tuple[str, list[str]]]) -> dict:
    """The KPI dashboard's table rows, chart data and backlog.

    Split by agent, the table is a long list: it is ordered by contacts answered and cut to its two ends
    (lib/shortlist.py), so the busiest and the least busy agents stand out and anyone is a search away.
    """
    rows = _kpi_rows(dashboard.table)
    by_agent = dashboard.table.by == "agent"
    if by_agent:
        rows.sort(key=lambda row: (-(row["answered"] or 0), row["label"]))
    return {
        "table": dashboard.table,
        "rows": shortlist(
            rows,
            label=lambda row: row["label"],
            ranked=lambda row: bool(row["answered"]),
            params=params,
            n=SHOWN_AT_EACH_END if by_agent else len(rows),
        ),
        "by_agent": by_agent,
        "chart_data": _dashboard_data(dashboard),
        "waiting": dashboard.backlog,
        "heat_channel": dict(Channel.choices).get(dashboard.heat_channel),
    }


def _kpi_rows(table: KpiTable) -> list[dict]:
    """One row per split value with its totals over the period."""
    rows = []
    for key in table.keys:
        values = table.totals[key].as_dict()
        target = table.service_levels.get(key)
        rows.append({"label": table.labels.get(key) or _("All"), "target": target, **values})
    return rows


def _dashboard_data(dashboard: Dashboard) -> dict:
    table, heat, cases, waiting = dashboard.table, dashboard.heatmap, dashboard.cases, dashboard.backlog
    series = []
    # The whole centre alone needs no name in front of every legend entry ("All Offered").
    unnamed = _("All") if len(table.keys) > 1 else ""
    for key in table.keys:
        cells = [table.cells.get((int(s.timestamp()), key)) for s in table.starts]
        series.append(
            {
                "name": table.labels.get(key) or unnamed,
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


def forecast_chart(accuracy: ForecastAccuracy, tz: ZoneInfo) -> dict:
    """Forecast vs actual per interval, today's re-forecast and the backtest's daily totals."""
    reforecast = [None if v is None else round(v, 2) for v in accuracy.reforecast]
    return {
        "chart_data": {
            "x": [local_datetime(s, tz).strftime("%Y-%m-%d %H:%M") for s in accuracy.starts],
            "forecast": [round(v, 2) for v in accuracy.forecast],
            "actual": [_num(v) for v in accuracy.actual],
            "reforecast": reforecast,
            "backtest": _backtest_series(accuracy, tz),
            "labels": {
                "forecast": _("Forecast"),
                "actual": _("Actual"),
                "reforecast": _("Re-forecast for today"),
                "day": _("Day"),
            },
        },
        "has_reforecast": any(v is not None for v in reforecast),
    }


def _backtest_series(accuracy: ForecastAccuracy, tz: ZoneInfo) -> dict:
    """The backtest as daily totals, forecast vs actual."""
    test = accuracy.backtest
    if test is None:
        return {}
    days = local_days(test.starts, tz)
    unique, index = np.unique(days, return_inverse=True)
    return {
        "x": [(_EPOCH_DAY + timedelta(days=int(d))).isoformat() for d in unique],
        "actual": np.bincount(index, test.actual).round(1).tolist(),
        "forecast": np.bincount(index, test.forecast).round(1).tolist(),
    }


def plan_page(plan: Plan, result: PlanResult, tz: ZoneInfo, day: str | None) -> dict:
    """A plan's summary, its gap over all days, and one day at a time (the first by default): chart and table.

    A four-week plan of 30-minute intervals is 1,344 rows; shown whole it was a page nobody could read, so
    the page shows the chosen day with links to the day before and after.
    """
    chosen = _chosen_day(day, plan)
    days = _plan_days(plan)
    at = days.index(chosen)
    rows = _interval_rows(result, tz, chosen)
    return {
        "summary": result.summary(),
        "day": chosen,
        "days": days,
        "previous_day": days[at - 1] if at > 0 else None,
        "next_day": days[at + 1] if at + 1 < len(days) else None,
        "interval_rows": rows,
        # The UTC offset tells the two 3 o'clocks of the autumn's DST change apart; on other days it is noise.
        "show_offsets": len({row["start"].utcoffset() for row in rows}) > 1,
        "shrinkage": [(SHRINKAGE_LABELS.get(key, key), share) for key, share in plan.shrinkage.items()],
        "team_names": sorted(result.planned_by_team),
        "chart_data": _plan_data(result, tz, chosen),
    }


def _plan_days(plan: Plan) -> list[date]:
    return [plan.start_date + timedelta(days=i) for i in range((plan.end_date - plan.start_date).days + 1)]


def _chosen_day(value: str | None, plan: Plan) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return plan.start_date
    return day if plan.start_date <= day <= plan.end_date else plan.start_date


def _intervals_on(result: PlanResult, tz: ZoneInfo, day: date) -> np.ndarray:
    """The indices of the plan's intervals that start on ``day``, local time."""
    return np.flatnonzero(local_days(result.starts, tz) == (day - _EPOCH_DAY).days)


def _interval_rows(result: PlanResult, tz: ZoneInfo, day: date) -> list[dict]:
    """The staffing table of one local day: one row per interval."""
    rows = []
    on_day = _intervals_on(result, tz, day)
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


def _grid(result: PlanResult, tz: ZoneInfo, values: np.ndarray) -> dict:
    """Day × time-of-day matrix of ``values`` for a heatmap (a DST day's repeated hour is summed)."""
    language = readable.language_of(get_language())
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
        "x": [readable.time_text(time(m // 60, m % 60), language) for m in columns],
        "y": [_day_label(_EPOCH_DAY + timedelta(days=int(d)), language) for d in unique],
        "z": [[_num(v) for v in line] for line in z],
    }


def _day_label(day: date, language: str) -> str:
    """ "to 3.12.2026": the weekday and the date as the page's language writes them."""
    return f"{readable.weekday_name(day.weekday(), language)} {readable.date_text(day, language)}"


def _plan_data(result: PlanResult, tz: ZoneInfo, day: date) -> dict:
    """The chosen day's required and planned heads per interval, and the whole plan's gap as a heatmap."""
    on_day = _intervals_on(result, tz, day)
    return {
        "x": [local_datetime(result.starts[i], tz).strftime("%Y-%m-%d %H:%M") for i in on_day],
        "required": result.required_total[on_day].tolist(),
        "planned": result.planned_total[on_day].tolist(),
        "gap_heatmap": _grid(result, tz, result.gap.astype(float)),
        "gap_days": [d.isoformat() for d in sorted({local_datetime(s, tz).date() for s in result.starts})],
        "labels": {
            "required": _("Required agents"),
            "planned": _("Scheduled agents"),
            "gap": _("Planned minus required"),
            "time": _("Time of day"),
        },
    }


def compare_page(compared: list[tuple[Plan, PlanResult]], tz: ZoneInfo) -> dict:
    """Plans side by side: their summaries, and their gaps over time in one chart."""
    return {
        "columns": [(p, r.summary()) for p, r in compared],
        "chart_data": _compare_data(compared, tz),
    }


def _compare_data(compared: list[tuple[Plan, PlanResult]], tz: ZoneInfo) -> dict:
    return {
        "series": [
            {
                "name": p.name,
                "x": [local_datetime(s, tz).strftime("%Y-%m-%d %H:%M") for s in r.starts],
                "gap": r.gap.tolist(),
                "required": r.required_total.tolist(),
            }
            for p, r in compared
        ],
        "labels": {"gap": _("Planned minus required")},
    }


def service_level_channels() -> list[tuple[str, str]]:
    """The channels that have a service-level goal, with their names."""
    return [(c, label) for c, label in Channel.choices if c in DEFAULT_SERVICE_LEVELS]


def settings_initial(current: OperationsSettings, channels: list[tuple[str, str]]) -> dict:
    """The settings form's values: targets as percentages."""
    initial: dict[str, Any] = {"short_abandon_seconds": current.short_abandon_seconds}
    for c, _label in channels:
        target, seconds = current.service_level(c)
        initial[f"sl_{c}_target"], initial[f"sl_{c}_seconds"] = round(target * 100, 1), int(seconds)
    return initial


def finite_values(figures: dict) -> dict:
    """Figures for JSON, which has no infinity: an unstable queue's ASA of ``inf`` becomes null."""
    return {key: finite(value) for key, value in figures.items()}


def kpi_export(table: KpiTable) -> dict:
    """KPIs per interval and split value, their totals and the overall figures, for the API."""
    rows = [
        {"start": s.isoformat(), "key": key, "label": table.labels.get(key, ""), **cell.as_dict()}
        for s in table.starts
        for key in table.keys
        if (cell := table.cells.get((int(s.timestamp()), key))) is not None
    ]
    totals = [{"key": k, "label": table.labels.get(k, ""), **table.totals[k].as_dict()} for k in table.keys]
    return {"interval": table.grain, "by": table.by, "rows": rows, "totals": totals, "overall": table.overall.as_dict()}


def plan_intervals_export(result: PlanResult, tz: ZoneInfo) -> dict:
    """A plan's summary and its figures per interval, for the API."""
    return {"summary": finite_values(result.summary()), "intervals": result.rows(tz)}
