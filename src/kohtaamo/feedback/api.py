"""Survey answers in (from other tools), NPS/CSAT/CES figures out."""

import math
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.schema import Id, Moment, Text
from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.timeline.api import MAX_BATCH, records_from_body
from kohtaamo.timeline.schemas import RejectionOut
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

from .filters import FilterError, parse_filters, parse_group_by
from .models import FollowUp
from .selectors import answers, followups
from .selectors.metrics import HEADLINE, SECONDARY, metric_report
from .services.imports import responses_import

router = Router(tags=["feedback"])
FollowUpStatus = Enum("FollowUpStatus", {v: v for v in FollowUp.Status.values}, type=str)  # type: ignore[misc]
RESPONSES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object", "description": "one answer record (docs/feedback.md)"},
                        {"type": "array", "maxItems": MAX_BATCH, "items": {"type": "object"}},
                    ]
                }
            }
        },
    }
}


class ImportOut(Schema):
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: list[RejectionOut]


class FigureOut(Schema):
    value: float | None
    n: int
    ci_low: float | None
    ci_high: float | None
    too_few: bool


class GroupOut(FigureOut):
    key: str | int | None
    label: str
    flag: str
    p_adjusted: float | None
    difference_from_rest: float | None
    secondary: FigureOut | None


class MetricOut(Schema):
    metric: str
    figure: str
    scale: str
    period_from: str
    period_to: str
    group_by: str | None
    overall: FigureOut
    secondary_figure: str | None
    secondary: FigureOut | None
    groups: list[GroupOut]


@router.post("/responses", response={200: ImportOut, 422: ImportOut}, openapi_extra=RESPONSES_BODY)
def responses_post(request: HttpRequest) -> Status:
    """Store one imported answer or a batch of up to 1,000; idempotent by (source, external_id).

    Every rejected answer is listed with its index, field and reason; the others are kept.
    Answers 422 only when no answer was accepted.
    """
    records = records_from_body(request)
    report = responses_import(
        workspace=api_actor(request, "import_data").workspace, records=enumerate(records), default_source="api"
    )
    body = {
        "received": report.received,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": [r.as_dict("index") for r in report.rejected],
    }
    return Status(422 if report.rejected and not report.accepted else 200, body)


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 3)


def figure(estimate: Estimate | None) -> dict | None:
    """An Estimate as JSON: NaN (no answers) becomes null."""
    if estimate is None:
        return None
    return {
        "value": _number(estimate.value),
        "n": estimate.n,
        "ci_low": _number(estimate.ci_low),
        "ci_high": _number(estimate.ci_high),
        "too_few": estimate.too_few,
    }


@router.get("/metrics/{metric}", response=MetricOut)
def metrics_get(request: HttpRequest, metric: Literal["nps", "csat", "ces"], group_by: Text | None = None) -> dict:
    """NPS, CSAT (% satisfied) or CES (mean 1–7) with n and 95 % CI, overall and per group.

    Query: ``from``/``to`` (dates, default the last 90 days), filters ``channel``, ``queue``, ``team``,
    ``agent`` (ids), ``contact_reason``, ``language``, ``segment=attribute:value``, and ``group_by`` one
    of channel, queue, team, agent, contact_reason, language, day, week, month. Groups below 30 answers
    are marked too_few and listed after the ranked ones; ``flag`` says whether a group differs from the
    rest after Benjamini–Hochberg adjustment.
    """
    actor = api_actor(request, "read_feedback_api")
    try:
        filters = parse_filters(request.GET, actor.workspace)
        grouping = parse_group_by(group_by)
    except FilterError as error:
        raise HttpError(400, str(error)) from None
    report = metric_report(actor=actor, metric=metric, filters=filters, group_by=grouping)
    groups = []
    for row in report.groups:
        key = row.key.isoformat() if hasattr(row.key, "isoformat") else row.key
        groups.append(
            {
                "key": key,
                "label": row.label,
                **figure(row.estimate),
                "flag": str(row.flag),
                "p_adjusted": _number(row.p_adjusted),
                "difference_from_rest": _number(row.difference),
                "secondary": figure(row.secondary),
            }
        )
    return {
        "metric": metric,
        "figure": str(HEADLINE[metric]),
        "scale": report.scale,
        "period_from": filters.start.isoformat(),
        "period_to": filters.end.isoformat(),
        "group_by": grouping,
        "overall": figure(report.overall),
        "secondary_figure": str(SECONDARY[metric]) if metric in SECONDARY else None,
        "secondary": figure(report.secondary),
        "groups": groups,
    }


DELIVERY_DOC = (
    "how the invitation reached the customer (email or sms; its details: `/invitations/{id}`); null when imported"
)


class AnswerOut(Schema):
    id: int
    response_id: int
    question_key: str
    question_type: str
    scale: str
    value: int | None
    choice: str
    text: str
    answered_at: datetime
    customer_id: int | None
    interaction_id: int | None
    delivery: str | None = Field(DELIVERY_DOC, examples=["sms"])

    @staticmethod
    def resolve_delivery(obj: Any) -> str | None:
        return obj.response.invitation.delivery if obj.response.invitation_id else None


class ResponseOut(Schema):
    id: int
    survey: str | None
    source: str
    external_id: str | None
    invitation_id: int | None
    interaction_id: int | None
    customer_id: int | None
    agent_id: int | None
    channel: str
    delivery: str | None = Field(DELIVERY_DOC, examples=["sms"])
    language: str
    completed: bool
    answered_at: datetime
    answers: list[AnswerOut]

    @staticmethod
    def resolve_delivery(obj: Any) -> str | None:
        return obj.invitation.delivery if obj.invitation_id else None

    @staticmethod
    def resolve_survey(obj: Any) -> str | None:
        return obj.survey.key if obj.survey_id else None

    @staticmethod
    def resolve_answers(obj: Any) -> list[Any]:
        return list(obj.answers.all())


class ResponseFilters(Schema):
    customer: int | None = Field(None, ge=1, le=2**53)
    survey: Text = Field("", max_length=100, description="a survey key")
    answered_from: Moment | None = Field(None, alias="from")
    answered_to: Moment | None = Field(None, alias="to", description="exclusive")
    completed: bool | None = None


class AnswerFilters(Schema):
    response: int | None = Field(None, ge=1, le=2**53)
    question: Text = Field("", max_length=100, description="a question key")
    scale: Text = Field("", max_length=20, description="a scale key, e.g. nps_0_10, csat_1_5, ces_1_7")
    answered_from: Moment | None = Field(None, alias="from")
    answered_to: Moment | None = Field(None, alias="to")


RESPONSE_SORTS = {"id": "pk", "answered_at": "answered_at"}


def _responses(actor: Actor, f: ResponseFilters) -> QuerySet[Any]:
    return answers.responses_list(actor=actor, customer_id=f.customer, survey=f.survey, answered_from=f.answered_from,
                                  answered_to=f.answered_to, completed=f.completed)  # fmt: skip


def _answers(actor: Actor, f: AnswerFilters) -> QuerySet[Any]:
    return answers.answers_list(actor=actor, response_id=f.response, question=f.question, scale=f.scale,
                                answered_from=f.answered_from, answered_to=f.answered_to)  # fmt: skip


@router.get("/responses", response=page_of(ResponseOut))
def responses_list(request: HttpRequest, filters: Query[ResponseFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Survey responses with their answers; sort by `id` or `answered_at`.
    Example: `GET /api/v1/responses?survey=post-call&from=2026-03-01T00:00:00Z&completed=true`."""
    return cursor_page(_responses(api_actor(request, "read_feedback_api"), filters), page, RESPONSE_SORTS)


@router.get("/responses/export", openapi_extra=export_doc(ResponseOut))
def responses_export(request: HttpRequest, filters: Query[ResponseFilters]) -> StreamingHttpResponse:
    return jsonl_export(_responses(api_actor(request, "read_feedback_api"), filters), ResponseOut, "responses")


@router.get("/responses/{response_id}", response={200: ResponseOut, 404: ErrorOut})
def responses_get(request: HttpRequest, response_id: Id) -> Any:
    return answers.response_get(actor=api_actor(request, "read_feedback_api"), response_id=response_id)


@router.get("/answers", response=page_of(AnswerOut))
def answers_list(request: HttpRequest, filters: Query[AnswerFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Answers one per row (a BI tool's long table); sort by `id` or `answered_at`."""
    return cursor_page(_answers(api_actor(request, "read_feedback_api"), filters), page, RESPONSE_SORTS)


@router.get("/answers/export", openapi_extra=export_doc(AnswerOut))
def answers_export(request: HttpRequest, filters: Query[AnswerFilters]) -> StreamingHttpResponse:
    return jsonl_export(_answers(api_actor(request, "read_feedback_api"), filters), AnswerOut, "answers")


class FollowUpOut(Schema):
    """A detractor's call-back task: who should call, by when, and (once done) the outcome and notes."""

    id: int
    response_id: int
    customer_id: int | None
    agent_id: int | None
    team_id: int | None
    assignee_id: int | None = Field(description="the user who should call back (the team's lead)")
    reason: str = Field(examples=["NPS 3, CSAT 2"])
    status: str = Field(examples=["open", "done"])
    due_at: datetime
    called_back_at: datetime | None
    outcome: str = Field(description="resolved, explained, escalated, not_reached, no_action; empty while open")
    notes: str
    closed_by_id: int | None
    created_at: datetime
    updated_at: datetime


class FollowUpFilters(Schema):
    status: FollowUpStatus | None = Field(None, description="open or done; both when not given")
    assignee: int | None = Field(None, ge=1, le=2**53, description="a user id: the follow-ups they should call")
    customer: int | None = Field(None, ge=1, le=2**53)
    updated_since: Moment | None = Field(None, description="opened or changed at or after: incremental sync")


FOLLOW_UP_SORTS = {"id": "pk", "due_at": "due_at", "created_at": "created_at", "updated_at": "updated_at"}


def _follow_ups(actor: Actor, f: FollowUpFilters) -> QuerySet[FollowUp]:
    return followups.follow_ups_filtered(actor=actor, status=f.status.value if f.status else "",
                                         assignee_id=f.assignee, customer_id=f.customer,
                                         updated_since=f.updated_since)  # fmt: skip


@router.get("/follow-ups", response=page_of(FollowUpOut))
def follow_ups_list(request: HttpRequest, filters: Query[FollowUpFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Follow-ups (call-back tasks opened for detractors' answers), open and done; sortable by `id`, `due_at`,
    `created_at` or `updated_at`. For an incremental sync ask `?updated_since=<your last sync>&sort=updated_at`.
    Example: `GET /api/v1/follow-ups?status=open&assignee=12&sort=due_at`."""
    return cursor_page(_follow_ups(api_actor(request, "read_feedback_api"), filters), page, FOLLOW_UP_SORTS)


@router.get("/follow-ups/export", openapi_extra=export_doc(FollowUpOut))
def follow_ups_export(request: HttpRequest, filters: Query[FollowUpFilters]) -> StreamingHttpResponse:
    """Every follow-up the filters match, as JSON Lines, streamed."""
    return jsonl_export(_follow_ups(api_actor(request, "read_feedback_api"), filters), FollowUpOut, "follow-ups")


@router.get("/follow-ups/{follow_up_id}", response={200: FollowUpOut, 404: ErrorOut})
def follow_ups_get(request: HttpRequest, follow_up_id: Id) -> FollowUp:
    """One follow-up; another workspace's id is a 404, as a missing one is."""
    return followups.follow_up_get(actor=api_actor(request, "read_feedback_api"), follow_up_id=follow_up_id)
