"""`kohtaamo outbox`: run the notification outbox without the task queue, and see what it holds.

``kohtaamo worker`` drains the outbox through tasks queued by each update; ``kohtaamo outbox drain``
is the same service in a plain loop (for a dedicated sender process, or to catch up after an outage
of the task worker). Both can run at the same time, in as many processes as wanted: the claim makes
sure every message is sent by exactly one of them.
"""

import argparse
import time

from kohtaamo.cli.errors import CliError


def register(commands: argparse._SubParsersAction) -> None:
    outbox = commands.add_parser("outbox", help="incident notifications: drain the outbox, show its state")
    actions = outbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    drain = actions.add_parser("drain", help="send due messages (every workspace unless --workspace)")
    drain.add_argument("--workspace", help="only this workspace (slug)")
    drain.add_argument("--loop", action="store_true", help="keep running, checking for due messages every second")
    drain.add_argument("--max-seconds", type=float, help="stop after this long")
    drain.set_defaults(handler=drain_command)
    status = actions.add_parser("status", help="messages per workspace, channel and status")
    status.add_argument("--workspace", help="only this workspace (slug)")
    status.set_defaults(handler=status_command)
    secrets = commands.add_parser("secrets", help="stored channel secrets (SMTP passwords, webhook tokens)")
    secret_actions = secrets.add_subparsers(dest="action", required=True, metavar="ACTION")
    rotate = secret_actions.add_parser("rotate", help="encrypt every stored secret again with the current key")
    rotate.set_defaults(handler=rotate_command)


def _workspaces(slug: str | None) -> list:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.workspaces.models import Workspace

    return [workspace_by_slug(slug)] if slug else list(Workspace.objects.order_by("slug"))


def _configs(slug: str | None) -> list:
    from kohtaamo.notify.selectors.incidents import channel_configs
    from kohtaamo.workspaces.access import Actor

    configs = [
        config
        for workspace in _workspaces(slug)
        for config in channel_configs(actor=Actor.system(workspace))
        if config.enabled
    ]
    if slug and not configs:
        raise CliError(f"workspace {slug!r} has no enabled notification channel")
    return configs


def drain_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from kohtaamo.notify.services.outbox import deliveries_drain, next_due

    started = time.monotonic()
    sent = dead = retried = 0
    while True:
        for config in _configs(args.workspace):
            due = next_due(config=config, now=timezone.now())
            if due is None or due > timezone.now():
                continue
            left = None if args.max_seconds is None else max(0.0, args.max_seconds - (time.monotonic() - started))
            report = deliveries_drain(config=config, max_seconds=left)
            sent, dead, retried = sent + report.sent, dead + report.dead, retried + report.retried
        if not args.loop or (args.max_seconds is not None and time.monotonic() - started >= args.max_seconds):
            break
        time.sleep(1.0)
    print(f"sent {sent}, failed and retrying later {retried}, dead letters {dead}")
    return 0


def rotate_command(args: argparse.Namespace) -> int:
    from kohtaamo.notify.services.channels import channel_secrets_reseal

    total = sum(channel_secrets_reseal(workspace=workspace) for workspace in _workspaces(None))
    print(f"re-encrypted the secrets of {total} channel(s) with the current key")
    return 0


def status_command(args: argparse.Namespace) -> int:
    from kohtaamo.notify.selectors.incidents import delivery_status_counts
    from kohtaamo.workspaces.access import Actor

    for workspace in _workspaces(args.workspace):
        for channel, status, n in delivery_status_counts(actor=Actor.system(workspace)):
            print(f"{workspace.slug}\t{channel}\t{status}\t{n}")
    return 0
