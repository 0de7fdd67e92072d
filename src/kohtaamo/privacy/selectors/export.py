"""Everything held about one person, as one JSON-ready document (the GDPR right of access).

Each table with personal data has one entry in ``EXPORTS``: the rows of the person's customers it holds.
Rows are exported with every column (foreign keys as ids), so a column added later is exported too.
"""

import base64
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kohtaamo.connectors.models import Conversation, Message
from kohtaamo.feedback.models import Answer, FollowUp, Invitation, Response
from kohtaamo.notify.models import Delivery
from kohtaamo.quality.models import AutoAnswer, AutoReview, Dispute, Evaluation, QuestionScore
from kohtaamo.timeline.models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction, Recording
from kohtaamo.workspaces.access import Actor

from .person import person_customer_ids

FORMAT = "kohtaamo.customer-export/1"
Rows = Callable[[Actor, list[int]], models.QuerySet]


def _by_customer(model: type[models.Model]) -> Rows:
    return lambda actor, ids: model.objects.of(actor).filter(customer_id__in=ids)  # type: ignore[attr-defined]


EXPORTS: dict[str, Rows] = {
    "timeline.customer": lambda actor, ids: Customer.objects.of(actor).filter(pk__in=ids),
    "timeline.customeridentity": _by_customer(CustomerIdentity),
    "timeline.customermerge": lambda actor, ids: CustomerMerge.objects.of(actor).filter(
        Q(survivor_id__in=ids) | Q(merged_id__in=ids)
    ),
    "timeline.case": _by_customer(Case),
    "timeline.interaction": _by_customer(Interaction),
    "timeline.recording": lambda actor, ids: Recording.objects.of(actor).filter(interaction__customer_id__in=ids),
    "feedback.invitation": _by_customer(Invitation),
    "feedback.response": _by_customer(Response),
    "feedback.answer": _by_customer(Answer),
    "feedback.followup": _by_customer(FollowUp),
    "notify.delivery": _by_customer(Delivery),
    "quality.evaluation": lambda actor, ids: Evaluation.objects.of(actor).filter(interaction__customer_id__in=ids),
    "quality.questionscore": lambda actor, ids: QuestionScore.objects.of(actor).filter(
        evaluation__interaction__customer_id__in=ids
    ),
    "quality.dispute": lambda actor, ids: Dispute.objects.of(actor).filter(
        evaluation__interaction__customer_id__in=ids
    ),
    # The automatic QA of the person's contacts: scores, and the words of the transcript that decided them.
    "quality.autoreview": lambda actor, ids: AutoReview.objects.of(actor).filter(interaction__customer_id__in=ids),
    "quality.autoanswer": lambda actor, ids: AutoAnswer.objects.of(actor).filter(
        review__interaction__customer_id__in=ids
    ),
    # What a connector keeps of a conversation until it is rebuilt: the contact's details and messages.
    "connectors.conversation": lambda actor, ids: Conversation.objects.of(actor).filter(
        interaction__customer_id__in=ids
    ),
    "connectors.message": lambda actor, ids: Message.objects.of(actor).filter(
        conversation__interaction__customer_id__in=ids
    ),
}


def _row(instance: models.Model) -> dict[str, Any]:
    """Every concrete column of the row, foreign keys by id, as JSON-ready values."""
    encoder = DjangoJSONEncoder()
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, bytes | memoryview):  # a call recording: the audio itself, portable as base64
            value = base64.b64encode(bytes(value)).decode("ascii")
        elif value is not None and not isinstance(value, str | int | float | bool | dict | list):
            value = encoder.default(value)
        row[field.attname] = value
    return row


def customer_export(*, actor: Actor, customer: Customer) -> dict[str, Any]:
    """The person's document: their profile, the customers merged into them, and every row held about them."""
    ids = person_customer_ids(actor=actor, customer=customer)
    tables = {label: [_row(r) for r in rows(actor, ids).order_by("pk")] for label, rows in EXPORTS.items()}
    return {
        "format": FORMAT,
        "workspace": actor.workspace.slug,
        "customer_id": customer.pk,
        "customer_ids": ids,
        "exported_at": timezone.now().isoformat(),
        "customer": _row(customer),
        "tables": tables,
    }
