"""Path analytics benchmark: the real selector over N interactions in a fresh database.

    .venv/bin/python bench/journeys.py                 # 1,000,000 interactions, SQLite in a temp folder
    .venv/bin/python bench/journeys.py --n 200000 --database-url postgres://postgres@127.0.0.1:5432/kohtaamo_bench

The history is written with bulk SQL (not timed): a sixth as many customers as interactions, cases of
1–4 contacts that move between channels (web → chat → phone), most ending resolved, over 180 days.
Then ``kohtaamo.journeys.selectors.analytics.path_analytics`` runs as the paths page runs it: once per case and
once per customer (7-day window), each reading every interaction from the database, building journeys,
top paths, switches, Sankey links and unresolved ends. The last line is JSON with ``interactions``,
``paths_s`` (per case, the page's default) and ``paths_customer_s``.
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from common import fresh_database  # the benchmarks' shared start

CHANNELS = ["phone", "chat", "email", "web", "whatsapp", "sms", "social", "in_person"]
WEIGHTS = [42, 17, 14, 9, 6, 5, 4, 3]
NEXT = {"web": "phone", "chat": "phone", "email": "phone", "whatsapp": "chat", "sms": "phone"}
REASONS = ["laskutus", "sopimus", "muutto", "sähkökatko", "mittarilukema", "maksuaika"]


def stamp(moment: datetime, postgres: bool) -> str:
    return moment.isoformat() if postgres else moment.strftime("%Y-%m-%d %H:%M:%S")


def generate(workspace_id: int, n: int, postgres: bool, seed: int = 7) -> int:
    """Write customers, cases and n interactions with plain multi-row inserts; returns the interactions."""
    from django.db import connection

    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(days=180)  # first contacts within 168 days: follow-ups stay in the past
    now = stamp(datetime.now(UTC), postgres)
    customers = max(n // 6, 1)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO timeline_customer (workspace_id, name, language, postal_code, attributes, preferred_channel,"
            " consent, created_at, updated_at) VALUES (%s, %s, 'fi', '', '{}', '', '{}', %s, %s)",
            [(workspace_id, f"Asiakas {i}", now, now) for i in range(customers)],
        )
        cursor.execute("SELECT MIN(id) FROM timeline_customer WHERE workspace_id = %s", [workspace_id])
        first_customer = cursor.fetchone()[0]
    written, case_id = 0, 0
    cases, interactions = [], []
    while written < n:
        case_id += 1
        customer = first_customer + rng.randrange(customers)
        reason = rng.choice(REASONS)
        at = start + timedelta(seconds=rng.randrange(168 * 86400))
        channel = rng.choices(CHANNELS, WEIGHTS)[0]
        contacts = min(n - written, rng.choices((1, 2, 3, 4), (70, 20, 7, 3))[0])
        resolved = rng.random() < 0.8
        for k in range(contacts):
            last = k == contacts - 1
            outcome = "resolved" if last and resolved else rng.choice(("unresolved", "transferred", "escalated"))
            interactions.append(
                (workspace_id, f"b{written}", channel, stamp(at, postgres), outcome, customer, case_id, reason,
                 k > 0, float(rng.randrange(300)), now, now)
            )  # fmt: skip
            written += 1
            at += timedelta(seconds=rng.randrange(600, 4 * 86400))
            channel = NEXT.get(channel, channel) if rng.random() < 0.6 else rng.choices(CHANNELS, WEIGHTS)[0]
        cases.append((case_id, workspace_id, customer, reason, "resolved" if resolved else "open", now, now))
    with connection.cursor() as cursor:
        for i in range(0, len(cases), 20000):
            cursor.executemany(
                "INSERT INTO timeline_case (id, workspace_id, customer_id, contact_reason, status, opened_at,"
                " last_contact_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                cases[i : i + 20000],
            )
        for i in range(0, len(interactions), 20000):
            cursor.executemany(
                "INSERT INTO timeline_interaction (workspace_id, source, external_id, channel, direction, started_at,"
                " abandoned, outcome, customer_id, case_id, contact_reason, is_repeat, wait_seconds, transcript,"
                " recording_url, attributes, content_hash, redacted_kinds, created_at, updated_at) VALUES (%s, 'bench',"
                " %s, %s, 'inbound', %s, FALSE, %s, %s, %s, %s, %s, %s, '[]', '', '{}', '', '[]', %s, %s)",
                interactions[i : i + 20000],
            )
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    url = fresh_database(args.database_url, "kohtaamo-bench-journeys-")
    from django.db import transaction

    from kohtaamo.journeys.selectors.analytics import path_analytics
    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.models import Role
    from kohtaamo.workspaces.services import workspace_create

    workspace = workspace_create(slug="bench", name="Bench")
    began = time.perf_counter()
    with transaction.atomic():
        n = generate(workspace.pk, args.n, url.startswith("postgres"))
    print(f"wrote {n:,} interactions in {time.perf_counter() - began:.1f} s (not timed below)")
    actor = Actor(None, workspace, Role.CX_MANAGER)
    timings = {}
    for by in ("case", "customer"):
        began = time.perf_counter()
        report = path_analytics(actor=actor, days=181, by=by)
        timings[by] = time.perf_counter() - began
        top = " | ".join(" → ".join(p.steps) + f" ({p.n:,})" for p in report.paths[:3])
        print(
            f"per {by}: {report.contacts:,} contacts, {report.journeys:,} journeys in {timings[by]:.2f} s; "
            f"resolved {report.resolved.value:.1f} %, contacts per resolved {report.contacts_per_resolved.value:.2f};"
            f" top: {top}"
        )
    print(json.dumps({"interactions": n, "paths_s": round(timings["case"], 2),
                      "paths_customer_s": round(timings["customer"], 2), "database": url.split(":")[0]}))  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
