"""Survey invitations and reminders by SMS, through the notifications' outbox.

An SMS invitation becomes one outbox row (``notify.models.Delivery``) on the workspace's SMS channel, with
the text already written in the customer's language. The row's idempotency key is made of the invitation
and whether it is the reminder, and is unique, so an invitation's SMS exists at most once however often
sending runs; from there the outbox's claim, retries and dead letters take over (docs/notifications.md).
Quiet hours of the notification policy hold the message until morning, as they do an incident's.
"""

import hashlib
from datetime import datetime

from django.db import transaction

from kohtaamo.feedback.links import localised, survey_link
from kohtaamo.feedback.models import Invitation, QuestionType
from kohtaamo.feedback.sms import invitation_text
from kohtaamo.notify.models import ChannelConfig, Delivery, NotifyChannel
from kohtaamo.notify.policy import consent_for, quiet_until
from kohtaamo.notify.selectors.incidents import notify_policy_get
from kohtaamo.notify.tasks import drains_schedule
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace


def sms_channel(workspace: Workspace) -> ChannelConfig | None:
    """The workspace's SMS channel when it is set up and on; None otherwise (the invitation then fails)."""
    return ChannelConfig.objects.of(workspace).filter(channel=NotifyChannel.SMS, enabled=True).first()


def delivery_key(invitation: Invitation, *, reminder: bool) -> str:
    """The outbox row's idempotency key: one invitation SMS and one reminder SMS per invitation, ever."""
    kind = "reminder" if reminder else "invitation"
    return hashlib.sha256(f"survey-{kind}:{invitation.workspace_id}:{invitation.pk}".encode()).hexdigest()[:64]


def nps_question_text(invitation: Invitation) -> str:
    """The survey's first NPS question in the customer's language: the one an SMS reply answers."""
    question = invitation.survey.questions.filter(type=QuestionType.NPS).order_by("position", "pk").first()
    return localised(question.text, invitation.language) if question else ""


def invitation_sms_text(invitation: Invitation, *, reminder: bool = False) -> str:
    """The SMS the customer gets (or got): what the outbox sends and the invitation's preview shows."""
    return invitation_text(
        brand=invitation.workspace.name,
        question=nps_question_text(invitation),
        link=survey_link(invitation),
        language=invitation.language,
        reminder=reminder,
    )


def invitation_sms_queue(
    *, invitation: Invitation, config: ChannelConfig, now: datetime, reminder: bool = False
) -> str:
    """Put the invitation's SMS (or reminder) in the outbox; returns "" or why it cannot be sent.

    Called inside the transaction that marks the invitation sent or reminded, so both happen or neither.
    """
    if not invitation.phone:
        return "no phone number"
    customer = invitation.customer
    allowed, source = consent_for(customer.consent if customer else {}, NotifyChannel.SMS)
    if not allowed:
        return "the customer opted out of SMS"
    text = invitation_sms_text(invitation, reminder=reminder)
    policy = notify_policy_get(actor=Actor.system(invitation.workspace))
    held = None
    if config.quiet_hours:
        held = quiet_until(now, invitation.workspace.tz, policy.quiet_start, policy.quiet_end)
    _, created = Delivery.objects.of(invitation.workspace).get_or_create(
        idempotency_key=delivery_key(invitation, reminder=reminder),
        defaults={
            "workspace": invitation.workspace,
            "customer_id": invitation.customer_id,
            "channel": NotifyChannel.SMS,
            "language": invitation.language,
            "address": invitation.phone,
            "body": text,
            "consent_source": source[:100],
            "status": Delivery.Status.HELD if held else Delivery.Status.QUEUED,
            "next_attempt_at": held or now,
            "created_at": now,
        },
    )
    if created:
        workspace_id = invitation.workspace_id
        transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return ""
