import json
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .errors import CliError


def migrate(verbosity: int = 0) -> None:
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)  # the shared rate-limit counters (no-op on Redis)


def has_pending_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def progress_bar() -> Progress:
    """The progress display of long commands (imports, demo data), the same for every app's commands."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=False,
    )


def workspace_by_slug(slug: str):
    from kohtaamo.workspaces.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        known = ", ".join(Workspace.objects.values_list("slug", flat=True)) or "none yet"
        raise CliError(f"no workspace {slug!r} (workspaces: {known})")
    return workspace


def print_import_report(report, noun: str = "rows") -> None:
    """The one summary line of every interaction import."""
    print(
        f"{report.received} {noun}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected; "
        f"customers: {report.identity.customers_created} created, {report.identity.merges} merged."
    )


def count_kpis(workspace) -> None:
    """After an import: count the KPI roll-ups of the days it changed, here rather than in the next page view."""
    from kohtaamo.operations.services.kpi_rollups import kpi_rollups_refresh

    kpi_rollups_refresh(workspace=workspace)


def write_rejects(rejected: list, file: Path, rejects: Path | None) -> int:
    """Write rejected rows with their reasons next to the input (or to ``rejects``); the exit code."""
    if not rejected:
        return 0
    rejects = rejects or file.with_name(file.name + ".rejects.jsonl")
    # backslashreplace: a reason may quote a malformed text; the rejects file must still be written.
    with rejects.open("w", encoding="utf-8", errors="backslashreplace") as out:
        for rejection in rejected:
            out.write(json.dumps(rejection.as_dict("line"), ensure_ascii=False) + "\n")
    first = rejected[0]
    print(
        f"Rejected rows with reasons: {rejects} (first: line {first.position}, "
        f"{first.errors[0].field} {first.errors[0].message})"
    )
    return 1
