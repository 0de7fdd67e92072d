"""Benchmark: IQS (internal quality score) report over 100,000 evaluations. Target: under 1 s.

    .venv/bin/python bench/quality.py [--n 100000] [--database-url postgres://...]

Builds a fresh database (a temporary SQLite file unless --database-url is given) with 120 agents in
6 teams, 5 queues, 4 channels, 100,000 interactions over twelve months and one submitted official
evaluation of each (scores drawn per agent), then times the IQS report the reports page shows: the
overall figure and IQS with n and a 95 % t interval per agent, team, queue, channel and month, as
a CX manager sees them (the same selectors the page calls).  Each report is run 3 times and the
best run counts.  ``iqs_report_ms`` is the slowest of the six (one IQS report, as the page shows
one grouping at a time); ``all_groupings_ms`` is the sum of all six.  Question rows (pass rates)
are not generated: this measures the IQS report only.  The last line is JSON.
"""

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

GROUPINGS = ("agent", "team", "queue", "channel", "month")


def build(n: int, seed: int = 1):
    from django.contrib.auth import get_user_model

    from kohtaamo.lib.qa.form_json import form_to_dict
    from kohtaamo.quality.models import Evaluation
    from kohtaamo.quality.periods import month_of
    from kohtaamo.quality.scorecard_templates import load_template
    from kohtaamo.quality.services.scorecards import scorecard_create
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.models import Agent, Queue, Role, Team
    from kohtaamo.workspaces.services import membership_set, workspace_create

    rng = random.Random(seed)
    workspace = workspace_create(slug="bench", name="Bench")
    manager = get_user_model().objects.create(username="cx@bench", email="cx@bench")
    membership_set(workspace=workspace, user=manager, role=Role.CX_MANAGER)
    teams = Team.objects.bulk_create(Team(workspace=workspace, key=f"t{i}", name=f"Team {i}") for i in range(6))
    queues = Queue.objects.bulk_create(Queue(workspace=workspace, key=f"q{i}", name=f"Queue {i}") for i in range(5))
    agents = Agent.objects.bulk_create(
        Agent(workspace=workspace, key=f"a{i}", name=f"Agent {i}", team=teams[i % 6]) for i in range(120)
    )
    skill = {a.pk: rng.uniform(60, 95) for a in agents}
    scorecard = scorecard_create(workspace=workspace, form_data=form_to_dict(load_template("customer_service")))
    version = scorecard.current
    start = datetime(2025, 1, 1, tzinfo=UTC)
    channels = ("phone", "chat", "email", "whatsapp")
    batch = 10_000
    for offset in range(0, n, batch):
        rows = []
        for i in range(offset, min(n, offset + batch)):
            agent = agents[rng.randrange(len(agents))]
            rows.append(
                Interaction(
                    workspace=workspace,
                    source="bench",
                    external_id=f"i{i}",
                    channel=rng.choice(channels),
                    started_at=start + timedelta(minutes=rng.randrange(365 * 24 * 60)),
                    agent=agent,
                    team_id=agent.team_id,
                    queue=rng.choice(queues),
                    handle_seconds=rng.uniform(60, 900),
                    content_hash="bench",
                )  # fmt: skip
            )
        Interaction.objects.bulk_create(rows)
        Evaluation.objects.bulk_create(
            Evaluation(
                workspace=workspace,
                interaction=i,
                agent_id=i.agent_id,
                evaluator=manager,
                version=version,
                status="submitted",
                sampled_reason="random",
                interaction_at=i.started_at,
                channel=i.channel,
                month=month_of(workspace, i.started_at),
                queue_id=i.queue_id,
                team_id=i.team_id,
                submitted_at=i.started_at,
                total=max(0.0, min(100.0, rng.gauss(skill[i.agent_id], 12))) if rng.random() > 0.03 else 0.0,
            )  # fmt: skip
            for i in rows
        )
    return workspace, manager


def best_of(runs: int, function) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        began = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - began)
    return best * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    from common import fresh_database  # the benchmarks' shared start, next to this file

    url = fresh_database(args.database_url, "kohtaamo-bench-quality-")
    from kohtaamo.quality.selectors.reports import iqs_overall, iqs_report
    from kohtaamo.workspaces.access import Actor

    began = time.perf_counter()
    workspace, manager = build(args.n)
    print(f"built {args.n:,} interactions and evaluations in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})")
    actor = Actor(manager, workspace, "cx_manager")
    timings = {}
    ms, overall = best_of(3, lambda: iqs_overall(actor=actor))
    timings["overall"] = ms
    print(f"overall IQS {overall.value:.1f} [{overall.ci_low:.1f}–{overall.ci_high:.1f}] n={overall.n:,}: {ms:.0f} ms")
    for by in GROUPINGS:
        ms, rows = best_of(3, lambda by=by: iqs_report(actor=actor, by=by))
        timings[by] = ms
        print(f"IQS by {by}: {len(rows)} groups in {ms:.0f} ms")
    slowest = max(timings, key=timings.get)
    total = sum(timings.values())
    print(f"slowest IQS report: by {slowest}, {timings[slowest]:.0f} ms (target < 1000 ms)")
    print(f"all six together (overall + every grouping): {total:.0f} ms")
    figures = {
        "evaluations": overall.n,
        "iqs_report_ms": round(timings[slowest], 1),
        "all_groupings_ms": round(total, 1),
        "per_report_ms": {name: round(ms, 1) for name, ms in timings.items()},
        "database": url.split(":")[0],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
