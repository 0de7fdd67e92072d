"""Background tasks of feedback (Django Tasks, run by ``kohtaamo worker``).

Reminders run as a chain per workspace: sending invitations books a run for when the first of them
falls due (unless a run is already waiting by then), and each run books the next for the next reminder
due, so there is one waiting run per workspace, not one per invitation.
"""

from datetime import datetime

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kohtaamo.feedback.services.events import follow_ups_overdue_publish
from kohtaamo.feedback.services.reminders import invitations_remind, next_reminder_due
from kohtaamo.workspaces.models import Workspace


@task()
def follow_ups_overdue_check(workspace_id: int) -> int:
    """Queued for a follow-up's due time: tells subscribers of every follow-up of the workspace now overdue."""
    return follow_ups_overdue_publish(workspace_id=workspace_id)


def reminders_schedule(*, workspace_id: int, at: datetime) -> None:
    """Book a reminder run at ``at`` once the current transaction commits, unless one waits to run by then."""

    def enqueue() -> None:
        waiting = DBTaskResult.objects.filter(
            task_path=f"{__name__}.invitation_reminders",
            status=TaskResultStatus.READY,
            args_kwargs__args__0=workspace_id,
            run_after__lte=at,
        )
        if not waiting.exists():
            invitation_reminders.using(run_after=at).enqueue(workspace_id)

    transaction.on_commit(enqueue)


@task()
def invitation_reminders(workspace_id: int) -> dict:
    """Send the reminders due now, then book the run for the next one."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {}
    now = timezone.now()
    report = invitations_remind(workspace=workspace, now=now)
    upcoming = next_reminder_due(workspace=workspace, now=now)
    if upcoming is not None:
        reminders_schedule(workspace_id=workspace_id, at=max(upcoming, now))
    return {"reminded": report.reminded, "failed": report.failed}
