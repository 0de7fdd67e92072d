"""Reading texts in the background (Django Tasks, run by ``kohtaamo worker``): ingest and answer writes
ask for a catch-up, a taxonomy change asks for a re-tagging of everything.

As with the automatic QA, one waiting run per workspace and kind is enough: it reads whatever is unread
when it starts, so a bulk import of hundreds of batches queues one run, not hundreds.
"""

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kohtaamo.workspaces.models import Workspace

from .services.readings import readings_refresh


def _waiting(name: str, workspace_id: int) -> bool:
    return DBTaskResult.objects.filter(
        task_path=f"{__name__}.{name}", status=TaskResultStatus.READY, args_kwargs__args__0=workspace_id
    ).exists()


def readings_schedule(workspace: Workspace) -> None:
    """Queue a catch-up once the write that stored new texts has committed, unless one is waiting."""
    workspace_id = workspace.pk

    def enqueue() -> None:
        if not _waiting("readings_catch_up", workspace_id):
            readings_catch_up.enqueue(workspace_id)

    transaction.on_commit(enqueue)


def topics_retag_schedule(workspace: Workspace) -> None:
    """Queue a re-reading of every text once a taxonomy change has committed, unless one is waiting."""
    workspace_id = workspace.pk

    def enqueue() -> None:
        if not _waiting("topics_retag", workspace_id):
            topics_retag.enqueue(workspace_id)

    transaction.on_commit(enqueue)


def _run(workspace_id: int, *, again: bool) -> dict:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {}
    report = readings_refresh(workspace=workspace, again=again)
    return {"transcripts": report.transcripts, "comments": report.comments}


@task()
def readings_catch_up(workspace_id: int) -> dict:
    """Read the workspace's transcripts and comments that have no reading of their present content."""
    return _run(workspace_id, again=False)


@task()
def topics_retag(workspace_id: int) -> dict:
    """Read every text of the workspace again (its taxonomy changed)."""
    return _run(workspace_id, again=True)
