"""`kohtaamo privacy` (a person's export and erasure, retention) and `kohtaamo audit export`."""

import argparse
import json
import sys

from kohtaamo.cli.errors import CliError


def register(commands: argparse._SubParsersAction) -> None:
    privacy = commands.add_parser("privacy", help="personal data: export or erase one customer, apply retention")
    actions = privacy.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="print everything held about one customer as JSON")
    export.add_argument("--workspace", required=True)
    export.add_argument("--customer", required=True, type=int, help="the customer's id")
    export.set_defaults(handler=export_command)
    erase = actions.add_parser("erase", help="erase one customer's personal data (cannot be undone)")
    erase.add_argument("--workspace", required=True)
    erase.add_argument("--customer", required=True, type=int, help="the customer's id")
    erase.set_defaults(handler=erase_command)

    retention = actions.add_parser("retention", help="empty personal data older than the workspace's limits")
    retention.add_argument("--workspace", required=True)
    retention.add_argument("--dry-run", action="store_true", help="only print what would be emptied")
    retention.set_defaults(handler=retention_command)

    audit = commands.add_parser("audit", help="the audit trail: who read or changed what")
    audit_actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    audit_export = audit_actions.add_parser("export", help="print the workspace's audit events as JSON Lines")
    audit_export.add_argument("--workspace", required=True)
    audit_export.add_argument("--action", dest="only_action", default="", help="only this action (or prefix)")
    audit_export.set_defaults(handler=audit_export_command)


def _customer(slug: str, customer_id: int):
    from django.http import Http404

    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.timeline.selectors import customer_get
    from kohtaamo.workspaces.access import Actor

    actor = Actor.system(workspace_by_slug(slug))
    try:
        return actor, customer_get(actor=actor, customer_id=customer_id)
    except Http404:
        raise CliError(f"workspace {slug!r} has no customer {customer_id}") from None


def export_command(args: argparse.Namespace) -> int:
    from django.core.serializers.json import DjangoJSONEncoder

    from kohtaamo.privacy.services.export import customer_export_hand_out

    actor, customer = _customer(args.workspace, args.customer)
    document = customer_export_hand_out(actor=actor, customer=customer)
    json.dump(document, sys.stdout, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def erase_command(args: argparse.Namespace) -> int:
    from kohtaamo.privacy.services.erase import customer_erase

    actor, customer = _customer(args.workspace, args.customer)
    erasure = customer_erase(actor=actor, customer=customer)
    changed = ", ".join(f"{label} {n}" for label, n in sorted(erasure.rows.items())) or "nothing to change"
    print(f"Customer {erasure.customer_id} erased ({changed}).")
    return 0


def audit_export_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.privacy.presenters import audit_jsonl
    from kohtaamo.privacy.selectors.audit import AuditFilters, audit_events
    from kohtaamo.workspaces.access import Actor

    actor = Actor.system(workspace_by_slug(args.workspace))
    events = audit_events(actor=actor, filters=AuditFilters(action=args.only_action)).reverse()
    sys.stdout.writelines(audit_jsonl(events.iterator()))
    return 0


def retention_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.privacy.services.retention import retention_apply

    report = retention_apply(workspace=workspace_by_slug(args.workspace), dry_run=args.dry_run)
    verb = "would empty" if args.dry_run else "emptied"
    if not report.cutoffs:
        print(f"{args.workspace}: no retention limits set (everything is kept until erased)")
        return 0
    for kind, limit in (("transcripts", "transcript_months"), ("free_text_answers", "free_text_months"),
                        ("notifications", "notification_months")):  # fmt: skip
        if limit in report.cutoffs:
            print(f"{kind}: {verb} {getattr(report, kind)} (older than {report.cutoffs[limit]})")
    return 0
