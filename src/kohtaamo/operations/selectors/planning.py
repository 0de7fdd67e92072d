"""Reads of forecasts and staffing plans, and the plan computation fed from them."""

from datetime import date, timedelta

import numpy as np
from django.db.models import Max, QuerySet
from django.http import Http404

from kohtaamo.db.filters import filter_given
from kohtaamo.lib.intervals import grain_starts
from kohtaamo.lib.staffing.inputs import Assumptions, Demand, Shift
from kohtaamo.lib.staffing.plan import PlanResult, plan_staffing
from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import EventAdjustment, Forecast, Plan, ShiftPattern
from .kpis import operations_settings


def forecast_list(*, actor: Actor) -> list[Forecast]:
    """The latest forecast of every queue and channel."""
    latest = Forecast.objects.of(actor).values("queue_id", "channel").annotate(last=Max("pk"))
    return list(
        Forecast.objects.of(actor)
        .filter(pk__in=[r["last"] for r in latest])
        .select_related("queue")
        .order_by("queue__name", "channel")
    )


def forecast_get(*, actor: Actor, forecast_id: int) -> Forecast:
    """One forecast of the actor's workspace, or 404."""
    return get_visible_or_404(Forecast.objects.of(actor).select_related("queue"), actor, forecast_id)


def forecast_starts(forecast: Forecast) -> np.ndarray:
    """UTC epoch of each interval of a stored forecast (derived, never stored)."""
    end = forecast.start_date + timedelta(days=forecast.days)
    return grain_starts(forecast.start_date, end, forecast.workspace.tz, f"{forecast.interval_minutes}min")


def event_list(*, actor: Actor) -> list[EventAdjustment]:
    """The known events (campaigns, storms, closures) of the actor's workspace."""
    return list(EventAdjustment.objects.of(actor).select_related("queue"))


def plan_list(*, actor: Actor) -> list[Plan]:
    """Staffing plans and scenarios, in date order."""
    return list(Plan.objects.of(actor).select_related("base").order_by("start_date", "pk"))


def plans_filtered(
    *, actor: Actor, start: date | None = None, end: date | None = None, base_id: int | None = None
) -> QuerySet[Plan]:
    """Plans and scenarios for the API's list: those whose days overlap ``start`` (inclusive) to ``end``
    (exclusive), optionally only the scenarios copied from one plan."""
    return filter_given(Plan.objects.of(actor).select_related("base"), end_date__gte=start, start_date__lt=end,
                        base_id=base_id)  # fmt: skip


def plan_get(*, actor: Actor, plan_id: int) -> Plan:
    """One staffing plan or scenario of the actor's workspace, or 404."""
    return get_visible_or_404(Plan, actor, plan_id)


def plan_by_name(*, actor: Actor, name: str) -> Plan | None:
    """The newest plan or scenario with this name."""
    return Plan.objects.of(actor).filter(name=name).order_by("-pk").first()


def shift_get(*, actor: Actor, shift_id: int) -> ShiftPattern:
    """One shift pattern of a plan in the actor's workspace, or 404."""
    return get_visible_or_404(ShiftPattern.objects.of(actor).select_related("plan"), actor, shift_id)


def plans_compared(*, actor: Actor, plan_ids: list[int]) -> list[tuple[Plan, PlanResult]]:
    """Each chosen plan with its staffing result, side by side (404 when one is not the actor's)."""
    plans = [plan_get(actor=actor, plan_id=i) for i in plan_ids]
    return [(p, plan_result(actor=actor, plan=p)) for p in plans]


def _assumptions(actor: Actor, plan: Plan) -> Assumptions:
    chat_seconds = operations_settings(actor=actor).service_level("chat")[1]
    return Assumptions(
        start=plan.start_date,
        end=plan.end_date,
        interval_minutes=plan.interval_minutes,
        sl_target=plan.sl_target,
        sl_seconds=plan.sl_seconds,
        max_occupancy=plan.max_occupancy,
        patience_seconds=plan.patience_seconds,
        chat_concurrency=plan.chat_concurrency,
        chat_sl_seconds=chat_seconds,
        email_deadline_days=plan.email_deadline_days,
        shrinkage=plan.shrinkage or {},
        opening_hours=plan.opening_hours or {},
        volume_factor=plan.volume_factor,
        volume_from=plan.volume_from,
        volume_to=plan.volume_to,
        aht_factor=plan.aht_factor,
        partner_share=plan.partner_share,
    )


def _overlaps(forecast: Forecast, start: date, end: date) -> bool:
    return forecast.start_date <= end and forecast.start_date + timedelta(days=forecast.days) > start


def plan_result(*, actor: Actor, plan: Plan, queue_id: int | None = None) -> PlanResult:
    """Required vs planned staff per interval of ``plan`` from the latest forecasts (optionally one queue)."""
    if plan.workspace_id != actor.workspace.pk:
        raise Http404
    forecasts = [f for f in forecast_list(actor=actor) if _overlaps(f, plan.start_date, plan.end_date)]
    if queue_id is not None:
        forecasts = [f for f in forecasts if f.queue_id == queue_id]
    demands = [
        Demand(
            queue_id=f.queue_id,
            channel=f.channel,
            starts=forecast_starts(f),
            interval_minutes=f.interval_minutes,
            volume=np.asarray(f.volume, dtype=np.float64),
            aht_seconds=np.asarray(f.aht_seconds, dtype=np.float64),
        )
        for f in forecasts
    ]
    patterns = plan.shifts.select_related("team")
    if queue_id is not None:
        patterns = patterns.filter(queue_id=queue_id)
    shifts = [
        Shift(
            team=s.team.name,
            partner=bool(s.team.partner),
            weekdays=tuple(s.weekdays),
            start=s.start_time,
            end=s.end_time,
            heads=s.heads,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
        )
        for s in patterns
    ]
    return plan_staffing(demands=demands, shifts=shifts, assumptions=_assumptions(actor, plan), tz=actor.workspace.tz)
