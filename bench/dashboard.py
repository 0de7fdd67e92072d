"""Dashboard benchmark: the CX dashboard's figures for one workspace with many interactions and answers.

    .venv/bin/python bench/dashboard.py                       # 1,000,000 interactions, 200,000 responses
    .venv/bin/python bench/dashboard.py --interactions 200000 --responses 40000
    .venv/bin/python bench/dashboard.py --database-url postgres://postgres@127.0.0.1:5432/kohtaamo_bench

Fills a fresh database with a year of interactions (plain multi-row INSERTs: this measures reading, not
importing) and survey responses with four answers each (CSAT, CES, resolved, NPS) and a comment on a
third of them, then times ``dashboard_data`` — what the dashboard page computes: NPS, CSAT and CES
with their intervals, weekly trends, four breakdowns with Benjamini–Hochberg comparisons, and the
response count, from the daily score roll-ups (counted once after the fill) — for the default period
(the last 90 days) and for the whole year, warm (after one untimed run).

When DuckDB is installed (``pip install '.[bench]'``; it is not a dependency of Kohtaamo) the same
figures' SQL is also run in DuckDB over the same answers, copied into an in-memory DuckDB table: the
weekly tallies of each metric, the previous period's tallies, the four breakdowns and the response count.
DuckDB reads the raw answers, column-wise; Kohtaamo reads its roll-ups. The ratio says how far the
dashboard is from an analytical engine on the same rows. The operations KPI table (a year by week and by
agent) and heatmap are timed too, from their quarter-hour roll-ups and summing the interactions. The last
line is JSON with ``p50_ms``, ``p95_ms`` (default period), ``year_p50_ms``, ``duckdb_ratio_90d``,
``duckdb_ratio_year`` (null without DuckDB), ``kpi_year_p50_ms``, ``kpi_year_raw_ms``, ``interactions``
and ``rollup_rows``.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_postgres  # the benchmarks' shared start

CHANNELS = ["phone", "phone", "phone", "chat", "chat", "email", "whatsapp", "sms"]
REASONS = ["invoice", "outage", "move", "contract", "meter reading", "payment plan", ""]
CHUNK = 20_000


def fill(workspace, n_interactions: int, n_responses: int, now: datetime, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kohtaamo.db.adapt import db_datetime, db_json, on_sqlite
    from kohtaamo.db.rows import insert_rows
    from kohtaamo.feedback.models import Answer, Response
    from kohtaamo.feedback.services.surveys import survey_create_standard
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.models import Agent, Queue, Team

    teams = [Team.objects.create(workspace=workspace, key=f"t{i}", name=f"Team {i}") for i in range(8)]
    agents = [
        Agent.objects.create(workspace=workspace, key=f"a{i}", name=f"Agent {i:03d}", team=teams[i % 8])
        for i in range(120)
    ]
    queues = [Queue.objects.create(workspace=workspace, key=f"q{i}", name=f"Queue {i}") for i in range(6)]
    survey = survey_create_standard(workspace=workspace)
    questions = {q.key: q for q in survey.questions.all()}
    start = now - timedelta(days=365)
    step = 365 * 86400 / n_interactions
    day = (lambda d: d.isoformat()) if on_sqlite() else (lambda d: d)
    icols = (
        "workspace_id", "source", "external_id", "channel", "direction", "started_at", "ended_at", "wait_seconds",
        "abandoned", "outcome", "queue_id", "agent_id", "team_id", "contact_reason", "is_repeat", "transcript",
        "recording_url", "attributes", "content_hash", "redacted_kinds", "created_at", "updated_at",
    )  # fmt: skip
    rcols = (
        "workspace_id", "survey_id", "source", "interaction_id", "agent_id", "team_id", "queue_id", "channel",
        "contact_reason", "language", "completed", "answered_at", "created_at",
    )  # fmt: skip
    acols = (
        "workspace_id", "response_id", "question_id", "question_key", "question_type", "scale", "value", "choice",
        "text", "source", "content_hash", "interaction_id", "agent_id", "team_id", "queue_id", "channel",
        "contact_reason", "language", "answered_at", "answered_on", "answered_week", "answered_month",
        "redacted_kinds",
    )  # fmt: skip
    share = n_responses / n_interactions
    created = db_datetime(timezone.now())
    for first in range(0, n_interactions, CHUNK):
        rows, facts = [], []
        for i in range(first, min(first + CHUNK, n_interactions)):
            agent = agents[rng.randrange(len(agents))]
            started = start + timedelta(seconds=i * step)
            channel, queue, reason = rng.choice(CHANNELS), rng.choice(queues).pk, rng.choice(REASONS)
            rows.append((
                workspace.pk, "bench", f"I{i:09d}", channel, "inbound", db_datetime(started),
                db_datetime(started + timedelta(minutes=6)), rng.randint(0, 600), False, "resolved", queue,
                agent.pk, agent.team_id, reason, False, db_json([]), "", db_json({}), "x", db_json([]), created,
                created,
            ))  # fmt: skip
            facts.append((started, channel, queue, agent, reason))
        with transaction.atomic():
            ids = insert_rows(Interaction, icols, rows, returning=True)
            chosen = [(pk, f) for pk, f in zip(ids, facts, strict=True) if rng.random() < share]
            responses = [
                (workspace.pk, survey.pk, "survey", pk, a.pk, a.team_id, q, ch, r, "fi", True,
                 db_datetime(s + timedelta(hours=2)), created)
                for pk, (s, ch, q, a, r) in chosen
            ]  # fmt: skip
            rids = insert_rows(Response, rcols, responses, returning=True)
            answers = []
            for rid, (pk, (s, ch, q, a, r)) in zip(rids, chosen, strict=True):
                at = s + timedelta(hours=2)
                local = timezone.localtime(at, workspace.tz).date()
                mood = min(1.0, max(0.0, rng.gauss(0.72 + (a.pk % 7) * 0.02, 0.2)))
                values = {
                    "csat": round(1 + 4 * mood),
                    "ces": round(1 + 6 * mood),
                    "resolved": "yes" if mood > 0.5 else "no",
                    "nps": round(10 * mood),
                }
                if rng.random() < 0.33:
                    values["comment"] = rng.choice(["Nopea palvelu", "Jonotin liian kauan", "Kiitos!"])
                for key, value in values.items():
                    question = questions[key]
                    scored = question.is_scored
                    answers.append((
                        workspace.pk, rid, question.pk, key, question.type, question.scale,
                        value if scored else None, value if key == "resolved" else "",
                        value if key == "comment" else "", "", "", pk, a.pk, a.team_id, q, ch, r, "fi",
                        db_datetime(at), day(local), day(local - timedelta(days=local.weekday())),
                        day(local.replace(day=1)), db_json([]),
                    ))  # fmt: skip
            insert_rows(Answer, acols, answers)
        print(f"  {min(first + CHUNK, n_interactions):,} interactions", end="\r", flush=True)
    print()


def measure(actor, filters, runs: int) -> list[float]:
    from kohtaamo.feedback.selectors.dashboard import dashboard_data

    dashboard_data(actor=actor, filters=filters)  # warm-up: page cache and query plans
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        dashboard_data(actor=actor, filters=filters)
        times.append((time.perf_counter() - began) * 1000)
    return times


def measure_kpis(actor, runs: int) -> dict:
    """The operations KPI table (a year by week, and by agent) and heatmap from the roll-ups, beside the raw sums.

    The first call counts the roll-ups of every day (the fill wrote past the services, so every day is
    stale); later calls read them. The raw figure sums the interactions themselves, as before roll-ups.
    """
    from django.utils import timezone

    from kohtaamo.operations.selectors.kpis import kpi_heatmap, kpi_table

    today = timezone.localdate(timezone=actor.workspace.tz)
    period = {"actor": actor, "start": today - timedelta(days=364), "end": today + timedelta(days=1)}

    def year(raw: bool = False) -> None:
        kpi_table(**period, grain="week", raw=raw)
        kpi_table(**period, grain="week", by="agent", raw=raw)
        kpi_heatmap(**period, channel="phone", raw=raw)

    began = time.perf_counter()
    year()
    first = time.perf_counter() - began
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        year()
        times.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    year(raw=True)
    raw_ms = (time.perf_counter() - began) * 1000
    print(
        f"KPI year (table by week and by agent, heatmap): p50 {statistics.median(times):.0f} ms from roll-ups, "
        f"{raw_ms:.0f} ms summing the interactions; the first count of every day took {first:.1f} s"
    )
    return {"kpi_year_p50_ms": round(statistics.median(times), 1), "kpi_year_raw_ms": round(raw_ms, 1)}


DUCKDB_COLUMNS = (
    "response_id", "question_key", "value", "channel", "team_id", "agent_id", "contact_reason", "answered_on",
    "answered_week",
)  # fmt: skip


def duckdb_answers(workspace):
    """The workspace's answers in an in-memory DuckDB table, or None when DuckDB is not installed."""
    try:
        import duckdb
    except ImportError:
        return None
    import pandas as pd
    from django.db import connection

    from kohtaamo.feedback.models import Answer

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(DUCKDB_COLUMNS)} FROM {Answer._meta.db_table} WHERE workspace_id = %s",
            [workspace.pk],
        )
        frame = pd.DataFrame(cursor.fetchall(), columns=list(DUCKDB_COLUMNS))
    for column in ("answered_on", "answered_week"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    duck = duckdb.connect()
    duck.register("frame", frame)
    duck.execute("CREATE TABLE answers AS SELECT * FROM frame")
    duck.unregister("frame")
    return duck


def duckdb_dashboard(duck, filters) -> None:
    """What ``dashboard_data`` asks its database, asked of DuckDB over the raw answers."""
    current = [filters.start, filters.end]
    earlier = filters.previous()
    scored = "value IS NOT NULL AND answered_on BETWEEN ? AND ?"
    for metric in ("nps", "csat", "ces"):
        duck.execute(
            f"SELECT answered_week, value, count(*) FROM answers WHERE question_key = ? AND {scored} GROUP BY 1, 2",
            [metric, *current],
        ).fetchall()
        duck.execute(
            f"SELECT value, count(*) FROM answers WHERE question_key = ? AND {scored} GROUP BY 1",
            [metric, earlier.start, earlier.end],
        ).fetchall()
    for column in ("channel", "team_id", "agent_id", "contact_reason"):
        duck.execute(
            f"SELECT {column}, value, count(*) FROM answers WHERE question_key = 'nps' AND {scored} GROUP BY 1, 2",
            current,
        ).fetchall()
    duck.execute(
        "SELECT count(DISTINCT response_id) FROM answers WHERE answered_on BETWEEN ? AND ?", current
    ).fetchall()


def measure_duckdb(duck, filters, runs: int) -> list[float]:
    duckdb_dashboard(duck, filters)  # warm-up, as for Kohtaamo
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        duckdb_dashboard(duck, filters)
        times.append((time.perf_counter() - began) * 1000)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, help="default: a fifth of the interactions")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--reuse", action="store_true", help="measure a database filled by an earlier run")
    args = parser.parse_args()
    n_responses = args.responses or args.interactions // 5

    work = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-"))
    url = args.database_url or f"sqlite:///{work / 'kohtaamo.sqlite3'}"
    if url.startswith("postgres") and not args.reuse:
        fresh_postgres(url)
    os.environ["KOHTAAMO_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kohtaamo.feedback.filters import parse_filters
    from kohtaamo.feedback.models import Answer
    from kohtaamo.feedback.services.rollups import rollups_rebuild
    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.models import Role, Workspace
    from kohtaamo.workspaces.services import workspace_create

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    if args.reuse:
        workspace = Workspace.objects.get(slug="bench")
    else:
        workspace = workspace_create(slug="bench", name="Bench")
        fill(workspace, args.interactions, n_responses, datetime.now(UTC), random.Random(1))
    # The answers were written past the services, so their roll-ups are counted here, as
    # `kohtaamo rollups rebuild` would (the dashboard reads them instead of the answers).
    rebuilt = time.perf_counter()
    rollups = rollups_rebuild(workspace=workspace)
    took = time.perf_counter() - rebuilt
    print(f"{rollups.rows:,} roll-up rows for {rollups.answers:,} scored answers, counted in {took:.1f} s")
    # Statistics for the planner; on PostgreSQL VACUUM also sets the visibility map that index-only scans
    # need (autovacuum does the same in a running installation).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    answers = Answer.objects.filter(workspace=workspace).count()
    done = "reused" if args.reuse else f"filled in {time.perf_counter() - began:.0f} s"
    print(f"{args.interactions:,} interactions, {answers:,} answers, {done} ({connection.vendor})")

    actor = Actor(user=None, workspace=workspace, role=Role.CX_MANAGER)
    default = measure(actor, parse_filters({}, workspace), args.runs)
    today = timezone.localdate(timezone=workspace.tz)
    year_filters = parse_filters({"from": (today - timedelta(days=364)).isoformat()}, workspace)
    year = measure(actor, year_filters, args.runs)
    for name, times in (("last 90 days (default)", default), ("whole year", year)):
        print(f"{name}: p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms")
    kpis = measure_kpis(actor, max(3, args.runs // 4))
    ratios = {"duckdb_ratio_90d": None, "duckdb_ratio_year": None}
    duck = duckdb_answers(workspace)
    if duck is None:
        print("DuckDB is not installed (pip install '.[bench]'): no comparison")
    else:
        views = (("90d", default, parse_filters({}, workspace)), ("year", year, year_filters))
        for name, ours, filters in views:
            theirs = measure_duckdb(duck, filters, args.runs)
            ratio = statistics.median(ours) / statistics.median(theirs)
            ratios[f"duckdb_ratio_{name}"] = round(ratio, 2)
            print(f"DuckDB, {name}: p50 {statistics.median(theirs):.0f} ms; Kohtaamo takes {ratio:.1f}× as long")
    print(
        json.dumps(
            {
                "p50_ms": round(statistics.median(default), 1),
                "p95_ms": round(percentile(default, 0.95), 1),
                "year_p50_ms": round(statistics.median(year), 1),
                "year_p95_ms": round(percentile(year, 0.95), 1),
                **ratios,
                **kpis,
                "interactions": args.interactions,
                "answers": answers,
                "rollup_rows": rollups.rows,
                "database": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
