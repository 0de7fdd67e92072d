from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .errors import CliError


def migrate(verbosity: int = 0) -> None:
    call_command("migrate", interactive=False, verbosity=verbosity)


def has_pending_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def workspace_by_slug(slug: str):
    from kohtaamo.workspaces.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        known = ", ".join(Workspace.objects.values_list("slug", flat=True)) or "none yet"
        raise CliError(f"no workspace {slug!r} (workspaces: {known})")
    return workspace
