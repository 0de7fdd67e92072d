"""Sending due invitations: by email (``services.emails``, SMTP in production) or by SMS through the
notifications' outbox (``services.sms``); each one sent books its reminder (``tasks``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kohtaamo.feedback.models import Invitation, SendBy
from kohtaamo.feedback.services.emails import email_connection, email_send, invitation_message
from kohtaamo.feedback.services.sms import invitation_sms_queue, sms_channel
from kohtaamo.feedback.tasks import reminders_schedule
from kohtaamo.workspaces.models import Workspace


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    without_address: int = 0


def invitations_send(*, workspace: Workspace, now: datetime | None = None, limit: int = 1000) -> SendReport:
    """Send the workspace's due, unexpired invitations by email or SMS; one failure never stops the others.

    Each invitation is taken under a row lock and only while still pending, so two runs at once send it
    once. An SMS is put in the notifications' outbox in the same transaction that marks it sent.
    """
    now = now or timezone.now()
    report = SendReport()
    due = list(
        Invitation.objects.of(workspace)
        .filter(status=Invitation.Status.PENDING, send_after__lte=now, expires_at__gt=now)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    connection = None
    sms = sms_channel(workspace)
    reminder_days: set[int] = set()
    for pk in due:
        with transaction.atomic():
            invitation = (
                Invitation.objects.of(workspace)
                .select_for_update(of=("self",))
                .select_related("survey", "workspace", "customer")
                .filter(pk=pk, status=Invitation.Status.PENDING)
                .first()
            )
            if invitation is None:
                continue  # another run sent it meanwhile
            if invitation.delivery == SendBy.SMS:
                error = "no SMS channel is set up" if sms is None else ""
                error = error or invitation_sms_queue(invitation=invitation, config=sms, now=now)
            elif not invitation.email:
                error = "no email address"
            else:
                connection = connection or email_connection()
                error = email_send(connection, invitation_message(invitation))
            if error:
                invitation.status, invitation.error = Invitation.Status.FAILED, error[:300]
                report.without_address += error in ("no email address", "no phone number")
                report.failed += error not in ("no email address", "no phone number")
            else:
                invitation.status, invitation.sent_at, invitation.error = Invitation.Status.SENT, now, ""
                report.sent += 1
                if invitation.survey.reminder_days:
                    reminder_days.add(invitation.survey.reminder_days)
            invitation.save(update_fields=["status", "sent_at", "error"])
    if reminder_days:
        # The first reminder of this run falls due then; each reminder run books the one after.
        reminders_schedule(workspace_id=workspace.pk, at=now + timedelta(days=min(reminder_days)))
    return report
