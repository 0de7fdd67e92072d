from datetime import datetime

from ninja import Schema

from .models import Customer, CustomerIdentity, Interaction


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
    identities: list[IdentityOut]

    @staticmethod
    def resolve_identities(obj: Customer) -> list[CustomerIdentity]:
        return list(obj.identities.all())


class CustomerBriefOut(Schema):
    id: int
    name: str
    language: str
    postal_code: str


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
    case_id: int | None
    case_ref: str | None
    is_repeat: bool
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
