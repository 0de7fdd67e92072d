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
