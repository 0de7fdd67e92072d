"""Webhook subscriptions through the API: list, create (the secret is in that answer only), change, delete.

Kept beside ``api.py`` (incidents) as its own router: a separate tag in the OpenAPI document.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from kohtaamo.api_paging import ErrorOut
from kohtaamo.inputs.schema import Id, Text
from kohtaamo.notify.models import WebhookSubscription
from kohtaamo.notify.selectors import incidents as selectors
from kohtaamo.notify.services.events import subscription_change, subscription_create, subscription_delete
from kohtaamo.workspaces.auth import api_actor

router = Router(tags=["webhooks"])


class SubscriptionOut(Schema):
    id: int
    name: str
    kind: str
    url: str
    events: list[str]
    enabled: bool
    created_at: datetime


class SubscriptionCreatedOut(SubscriptionOut):
    secret: str | None = Field(None, description="the signing secret: shown in this answer only")


class SubscriptionIn(Schema):
    url: Text = Field(..., max_length=1000, examples=["https://crm.example.fi/hooks/kohtaamo"])
    events: list[Text] = Field(..., max_length=20, examples=[["response.created", "detractor.created"]])
    kind: WebhookSubscription.Kind = WebhookSubscription.Kind.SIGNED
    name: Text = Field("", max_length=100)


class SubscriptionPatchIn(Schema):
    url: Text | None = Field(None, max_length=1000)
    events: list[Text] | None = Field(None, max_length=20)
    name: Text | None = Field(None, max_length=100)
    enabled: bool | None = None
    rotate_secret: bool = Field(False, description="make a new secret (returned once); the old one stops at once")


class InvalidOut(Schema):
    errors: dict[str, list[str]]


def _invalid(error: ValidationError) -> Status:
    return Status(422, {"errors": error.message_dict if hasattr(error, "error_dict") else {"": error.messages}})


def _shown(subscription: WebhookSubscription, secret: str | None) -> dict:
    return {**SubscriptionOut.from_orm(subscription).model_dump(), "secret": secret}


@router.get("/webhooks", response=list[SubscriptionOut])
def webhooks_list(request: HttpRequest) -> list[WebhookSubscription]:
    """The workspace's subscriptions (never their secrets)."""
    return list(selectors.subscriptions_list(actor=api_actor(request, "manage_webhooks")))


@router.post("/webhooks", response={201: SubscriptionCreatedOut, 422: InvalidOut})
def webhooks_create(request: HttpRequest, body: SubscriptionIn) -> Status:
    """Subscribe a URL to events (interaction.created, response.created, detractor.created,
    followup.overdue, evaluation.submitted, dispute.opened, incident.updated); the Slack and Teams kinds
    take detractor.created and followup.overdue. The answer holds the signing secret, once; the URL must
    be public http(s)."""
    actor = api_actor(request, "manage_webhooks")
    try:
        subscription, secret = subscription_create(workspace=actor.workspace, url=body.url, events_wanted=body.events,
                                                   kind=body.kind, name=body.name)  # fmt: skip
    except ValidationError as error:
        return _invalid(error)
    return Status(201, _shown(subscription, secret))


@router.patch("/webhooks/{subscription_id}", response={200: SubscriptionCreatedOut, 404: ErrorOut, 422: InvalidOut})
def webhooks_change(request: HttpRequest, subscription_id: Id, body: SubscriptionPatchIn) -> Status:
    """Change a subscription, switch it off (`enabled: false`) or rotate its secret."""
    actor = api_actor(request, "manage_webhooks")
    subscription = selectors.subscription_get(actor=actor, subscription_id=subscription_id)
    try:
        changed, secret = subscription_change(subscription=subscription, rotate_secret=body.rotate_secret,
                                              url=body.url, events=body.events, name=body.name,
                                              enabled=body.enabled)  # fmt: skip
    except ValidationError as error:
        return _invalid(error)
    return Status(200, _shown(changed, secret))


@router.delete("/webhooks/{subscription_id}", response={204: None, 404: ErrorOut})
def webhooks_delete(request: HttpRequest, subscription_id: Id) -> Status:
    actor = api_actor(request, "manage_webhooks")
    subscription_delete(subscription=selectors.subscription_get(actor=actor, subscription_id=subscription_id))
    return Status(204, None)
