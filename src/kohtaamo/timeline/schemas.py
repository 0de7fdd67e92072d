from datetime import datetime
from enum import Enum
from typing import Any

from ninja import Field, Schema

from kohtaamo.inputs.schema import Moment, Text

from .channels import CHANNELS
from .models import Case, Customer, CustomerIdentity, Interaction

Channel = Enum("Channel", {v: v for v in CHANNELS}, type=str)  # type: ignore[misc]
CaseStatus = Enum("CaseStatus", {v: v for v in Case.Status.values}, type=str)  # type: ignore[misc]


class FieldErrorOut(Schema):
    field: str
    message: str


class RejectionOut(Schema):
    index: int
    external_id: str
    errors: list[FieldErrorOut]


class IngestOut(Schema):
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: list[RejectionOut]
    customers_created: int
    customers_merged: int


class IdentityOut(Schema):
    kind: str
    value: str
    shared: bool


class CustomerOut(Schema):
    id: int
    name: str
    language: str
    postal_code: str
    preferred_channel: str
    attributes: dict
    consent: dict
    identities: list[IdentityOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_identities(obj: Customer) -> list[CustomerIdentity]:
        return list(obj.identities.all())


class InteractionOut(Schema):
    id: int
    source: str
    external_id: str
    channel: str
    direction: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    wait_seconds: float | None
    handle_seconds: float | None
    wrap_seconds: float | None
    abandoned: bool
    outcome: str
    contact_reason: str
    customer_id: int | None
    case_id: int | None
    case_ref: str | None
    is_repeat: bool
    updated_at: datetime
    queue: str | None
    agent: str | None
    team: str | None

    @staticmethod
    def resolve_case_ref(obj: Interaction) -> str | None:
        return obj.case.ref if obj.case_id else None

    @staticmethod
    def resolve_queue(obj: Interaction) -> str | None:
        return obj.queue.key if obj.queue_id else None

    @staticmethod
    def resolve_agent(obj: Interaction) -> str | None:
        return obj.agent.key if obj.agent_id else None

    @staticmethod
    def resolve_team(obj: Interaction) -> str | None:
        return obj.team.key if obj.team_id else None


class CaseOut(Schema):
    id: int
    customer_id: int | None
    ref: str | None
    contact_reason: str
    status: str
    opened_at: datetime
    last_contact_at: datetime
    contacts: int


class TimelineOut(Schema):
    customer: CustomerOut
    interactions: list[InteractionOut]
    open_cases: list[CaseOut]


class BusyOut(Schema):
    """503: the batch kept colliding with other writers and nothing of it was stored; send it again."""

    detail: str
    retry_after: int


class InteractionFilters(Schema):
    customer: int | None = Field(
        None, ge=1, le=2**53, description="a customer id (a merged-away id finds the survivor)"
    )
    case: int | None = Field(None, ge=1, le=2**53, description="a case id")
    channel: Channel | None = None
    started_from: Moment | None = Field(None, alias="from", description="started at or after (ISO 8601)")
    started_to: Moment | None = Field(None, alias="to", description="started before (exclusive)")
    updated_since: Moment | None = Field(None, description="created or changed at or after: incremental sync")


class CaseFilters(Schema):
    customer: int | None = Field(None, ge=1, le=2**53)
    status: CaseStatus | None = None
    contact_since: Moment | None = Field(None, description="last contact at or after")


class CustomerFilters(Schema):
    q: Text = Field("", max_length=200, description="name, email, phone, external id or handle")
    updated_since: Moment | None = None


class CustomerPatchIn(Schema):
    """A merge patch: keys given are set (``null`` removes), others stay."""

    attributes: dict[str, Any] | None = Field(None, examples=[{"segment": "business", "churn_risk": None}])
    consent: dict[str, Any] | None = Field(None, examples=[{"service_sms": False, "survey_email": True}])


class FieldErrorsOut(Schema):
    errors: list[FieldErrorOut]
