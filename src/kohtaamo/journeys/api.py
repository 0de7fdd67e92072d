"""Journeys out: journey maps with their stages, and the improvement actions with targets and outcomes."""

from datetime import date, datetime
from enum import Enum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.schema import Id
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

from .models import Action, JourneyMap, Stage
from .selectors import catalogue

router = Router(tags=["journeys"])
ActionStatus = Enum("ActionStatus", {v: v for v in Action.Status.values}, type=str)  # type: ignore[misc]
JOURNEY_SORTS = {"id": "pk", "name": "name", "created_at": "created_at"}
ACTION_SORTS = {"id": "pk", "created_at": "created_at"}


class StageOut(Schema):
    id: int
    name: str = Field(examples=["Moving in"])
    position: int
    touchpoint_ids: list[int] = Field(description="the touchpoints used in this stage (the map's cells)")

    @staticmethod
    def resolve_touchpoint_ids(obj: Stage) -> list[int]:
        return sorted(cell.touchpoint_id for cell in obj.cells.all())


class JourneyOut(Schema):
    """A journey map: its stages in order, for one persona, with the target metrics its owner answers for."""

    id: int
    name: str = Field(examples=["Moving house"])
    description: str
    persona_id: int | None
    owner_id: int | None
    contact_reasons: list = Field(description="the contact reasons whose cases are its paths; empty: all")
    targets: list = Field(examples=[[{"metric": "repeat_rate", "target": 12.0}]])
    stages: list[StageOut]
    created_at: datetime

    @staticmethod
    def resolve_stages(obj: JourneyMap) -> list[Stage]:
        return sorted(obj.stages.all(), key=lambda stage: (stage.position, stage.pk))


class JourneyFilters(Schema):
    persona: int | None = Field(None, ge=1, le=2**53, description="a persona id")


class ActionOut(Schema):
    """An improvement: the hypothesis, the metric and target it should move, and once evaluated the verdict."""

    id: int
    title: str = Field(examples=["Explain the first bill by SMS"])
    hypothesis: str
    owner_id: int | None
    insight_id: int | None
    journey_id: int | None
    metric: str = Field(examples=["repeat_rate"])
    metric_filter: dict = Field(examples=[{"channel": "phone", "contact_reason": "laskutus"}])
    baseline: float | None
    baseline_n: int
    target_value: float | None
    target_date: date | None
    impact: int = Field(ge=1, le=5)
    confidence: int = Field(ge=1, le=5)
    effort: int = Field(ge=1, le=5)
    priority: float = Field(description="impact × confidence ÷ effort")
    status: str = Field(examples=["in_progress"])
    done_on: date | None
    evaluation: dict = Field(description="the stored verdict once evaluated; empty before")
    evaluated_at: datetime | None
    created_at: datetime


class ActionFilters(Schema):
    status: ActionStatus | None = None
    journey: int | None = Field(None, ge=1, le=2**53, description="a journey map id")


def _journeys(actor: Actor, filters: JourneyFilters) -> QuerySet[JourneyMap]:
    return catalogue.journeys_filtered(actor=actor, persona_id=filters.persona)


def _actions(actor: Actor, filters: ActionFilters) -> QuerySet[Action]:
    return catalogue.actions_filtered(actor=actor, status=filters.status.value if filters.status else "",
                                      journey_id=filters.journey)  # fmt: skip


@router.get("/journeys", response=page_of(JourneyOut))
def journeys_list(request: HttpRequest, filters: Query[JourneyFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Journey maps with their stages, sortable by `id`, `name` or `created_at`.
    Example: `GET /api/v1/journeys?persona=3&sort=name`."""
    return cursor_page(_journeys(api_actor(request, "read_journeys_api"), filters), page, JOURNEY_SORTS)


@router.get("/journeys/export", openapi_extra=export_doc(JourneyOut))
def journeys_export(request: HttpRequest, filters: Query[JourneyFilters]) -> StreamingHttpResponse:
    """Every journey map the filters match with its stages, as JSON Lines, streamed (in id order)."""
    return jsonl_export(_journeys(api_actor(request, "read_journeys_api"), filters), JourneyOut, "journeys")


@router.get("/journeys/{journey_id}", response={200: JourneyOut, 404: ErrorOut})
def journeys_get(request: HttpRequest, journey_id: Id) -> JourneyMap:
    """One journey map with its stages; another workspace's id is a 404, as a missing one is."""
    return catalogue.journey_with_stages_get(actor=api_actor(request, "read_journeys_api"), journey_id=journey_id)


@router.get("/actions", response=page_of(ActionOut))
def actions_list(request: HttpRequest, filters: Query[ActionFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Improvement actions, sortable by `id` or `created_at`.
    Example: `GET /api/v1/actions?status=done&journey=2`."""
    return cursor_page(_actions(api_actor(request, "read_journeys_api"), filters), page, ACTION_SORTS)


@router.get("/actions/export", openapi_extra=export_doc(ActionOut))
def actions_export(request: HttpRequest, filters: Query[ActionFilters]) -> StreamingHttpResponse:
    """Every improvement action the filters match, as JSON Lines, streamed (in id order)."""
    return jsonl_export(_actions(api_actor(request, "read_journeys_api"), filters), ActionOut, "actions")


@router.get("/actions/{action_id}", response={200: ActionOut, 404: ErrorOut})
def actions_get(request: HttpRequest, action_id: Id) -> Action:
    """One action with its target and, once evaluated, its measured outcome."""
    return catalogue.action_get(actor=api_actor(request, "read_journeys_api"), action_id=action_id)
