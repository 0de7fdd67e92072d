"""`kohtaamo outbox`: run the notification outbox without the task queue, and see what it holds.

``kohtaamo worker`` drains the outbox through tasks queued by each update; ``kohtaamo outbox drain``
is the same service in a plain loop (for a dedicated sender process, or to catch up after an outage
of the task worker). Both can run at the same time, in as many processes as wanted: the claim makes
sure every message is sent by exactly one of them.
"""

import time

from kohtaamo.cli.errors import CliError


def register(commands) -> None:
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


def _configs(slug: str | None):
    from kohtaamo.notify.models import ChannelConfig

    configs = ChannelConfig.objects.filter(enabled=True).select_related("workspace")
    if slug:
        configs = configs.filter(workspace__slug=slug)
        if not configs.exists():
            raise CliError(f"workspace {slug!r} has no enabled notification channel (or does not exist)")
    return list(configs)


def drain_command(args) -> int:
    from django.utils import timezone

    from kohtaamo.notify.outbox import deliveries_drain, next_due

    started = time.monotonic()
    sent = dead = retried = 0
    while True:
        for config in _configs(args.workspace):
            due = next_due(config=config, now=timezone.now())
            if due is None or due > timezone.now():
                continue
            left = None if args.max_seconds is None else max(0.0, args.max_seconds - (time.monotonic() - started))
            report = deliveries_drain(config_id=config.pk, max_seconds=left)
            sent, dead, retried = sent + report.sent, dead + report.dead, retried + report.retried
        if not args.loop or (args.max_seconds is not None and time.monotonic() - started >= args.max_seconds):
            break
        time.sleep(1.0)
    print(f"sent {sent}, failed and retrying later {retried}, dead letters {dead}")
    return 0


def status_command(args) -> int:
    from django.db.models import Count

    from kohtaamo.notify.models import Delivery

    rows = Delivery.objects.all()
    if args.workspace:
        rows = rows.filter(workspace__slug=args.workspace)
    counts = (
        rows.values_list("workspace__slug", "channel", "status")
        .annotate(n=Count("pk"))
        .order_by("workspace__slug", "channel", "status")
    )
    for slug, channel, status, n in counts:
        print(f"{slug}\t{channel}\t{status}\t{n}")
    return 0
