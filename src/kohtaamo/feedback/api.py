"""Survey answers in (from other tools), NPS/CSAT/CES figures out."""

import math
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from kohtaamo.inputs.schema import Text
from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.timeline.api import MAX_BATCH, records_from_body
from kohtaamo.timeline.schemas import RejectionOut
from kohtaamo.workspaces.auth import api_actor

from .filters import FilterError, parse_filters, parse_group_by
from .selectors.metrics import HEADLINE, SECONDARY, metric_report
from .services.imports import responses_import

router = Router(tags=["feedback"])
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
