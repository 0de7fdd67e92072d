"""Staffing calculators, KPIs and staffing plans over the API."""

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import field_validator

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.schema import Day, Id, Text
from kohtaamo.lib.intervals import GRAINS
from kohtaamo.lib.queueing import staff
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

from . import presenters
from .models import Plan
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


class PlanOut(Schema):
    """A staffing plan or scenario (``base_id``: the plan it was copied from) with its assumptions."""

    id: int
    name: str = Field(examples=["Spring 2026"])
    base_id: int | None
    start_date: date
    end_date: date = Field(description="the last day, inclusive")
    interval_minutes: int
    sl_target: float = Field(examples=[0.8])
    sl_seconds: float = Field(examples=[20])
    max_occupancy: float
    patience_seconds: float | None = Field(description="set: Erlang A; null: Erlang C")
    chat_concurrency: int
    email_deadline_days: float
    shrinkage: dict = Field(examples=[{"breaks": 0.1, "training": 0.05}])
    opening_hours: dict
    volume_factor: float
    volume_from: date | None
    volume_to: date | None
    aht_factor: float
    partner_share: float
    created_at: datetime


class PlanFilters(Schema):
    start: date | None = Field(None, alias="from", description="plans with a day on or after this date")
    end: date | None = Field(None, alias="to", description="plans with a day before this date (exclusive)")
    base: int | None = Field(None, ge=1, le=2**53, description="only the scenarios copied from this plan")


PLAN_SORTS = {"id": "pk", "start_date": "start_date", "created_at": "created_at"}


def _plans(actor: Actor, filters: PlanFilters) -> QuerySet[Plan]:
    return planning.plans_filtered(actor=actor, start=filters.start, end=filters.end, base_id=filters.base)


@router.get("/operations/plans", response=page_of(PlanOut))
def plans_list(request: HttpRequest, filters: Query[PlanFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Staffing plans and scenarios of the token's workspace, sortable by `id`, `start_date` or `created_at`.
    Example: `GET /api/v1/operations/plans?from=2026-03-01&to=2026-04-01&sort=start_date` (every plan with a
    day in March)."""
    return cursor_page(_plans(api_actor(request, "read_operations_api"), filters), page, PLAN_SORTS)


@router.get("/operations/plans/export", openapi_extra=export_doc(PlanOut))
def plans_export(request: HttpRequest, filters: Query[PlanFilters]) -> StreamingHttpResponse:
    """Every plan and scenario the filters match, as JSON Lines, streamed (the list's object, in id order)."""
    return jsonl_export(_plans(api_actor(request, "read_operations_api"), filters), PlanOut, "plans")


@router.get("/operations/plans/{plan_id}", response={200: PlanOut, 404: ErrorOut})
def plans_get(request: HttpRequest, plan_id: Id) -> Plan:
    """One plan or scenario with its assumptions; its figures per interval are under `…/intervals`."""
    return planning.plan_get(actor=api_actor(request, "read_operations_api"), plan_id=plan_id)


@router.get("/operations/plans/{plan_id}/intervals")
def operations_plan_intervals(request: HttpRequest, plan_id: Id, queue_id: Id | None = None) -> dict:
    """Required and planned heads, the gap and the expected service level per interval of a plan."""
    actor = api_actor(request, "read_operations_api")
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    result = planning.plan_result(actor=actor, plan=plan, queue_id=queue_id)
    return presenters.plan_intervals_export(result, actor.workspace.tz)
