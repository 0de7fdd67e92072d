"""Background tasks of feedback (Django Tasks, run by ``kohtaamo worker``)."""

from django.tasks import task

from kohtaamo.feedback.services.events import follow_ups_overdue_publish


@task()
def follow_ups_overdue_check(workspace_id: int) -> int:
    """Queued for a follow-up's due time: tells subscribers of every follow-up of the workspace now overdue."""
    return follow_ups_overdue_publish(workspace_id=workspace_id)
