"""Staffing calculators, KPIs and staffing plans over the API."""

from datetime import timedelta
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import field_validator

from kohtaamo.inputs.schema import Day, Id, Text
from kohtaamo.lib.intervals import GRAINS
from kohtaamo.lib.queueing import staff
from kohtaamo.workspaces.auth import api_actor

from . import presenters
from .selectors import planning
from .selectors.kpis import DIMENSIONS, kpi_table

router = Router(tags=["operations"])
MAX_KPI_DAYS = 400


DAY_SECONDS = 86400.0


class StaffIn(Schema):
    """One interval's staffing question; every number has a range (a 422 outside it, never a hang)."""

    volume: float = Field(ge=0, le=10_000_000, description="contacts in the interval")
    interval_minutes: float = Field(30, gt=0, le=1440)
    aht_seconds: float = Field(gt=0, le=DAY_SECONDS)
    sl: float | None = Field(0.8, ge=0, le=1)
    sl_seconds: float = Field(20, ge=0, le=DAY_SECONDS)
    max_occupancy: float | None = Field(0.85, gt=0, le=1)
    shrinkage: Annotated[float, Field(ge=0, lt=1)] | dict[Text, Annotated[float, Field(ge=0, lt=1)]] = Field(
        0.0, description="a fraction, or fractions by category (added); below 1"
    )
    patience_seconds: float | None = Field(None, gt=0, le=DAY_SECONDS)
    concurrency: int | None = Field(None, ge=1, le=50)
    agents: int | None = Field(None, ge=0, le=10_000_000)
    asa_seconds: float | None = Field(None, gt=0, le=DAY_SECONDS)
    max_abandonment: float | None = Field(None, ge=0, le=1)

    @field_validator("shrinkage")
    @classmethod
    def few_categories(cls, value: float | dict) -> float | dict:
        if isinstance(value, dict) and len(value) > 50:
            raise ValueError("at most 50 shrinkage categories")
        return value


@router.post("/staffing/calculate")
def staffing_calculate(request: HttpRequest, body: StaffIn) -> dict:
    """Agents for one interval (Erlang C, Erlang A with patience, chat with concurrency), or how N agents do.

    The same calculation as ``kohtaamo staff``; see docs/staffing.md. Infinite values are null.
    """
    api_actor(request, "calculate_staffing")
    try:
        result = staff(**body.dict())
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    return presenters.finite_values(result)


@router.get("/operations/kpis")
def operations_kpis(
    request: HttpRequest,
    start: Day,
    end: Day,
    interval: Text = "day",
    by: Text = "total",
    channel: Text | None = None,
) -> dict:
    """KPIs per local interval of the days ``start``–``end`` (inclusive), split by channel/queue/team/agent."""
    actor = api_actor(request, "read_operations_api")
    if interval not in GRAINS:
        raise HttpError(400, f"interval must be one of {', '.join(GRAINS)}")
    if by not in DIMENSIONS:
        raise HttpError(400, f"by must be one of {', '.join(DIMENSIONS)}")
    if end < start or (end - start).days > MAX_KPI_DAYS:
        raise HttpError(400, f"end must be on or after start and at most {MAX_KPI_DAYS} days later")
    table = kpi_table(actor=actor, start=start, end=end + timedelta(days=1), grain=interval, by=by, channel=channel)
    return presenters.kpi_export(table)


@router.get("/operations/plans")
def operations_plans(request: HttpRequest) -> list[dict]:
    """Staffing plans and scenarios of the token's workspace."""
    return presenters.plan_exports(planning.plan_list(actor=api_actor(request, "read_operations_api")))


@router.get("/operations/plans/{plan_id}/intervals")
def operations_plan_intervals(request: HttpRequest, plan_id: Id, queue_id: Id | None = None) -> dict:
    """Required and planned heads, the gap and the expected service level per interval of a plan."""
    actor = api_actor(request, "read_operations_api")
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    result = planning.plan_result(actor=actor, plan=plan, queue_id=queue_id)
    return presenters.plan_intervals_export(result, actor.workspace.tz)
