"""Survey invitations out through the API: how each went (email or SMS, to which address or number), its
reminder, and the response rate per way of sending."""

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.schema import Day, Id, Moment, Text
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

from .api import FigureOut, figure
from .filters import FilterError, parse_filters
from .models import Invitation, SendBy
from .selectors import invitations

router = Router(tags=["feedback"])
InvitationStatus = Enum("InvitationStatus", {v: v for v in Invitation.Status.values}, type=str)  # type: ignore[misc]
Delivery = Enum("Delivery", {v: v for v in SendBy.values if v}, type=str)  # type: ignore[misc]
INVITATION_SORTS = {"id": "pk", "send_after": "send_after", "created_at": "created_at"}


class InvitationOut(Schema):
    """One survey invitation: how it reached the customer, its reminder, and its answer once given.

    A token sees the whole workspace, so ``email`` and ``phone`` are the addresses as stored, as the
    customers' identities and the incidents' deliveries are (the masking for agents is a page setting)."""

    id: int
    survey: str = Field(examples=["post-call"], description="the survey's key")
    trigger_id: int | None
    interaction_id: int | None
    customer_id: int | None
    channel: str = Field(examples=["phone"], description="the channel of the contact it asks about")
    delivery: str = Field(examples=["sms"], description="how it was sent: email or sms")
    email: str = Field(description="the customer's address, where an email invitation (and its reminder) went")
    phone: str = Field(examples=["+358401234567"], description="the E.164 number an SMS went to (and replies from)")
    language: str
    status: str = Field(examples=["sent"], description="pending, sent, started, completed or failed")
    send_after: datetime
    sent_at: datetime | None
    reminder_days: int = Field(description="the survey's days before one reminder (0: none)")
    reminder_due_at: datetime | None = Field(description="when its reminder goes, while it waits for one")
    reminded_at: datetime | None
    expires_at: datetime
    error: str = Field(description="why it could not be sent, when it failed")
    response_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_survey(obj: Invitation) -> str:
        return obj.survey.key

    @staticmethod
    def resolve_reminder_days(obj: Invitation) -> int:
        return obj.survey.reminder_days

    @staticmethod
    def resolve_reminder_due_at(obj: Invitation) -> datetime | None:
        sent, days = obj.sent_at, obj.survey.reminder_days
        if obj.status != Invitation.Status.SENT or obj.reminded_at is not None or sent is None or not days:
            return None
        due = sent + timedelta(days=days)
        return due if due < obj.expires_at else None  # an expired invitation gets no reminder

    @staticmethod
    def resolve_response_id(obj: Invitation) -> int | None:
        response = getattr(obj, "response", None)  # the reverse one-to-one raises (an AttributeError) when none
        return response.pk if response is not None else None


class InvitationFilters(Schema):
    status: InvitationStatus | None = None
    delivery: Delivery | None = Field(None, description="email or sms")
    survey: Text = Field("", max_length=100, description="a survey key")
    customer: int | None = Field(None, ge=1, le=2**53)
    send_from: Moment | None = Field(None, alias="from", description="due to be sent at or after (ISO 8601)")
    send_to: Moment | None = Field(None, alias="to", description="due to be sent before (exclusive)")


def _invitations(actor: Actor, f: InvitationFilters) -> QuerySet[Invitation]:
    return invitations.invitations_filtered(actor=actor, status=f.status.value if f.status else "",
                                            delivery=f.delivery.value if f.delivery else "", survey=f.survey,
                                            customer_id=f.customer, send_from=f.send_from,
                                            send_to=f.send_to)  # fmt: skip


@router.get("/invitations", response=page_of(InvitationOut))
def invitations_list(request: HttpRequest, filters: Query[InvitationFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Survey invitations, by email and by SMS; sortable by `id`, `send_after` or `created_at`.
    Example: `GET /api/v1/invitations?delivery=sms&status=sent&from=2026-03-01T00:00:00Z`."""
    return cursor_page(_invitations(api_actor(request, "read_feedback_api"), filters), page, INVITATION_SORTS)


@router.get("/invitations/export", openapi_extra=export_doc(InvitationOut))
def invitations_export(request: HttpRequest, filters: Query[InvitationFilters]) -> StreamingHttpResponse:
    """Every invitation the filters match, as JSON Lines, streamed (in id order)."""
    actor = api_actor(request, "read_feedback_api")
    return jsonl_export(_invitations(actor, filters), InvitationOut, "invitations")


@router.get("/invitations/{invitation_id}", response={200: InvitationOut, 404: ErrorOut})
def invitations_get(request: HttpRequest, invitation_id: Id) -> Invitation:
    """One invitation; another workspace's id is a 404, as a missing one is."""
    actor = api_actor(request, "read_feedback_api")
    return invitations.invitation_get(actor=actor, invitation_id=invitation_id)


class DeliveryRateOut(Schema):
    delivery: str = Field(examples=["sms"])
    sent: int = Field(description="invitations sent in the period")
    answered: int = Field(description="of them answered, partly or fully, on the page or by an SMS reply")
    reminded: int = Field(description="of them reminded once")
    rate: FigureOut = Field(description="answered ÷ sent, as a percentage with its 95 % interval")


class ResponseRatesOut(Schema):
    period_from: str
    period_to: str
    deliveries: list[DeliveryRateOut]


class PeriodQuery(Schema):
    start: Day | None = Field(None, alias="from", description="the first day (default: 90 days before to)")
    end: Day | None = Field(None, alias="to", description="the last day, inclusive (default: today)")


@router.get("/response-rates", response={200: ResponseRatesOut, 400: ErrorOut})
def response_rates_get(request: HttpRequest, period: Query[PeriodQuery]) -> dict:
    """Response rate per way of sending (email, SMS) of the invitations sent ``from``–``to`` (dates,
    inclusive; default the last 90 days), as the survey dashboard shows it."""
    actor = api_actor(request, "read_feedback_api")
    given = {key: day.isoformat() for key, day in (("from", period.start), ("to", period.end)) if day}
    try:
        filters = parse_filters(given, actor.workspace)
    except FilterError as error:
        raise HttpError(400, str(error)) from None
    rows = invitations.response_rates_by_delivery(actor=actor, filters=filters)
    return {
        "period_from": filters.start.isoformat(),
        "period_to": filters.end.isoformat(),
        "deliveries": [
            {**{k: row[k] for k in ("delivery", "sent", "answered", "reminded")}, "rate": figure(row["rate"])}
            for row in rows
        ],  # fmt: skip
    }
