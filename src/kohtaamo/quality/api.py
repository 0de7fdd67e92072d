"""QA out: evaluations (with scores and the scorecard version they used), scorecards and disputes, for BI and HR
tools."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.schema import Id, Moment, Text
from kohtaamo.workspaces.access import Actor, get_visible_or_404
from kohtaamo.workspaces.auth import api_actor

from .models import Dispute, Evaluation, Scorecard, ScorecardVersion
from .selectors import scope, scorecards

router = Router(tags=["quality"])
SORTS = {"id": "pk", "created_at": "created_at"}


class EvaluationOut(Schema):
    id: int
    interaction_id: int
    agent_id: int
    evaluator_id: int | None
    scorecard: str
    scorecard_version: int
    kind: str
    status: str
    channel: str
    total: float | None
    section_scores: dict
    answers: dict
    created_at: datetime
    submitted_at: datetime | None

    @staticmethod
    def resolve_scorecard(obj: Evaluation) -> str:
        return obj.version.scorecard.key

    @staticmethod
    def resolve_scorecard_version(obj: Evaluation) -> int:
        return obj.version.number


class DisputeOut(Schema):
    id: int
    evaluation_id: int
    status: str
    reason: str
    questions: list
    score_before: float | None
    score_after: float | None
    opened_at: datetime
    resolved_at: datetime | None


class ScorecardOut(Schema):
    id: int
    key: str
    name: str
    titles: dict = Field(description='the name per language, e.g. {"fi": "Asiakaspalvelu"}')
    archived: bool
    version: int = Field(description="the newest version's number; evaluations name the version they used")
    form: dict = Field(description="the newest version's form, as docs/scorecard-format.md describes it")
    created_at: datetime

    @staticmethod
    def resolve_version(obj: Scorecard) -> int:
        return _newest(obj).number

    @staticmethod
    def resolve_form(obj: Scorecard) -> dict:
        return dict(_newest(obj).form)


def _newest(scorecard: Scorecard) -> ScorecardVersion:
    """The newest version among the prefetched ones (no query per scorecard on a page)."""
    return max(scorecard.versions.all(), key=lambda version: version.number)


class EvaluationFilters(Schema):
    agent: int | None = Field(None, ge=1, le=2**53)
    interaction: int | None = Field(None, ge=1, le=2**53)
    status: Text = Field("", max_length=20, description="draft, submitted, acknowledged or disputed")
    submitted_since: Moment | None = None


def _evaluations(actor: Actor, f: EvaluationFilters) -> QuerySet[Evaluation]:
    return scope.evaluations_list(actor=actor, agent_id=f.agent, interaction_id=f.interaction, status=f.status,
                                  submitted_since=f.submitted_since)  # fmt: skip


@router.get("/evaluations", response=page_of(EvaluationOut))
def evaluations_list(request: HttpRequest, filters: Query[EvaluationFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """QA evaluations (calibration ones excluded), sortable by `id` or `created_at`.
    Example: `GET /api/v1/evaluations?agent=7&status=submitted&submitted_since=2026-03-01T00:00:00Z`."""
    return cursor_page(_evaluations(api_actor(request, "read_quality_api"), filters), page, SORTS)


@router.get("/evaluations/export", openapi_extra=export_doc(EvaluationOut))
def evaluations_export(request: HttpRequest, filters: Query[EvaluationFilters]) -> StreamingHttpResponse:
    return jsonl_export(_evaluations(api_actor(request, "read_quality_api"), filters), EvaluationOut, "evaluations")


@router.get("/evaluations/{evaluation_id}", response={200: EvaluationOut, 404: ErrorOut})
def evaluations_get(request: HttpRequest, evaluation_id: Id) -> Evaluation:
    return scope.evaluation_get(actor=api_actor(request, "read_quality_api"), evaluation_id=evaluation_id)


@router.get("/disputes", response=page_of(DisputeOut))
def disputes_list(request: HttpRequest, page: Query[PageQuery], status: Text = "") -> dict[str, Any]:
    """Disputes of evaluations: open, accepted, partial or rejected; sortable by `id` or `opened_at`."""
    rows = scope.disputes_list(actor=api_actor(request, "read_quality_api"), status=status)
    return cursor_page(rows, page, {"id": "pk", "opened_at": "opened_at"})


@router.get("/disputes/{dispute_id}", response={200: DisputeOut, 404: ErrorOut})
def disputes_get(request: HttpRequest, dispute_id: Id) -> Dispute:
    return scope.dispute_get(actor=api_actor(request, "read_quality_api"), dispute_id=dispute_id)


def _scorecards(actor: Actor, archived: bool | None) -> QuerySet[Scorecard]:
    rows = scorecards.scorecards_all(actor=actor).filter(versions__isnull=False).distinct()
    rows = rows if archived is None else rows.filter(archived=archived)
    return rows.prefetch_related("versions")


@router.get("/scorecards", response=page_of(ScorecardOut))
def scorecards_list(request: HttpRequest, page: Query[PageQuery], archived: bool | None = None) -> dict[str, Any]:
    """Scorecards with their newest version's form, sortable by `id` or `created_at`.
    Example: `GET /api/v1/scorecards?archived=false`."""
    return cursor_page(_scorecards(api_actor(request, "read_quality_api"), archived), page, SORTS)


@router.get("/scorecards/{scorecard_id}", response={200: ScorecardOut, 404: ErrorOut})
def scorecards_get(request: HttpRequest, scorecard_id: Id) -> Scorecard:
    actor = api_actor(request, "read_quality_api")
    return get_visible_or_404(_scorecards(actor, None), actor, scorecard_id)
