"""One reminder for an invitation nobody answered, on the channel the invitation went by.

A survey's ``reminder_days`` after an invitation was sent (0: never), if it is still only *sent* (not
started, not answered, no response at all) and has not expired, the customer gets one reminder: the
same link, and for an SMS the same "reply with a number". ``reminded_at`` is set whatever the outcome,
so there is never a second one, and the fatigue rule counts it as a message the customer got
(``services.invitations``). The worker runs this at the moments ``next_reminder_due`` names
(``tasks.invitation_reminders``); ``kohtaamo feedback remind`` runs it by hand.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from kohtaamo.feedback.models import Invitation, SendBy, Survey
from kohtaamo.feedback.services.emails import email_connection, email_send, invitation_message
from kohtaamo.feedback.services.sms import invitation_sms_queue, sms_channel
from kohtaamo.workspaces.models import Workspace


@dataclass
class ReminderReport:
    reminded: int = 0
    failed: int = 0


def _waiting(workspace: Workspace, now: datetime) -> QuerySet[Invitation]:
    """Sent, unanswered, unexpired invitations that have had no reminder."""
    return Invitation.objects.of(workspace).filter(
        status=Invitation.Status.SENT, reminded_at__isnull=True, sent_at__isnull=False, expires_at__gt=now,
        response__isnull=True,
    )  # fmt: skip


def _surveys(workspace: Workspace) -> QuerySet[Survey]:
    return Survey.objects.of(workspace).filter(reminder_days__gt=0)


def reminders_due(*, workspace: Workspace, now: datetime) -> list[int]:
    """Ids of the invitations whose reminder is due now."""
    ids: list[int] = []
    for survey in _surveys(workspace):
        due = _waiting(workspace, now).filter(survey=survey, sent_at__lte=now - timedelta(days=survey.reminder_days))
        ids.extend(due.order_by("sent_at", "pk").values_list("pk", flat=True))
    return ids


def next_reminder_due(*, workspace: Workspace, now: datetime) -> datetime | None:
    """When the next reminder falls due (None: no invitation is waiting for one)."""
    moments = []
    for survey in _surveys(workspace):
        first = _waiting(workspace, now).filter(survey=survey).aggregate(m=Min("sent_at"))["m"]
        if first is not None:
            moments.append(first + timedelta(days=survey.reminder_days))
    return min(moments) if moments else None


def invitations_remind(*, workspace: Workspace, now: datetime | None = None) -> ReminderReport:
    """Send every reminder due now, each in its own transaction under the invitation's row lock."""
    now = now or timezone.now()
    report = ReminderReport()
    sms = sms_channel(workspace)
    connection = None
    for pk in reminders_due(workspace=workspace, now=now):
        with transaction.atomic():
            invitation = (
                _waiting(workspace, now)
                .select_for_update(of=("self",))
                .select_related("survey", "workspace", "customer")
                .filter(pk=pk)
                .first()
            )
            if invitation is None:
                continue  # answered, or reminded by another run, meanwhile
            if invitation.delivery == SendBy.SMS:
                error = "no SMS channel is set up" if sms is None else ""
                error = error or invitation_sms_queue(invitation=invitation, config=sms, now=now, reminder=True)
            elif not invitation.email:
                error = "no email address"
            else:
                connection = connection or email_connection()
                error = email_send(connection, invitation_message(invitation, reminder=True))
            invitation.reminded_at = now
            if error:
                invitation.error = f"reminder: {error}"[:300]
                report.failed += 1
            else:
                report.reminded += 1
            invitation.save(update_fields=["reminded_at", "error"])
    return report
