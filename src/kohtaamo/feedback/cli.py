"""`kohtaamo feedback …`: generate, list and send survey invitations, and import answers from other tools;
`kohtaamo rollups rebuild`: recount the dashboard's score roll-ups."""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kohtaamo.cli.common import has_pending_migrations, progress_bar, workspace_by_slug, write_rejects
from kohtaamo.cli.errors import CliError

if TYPE_CHECKING:  # models are imported after Django is set up, inside the commands
    from kohtaamo.workspaces.models import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
    feedback = commands.add_parser("feedback", help="customer surveys: invitations and answers")
    actions = feedback.add_subparsers(dest="action", required=True, metavar="ACTION")
    invite = actions.add_parser("invite", help="create invitations from the trigger rules over new interactions")
    invite.add_argument("--workspace", required=True)
    invite.set_defaults(handler=invite_command)
    relationship = actions.add_parser(
        "relationship", help="invite a customer segment to a relationship survey (run it on a schedule)"
    )
    relationship.add_argument("--workspace", required=True)
    relationship.add_argument("--survey", required=True, help="the survey's key")
    relationship.add_argument("--segment", help="customer attribute and value, e.g. segment:business")
    relationship.add_argument("--fatigue-days", type=int, default=30)
    relationship.set_defaults(handler=relationship_command)
    send = actions.add_parser(
        "send", help="send the due invitations by email (KOHTAAMO_EMAIL_* settings) or SMS (the notify SMS channel)"
    )
    send.add_argument("--workspace", required=True)
    send.set_defaults(handler=send_command)
    remind = actions.add_parser("remind", help="send the reminders now due (the worker does it on its own)")
    remind.add_argument("--workspace", required=True)
    remind.set_defaults(handler=remind_command)
    export = actions.add_parser("export", help="write invitations with their survey links as CSV")
    export.add_argument("--workspace", required=True)
    export.add_argument("--status", choices=["pending", "sent", "started", "completed", "failed"])
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=export_command)
    add_responses_import(actions, "import", help="import answers from another survey tool (same as `import responses`)")
    rollups = commands.add_parser("rollups", help="the dashboards' stored counts: scores and KPI sums")
    rollup_actions = rollups.add_subparsers(dest="action", required=True, metavar="ACTION")
    rebuild = rollup_actions.add_parser(
        "rebuild", help="count the score roll-ups again from the answers, and the KPI sums from the contacts"
    )
    rebuild.add_argument("--workspace", help="one workspace's slug (default: every workspace)")
    rebuild.add_argument("--check", action="store_true", help="only compare; exit 1 when they differ")
    rebuild.set_defaults(handler=rollups_rebuild_command)


def add_responses_import(commands: argparse._SubParsersAction, name: str, *, help: str) -> None:
    """The one definition of the answers import: `kohtaamo import responses`, registered again as the
    alias `kohtaamo feedback import` (where people who work with surveys look for it)."""
    importing = commands.add_parser(name, help=help)
    importing.add_argument("file", type=Path)
    importing.add_argument("--workspace", required=True)
    importing.add_argument("--source", default="import", help="source system when records don't name one")
    importing.add_argument("--rejects", type=Path, help="where to write rejected rows (default FILE.rejects.jsonl)")
    importing.set_defaults(handler=import_command)


def _workspace(slug: str) -> "Workspace":
    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    return workspace_by_slug(slug)


def invite_command(args: argparse.Namespace) -> int:
    from .services.invitations import invitations_generate_all

    reports = invitations_generate_all(workspace=_workspace(args.workspace))
    if not reports:
        print("No active trigger rules: nothing to do.")
    for name, report in reports.items():
        print(
            f"{name}: {report.considered} interactions considered, {report.created} invited, "
            f"{report.fatigued} skipped by the fatigue rule, {report.not_sampled} not sampled, "
            f"{report.already} invited before."
        )
    return 0


def relationship_command(args: argparse.Namespace) -> int:
    from kohtaamo.workspaces.access import Actor

    from .filters import SEGMENT
    from .selectors.surveys import survey_by_key
    from .services.invitations import relationship_invitations_create

    workspace = _workspace(args.workspace)
    survey = survey_by_key(actor=Actor.system(workspace), key=args.survey)
    if survey is None:
        raise CliError(f"no survey {args.survey!r} in {workspace.slug}")
    segment = None
    if args.segment:
        match = SEGMENT.match(args.segment)
        if not match:
            raise CliError("--segment: use attribute:value, e.g. segment:business")
        segment = (match.group(1), match.group(2))
    count = relationship_invitations_create(survey=survey, segment=segment, fatigue_days=args.fatigue_days)
    print(f"{count} customers invited to {survey.name}.")
    return 0


def send_command(args: argparse.Namespace) -> int:
    from .services.sending import invitations_send

    report = invitations_send(workspace=_workspace(args.workspace))
    print(f"{report.sent} sent, {report.failed} failed, {report.without_address} without an email address or phone.")
    return 1 if report.failed else 0


def remind_command(args: argparse.Namespace) -> int:
    from .services.reminders import invitations_remind

    report = invitations_remind(workspace=_workspace(args.workspace))
    print(f"{report.reminded} reminded, {report.failed} failed.")
    return 1 if report.failed else 0


def export_command(args: argparse.Namespace) -> int:
    from kohtaamo.workspaces.access import Actor

    from .presenters import invitations_csv
    from .selectors.invitations import invitation_list

    rows = invitation_list(actor=Actor.system(_workspace(args.workspace)), status=args.status or "")
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            invitations_csv(rows, out)
        print(f"Invitations written to {args.output}.")
    else:
        invitations_csv(rows, sys.stdout)
    return 0


def import_command(args: argparse.Namespace) -> int:
    """`kohtaamo import responses FILE` (alias `kohtaamo feedback import FILE`)."""
    from kohtaamo.timeline.files import UnsupportedFile, count_lines, file_format, read_records

    from .services.imports import responses_import

    workspace = _workspace(args.workspace)
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    try:
        file_format(args.file)
    except UnsupportedFile as error:
        raise CliError(str(error)) from None
    with progress_bar() as progress:
        task = progress.add_task(f"Importing {args.file.name}", total=count_lines(args.file))
        report = responses_import(
            workspace=workspace,
            records=read_records(args.file),
            default_source=args.source,
            progress=lambda n: progress.advance(task, n),
        )
    print(
        f"{report.received} answers: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected."
    )
    return write_rejects(report.rejected, args.file, args.rejects)


def rollups_rebuild_command(args: argparse.Namespace) -> int:
    """Recount (or with ``--check`` compare) the score roll-ups of one or every workspace.

    Exit 0 when done (or when they agree), 1 when ``--check`` found a workspace that differs, 2 for a
    usage error (unknown workspace, database not migrated).
    """
    from kohtaamo.operations.services.kpi_rollups import kpi_rollups_rebuild
    from kohtaamo.workspaces.models import Workspace

    from .services.rollups import rollups_check, rollups_rebuild

    if args.workspace:
        workspaces = [_workspace(args.workspace)]
    else:
        if has_pending_migrations():
            raise CliError("the database is not up to date: run `kohtaamo init` first")
        workspaces = list(Workspace.objects.order_by("slug"))
    differing = []
    with progress_bar() as progress:
        task = progress.add_task("Checking roll-ups" if args.check else "Rebuilding roll-ups", total=len(workspaces))
        for workspace in workspaces:
            if args.check:
                if wrong := rollups_check(workspace=workspace):
                    differing.append(f"{workspace.slug}: {wrong} counts differ")
            else:
                report = rollups_rebuild(workspace=workspace)
                progress.console.print(f"{workspace.slug}: {report.answers} answers in {report.rows} roll-up rows")
                days = kpi_rollups_rebuild(workspace=workspace)
                progress.console.print(f"{workspace.slug}: KPI sums of {days} days counted")
            progress.advance(task)
    if args.check:
        for line in differing:
            print(line)
        print(f"{len(workspaces) - len(differing)} of {len(workspaces)} workspaces agree with their answers.")
        return 1 if differing else 0
    print(f"Roll-ups rebuilt for {len(workspaces)} workspaces.")
    return 0
