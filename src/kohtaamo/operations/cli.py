"""`kohtaamo staff` (one-shot staffing calculator) and `kohtaamo plan` (a staffing plan as CSV)."""

import argparse
import csv
import json
import sys
from datetime import date

from kohtaamo.cli.errors import CliError


def register(commands: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
    staff = commands.add_parser(
        "staff",
        help="agents needed for one interval (Erlang C/A, chat concurrency)",
        description="Agents for VOLUME contacts in one interval, or how --agents N agents perform. Erlang C by "
        "default; Erlang A with --patience-seconds; chat with --concurrency. See docs/staffing.md.",
    )
    staff.add_argument("--volume", type=float, required=True, help="contacts offered in the interval")
    staff.add_argument("--interval-minutes", type=float, default=30)
    staff.add_argument("--aht-seconds", type=float, required=True, help="average handle time (talk + hold + wrap)")
    staff.add_argument("--sl", type=float, default=0.8, help="service level target as a fraction (default 0.8)")
    staff.add_argument("--sl-seconds", type=float, default=20, help="answered within this many seconds")
    staff.add_argument("--max-occupancy", type=float, default=0.85, help="occupancy cap (0 switches it off)")
    staff.add_argument("--shrinkage", type=float, default=0.0, help="total shrinkage as a fraction")
    staff.add_argument("--patience-seconds", type=float, help="mean customer patience: Erlang A with abandonment")
    staff.add_argument("--concurrency", type=int, help="chats an agent handles at once")
    staff.add_argument("--asa-seconds", type=float, help="also require ASA at most this")
    staff.add_argument("--max-abandonment", type=float, help="also require abandonment at most this (Erlang A)")
    staff.add_argument("--agents", type=int, help="evaluate this many agents instead of searching")
    staff.add_argument("--json", action="store_true", help="print one JSON object")
    staff.set_defaults(handler=staff_command)

    plan = commands.add_parser("plan", help="write a staffing plan per interval as CSV")
    plan.add_argument("--workspace", required=True)
    plan.add_argument("--queue", help="queue key (default: every queue)")
    plan.add_argument("--from", dest="start", type=date.fromisoformat, help="first day (default: the plan's)")
    plan.add_argument("--to", dest="end", type=date.fromisoformat, help="last day (default: the plan's)")
    plan.add_argument("--scenario", help="plan or scenario name (default: the workspace's latest plan)")
    plan.add_argument("--output", "-o", help="file to write (default: standard output)")
    plan.set_defaults(handler=plan_command)


def staff_command(args: argparse.Namespace) -> int:
    from kohtaamo.lib.queueing import staff
    from kohtaamo.operations.presenters import finite_values

    try:
        result = staff(
            args.volume,
            args.interval_minutes,
            args.aht_seconds,
            sl=args.sl,
            sl_seconds=args.sl_seconds,
            max_occupancy=args.max_occupancy or None,
            shrinkage=args.shrinkage,
            patience_seconds=args.patience_seconds,
            concurrency=args.concurrency,
            agents=args.agents,
            asa_seconds=args.asa_seconds,
            max_abandonment=args.max_abandonment,
        )
    except ValueError as error:
        raise CliError(str(error)) from None
    result = finite_values(result)
    if args.json:
        print(json.dumps(result, allow_nan=False))
        return 0
    lines = [
        f"Agents (before shrinkage): {result['agents']}",
        f"Scheduled (after {result['shrinkage']:.0%} shrinkage): {result['scheduled']}",
        f"Service level: {result['service_level']:.1%} within {args.sl_seconds:g} s",
        f"Occupancy: {result['occupancy']:.1%}",
        f"Probability of waiting: {result['wait_probability']:.1%}",
        "ASA: " + ("unbounded (too few agents)" if result["asa_seconds"] is None else f"{result['asa_seconds']:.1f} s"),
    ]
    if "abandonment" in result:
        lines.append(f"Abandonment: {result['abandonment']:.1%}")
    print("\n".join(lines))
    return 0


PLAN_COLUMNS = (
    "start",
    "volume",
    "agents",
    "required_in_house",
    "required_partner",
    "required",
    "planned_in_house",
    "planned_partner",
    "planned",
    "gap",
    "expected_sl",
    "expected_abandonment",
)


def plan_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import has_pending_migrations, workspace_by_slug
    from kohtaamo.operations.selectors import planning
    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.models import Queue

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    workspace = workspace_by_slug(args.workspace)
    actor = Actor.system(workspace)
    plans = planning.plan_list(actor=actor)
    if args.scenario:
        plan = planning.plan_by_name(actor=actor, name=args.scenario)
        if plan is None:
            known = ", ".join(p.name for p in plans) or "none yet"
            raise CliError(f"no plan or scenario {args.scenario!r} in {workspace.slug} (plans: {known})")
    elif plans:
        plan = max(plans, key=lambda p: p.pk)
    else:
        raise CliError(f"{workspace.slug} has no staffing plan yet: create one on the Operations pages")
    queue_id = None
    if args.queue:
        queue = Queue.objects.of(actor).filter(key=args.queue).first()
        if queue is None:
            known = ", ".join(Queue.objects.of(actor).values_list("key", flat=True)) or "none"
            raise CliError(f"no queue {args.queue!r} in {workspace.slug} (queues: {known})")
        queue_id = queue.pk
    plan.start_date = args.start or plan.start_date
    plan.end_date = args.end or plan.end_date
    if plan.end_date < plan.start_date:
        raise CliError("--to must not be before --from")
    result = planning.plan_result(actor=actor, plan=plan, queue_id=queue_id)
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        writer = csv.DictWriter(out, fieldnames=PLAN_COLUMNS)
        writer.writeheader()
        for row in result.rows(workspace.tz):
            writer.writerow({k: "" if row[k] is None else row[k] for k in PLAN_COLUMNS})
    finally:
        if args.output:
            out.close()
    summary = result.summary()
    print(
        f"{plan.name}: {summary['intervals']} intervals, {summary['understaffed_intervals']} understaffed "
        f"({summary['understaffed_hours']:.0f} agent-hours short).",
        file=sys.stderr,
    )
    return 0
