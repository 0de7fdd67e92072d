"""Automatic QA in the background (Django Tasks, run by ``kohtaamo worker``): ingest asks for a run after
each batch it wrote, and a run checks whatever is still unchecked.

One waiting run per workspace is enough, since it checks everything unchecked when it starts: a bulk import of
hundreds of batches queues one run, not hundreds that find nothing to do. A run already started does not
count, so transcripts that arrive while it runs queue the next one.
"""

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kohtaamo.quality.services.autoqa import autoqa_run
from kohtaamo.workspaces.models import Workspace


def _run_waiting(workspace_id: int) -> bool:
    return DBTaskResult.objects.filter(
        task_path=f"{__name__}.autoqa_catch_up", status=TaskResultStatus.READY, args_kwargs__args__0=workspace_id
    ).exists()


def autoqa_schedule(workspace: Workspace) -> None:
    """Queue a catch-up run once the batch that wrote new transcripts has committed, unless one is waiting."""
    workspace_id = workspace.pk

    def enqueue() -> None:
        if not _run_waiting(workspace_id):
            autoqa_catch_up.enqueue(workspace_id)

    transaction.on_commit(enqueue)


@task()
def autoqa_catch_up(workspace_id: int) -> dict:
    """Check the workspace's interactions whose transcripts are not checked yet."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {}
    report = autoqa_run(workspace=workspace)
    return {"checked": report.checked, "skipped": report.skipped}
