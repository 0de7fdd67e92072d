"""Ingestion benchmark: N interactions through the real import path into a fresh database.

    .venv/bin/python bench/ingest.py --n 1000000
    .venv/bin/python bench/ingest.py --n 200000 --database-url postgres://postgres@127.0.0.1:5432/kohtaamo_bench

Generates a JSONL file with realistic identifier overlap (a sixth as many customers as interactions,
who come back on several channels with their phone written in different formats, their email in
different case, some with an external id; in time order, as systems export them), imports it with
the same code `kohtaamo import` runs, and
compares with a raw ``sqlite3.executemany`` of the same rows into a table of the same shape. The last
line is JSON: ``rows_per_s``, ``ratio_to_raw`` (import time ÷ raw insert time), ``peak_rss_mb``, and
``kpi_count_s``: the KPI roll-ups' count of the imported days, which ``kohtaamo import`` runs after it.
"""

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_postgres  # the benchmarks' shared start

CHANNELS = ["phone", "phone", "phone", "chat", "chat", "email", "whatsapp", "sms", "web", "social"]
REASONS = ["invoice", "outage", "move", "contract", "meter reading", "payment plan", ""]


def phone_variants(number: int) -> list[str]:
    digits = f"{number:07d}"
    return [f"040 {digits}", f"+35840{digits}", f"358 40 {digits[:3]} {digits[3:]}", f"040-{digits}"]


def generate(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    customers = max(n // 6, 1)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            c = int(rng.paretovariate(1.2)) % customers if rng.random() < 0.5 else rng.randrange(customers)
            customer: dict = {}
            if c % 10 < 7:
                customer["external_id"] = f"C{c:08d}"
            if rng.random() < 0.6:
                email = f"customer{c}@example.fi"
                customer["email"] = email.upper() if rng.random() < 0.1 else email
            if rng.random() < 0.8:
                customer["phone"] = rng.choice(phone_variants(1_000_000 + c))
            if rng.random() < 0.01:
                customer["external_id"] = rng.choice(["null", "anonymous", "000000", "-1"])
            # Exports from contact-centre systems come in time order (a little jitter between sources).
            started = start + timedelta(seconds=i * 180 * 86400 / n + rng.randrange(600))
            handle = rng.randint(60, 900)
            record = {
                "external_id": f"I{i:09d}",
                "source": "bench",
                "channel": rng.choice(CHANNELS),
                "started_at": started.isoformat(),
                "ended_at": (started + timedelta(seconds=handle + 30)).isoformat(),
                "wait_seconds": rng.randint(0, 300),
                "handle_seconds": handle,
                "queue": f"queue-{c % 6}",
                "agent": f"agent-{rng.randrange(60)}",
                "team": f"team-{rng.randrange(5)}",
                "contact_reason": rng.choice(REASONS),
                "outcome": rng.choice(["resolved", "resolved", "unresolved", "transferred"]),
                "customer": customer,
            }
            out.write(json.dumps(record) + "\n")


def raw_baseline(path: Path, db_path: Path) -> float:
    """The floor: parse the same JSON lines and executemany them into an interaction-shaped table."""
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE interaction (id INTEGER PRIMARY KEY, workspace_id INT, source TEXT, external_id TEXT, "
        "channel TEXT, direction TEXT, started_at TEXT, answered_at TEXT, ended_at TEXT, wait_seconds REAL, "
        "handle_seconds REAL, wrap_seconds REAL, abandoned INT, outcome TEXT, queue_id INT, agent_id INT, "
        "team_id INT, customer_id INT, case_id INT, contact_reason TEXT, is_repeat INT, transcript TEXT, "
        "recording_url TEXT, attributes TEXT, content_hash TEXT, created_at TEXT, updated_at TEXT, "
        "UNIQUE (workspace_id, source, external_id))"
    )
    began = time.perf_counter()
    batch = []
    now = datetime.now(UTC).isoformat()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            batch.append(
                (1, r["source"], r["external_id"], r["channel"], "inbound", r["started_at"], None, r["ended_at"],
                 r["wait_seconds"], r["handle_seconds"], None, 0, r["outcome"], None, None, None, None, None,
                 r["contact_reason"], 0, "[]", "", "{}", "", now, now)
            )  # fmt: skip
            if len(batch) == 2000:
                connection.executemany(f"INSERT INTO interaction VALUES (NULL{', ?' * 26})", batch)
                connection.commit()
                batch.clear()
    if batch:
        connection.executemany(f"INSERT INTO interaction VALUES (NULL{', ?' * 26})", batch)
        connection.commit()
    elapsed = time.perf_counter() - began
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--skip-raw", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-"))
    data = work / "interactions.jsonl"
    t = time.perf_counter()
    generate(data, args.n)
    print(f"generated {args.n:,} records in {time.perf_counter() - t:.1f} s ({data.stat().st_size / 1e6:.0f} MB)")

    url = args.database_url or f"sqlite:///{work / 'kohtaamo.sqlite3'}"
    if url.startswith("postgres"):
        fresh_postgres(url)
    os.environ["KOHTAAMO_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kohtaamo.db.rows import tune_for_bulk_import
    from kohtaamo.operations.services.kpi_rollups import kpi_rollups_refresh
    from kohtaamo.timeline.files import read_parsed
    from kohtaamo.timeline.ingest import interactions_ingest, parse_options
    from kohtaamo.timeline.models import Customer, CustomerIdentity, CustomerMerge
    from kohtaamo.workspaces.services import workspace_create

    call_command("migrate", verbosity=0)
    workspace = workspace_create(slug="bench", name="Bench")
    tune_for_bulk_import()
    began = time.perf_counter()
    records = read_parsed(data, **parse_options(workspace, "bench"))
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] % 100_000 < n:
            print(f"  {done[0]:>9,} after {time.perf_counter() - began:6.1f} s", flush=True)

    report = interactions_ingest(workspace=workspace, records=records, default_source="bench", progress=progress)
    elapsed = time.perf_counter() - began
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows_per_s = report.accepted / elapsed
    print(
        f"imported {report.accepted:,} interactions ({len(report.rejected)} rejected) in {elapsed:.1f} s: "
        f"{rows_per_s:,.0f}/s; {Customer.objects.filter(merged_into__isnull=True).count():,} customers, "
        f"{CustomerIdentity.objects.count():,} identities, {CustomerMerge.objects.count():,} merges"
    )
    # `kohtaamo import` then counts the KPI roll-ups of the days it touched (here: every day of the file).
    t = time.perf_counter()
    kpi_days = kpi_rollups_refresh(workspace=workspace)
    kpi_count_s = time.perf_counter() - t
    print(f"KPI roll-ups of {kpi_days} days counted in {kpi_count_s:.1f} s")
    t = time.perf_counter()
    records = read_parsed(data, **parse_options(workspace, "bench"))
    again = interactions_ingest(workspace=workspace, records=records, default_source="bench")
    print(f"re-import of the same file: {again.unchanged:,} unchanged in {time.perf_counter() - t:.1f} s")
    ratio = None
    if not args.skip_raw:
        raw = raw_baseline(data, work / "raw.sqlite3")
        ratio = elapsed / raw
        print(f"raw sqlite3 executemany of the same rows: {raw:.1f} s ({args.n / raw:,.0f}/s); ratio {ratio:.1f}x")
    print(f"peak RSS {peak_rss_mb:.0f} MB (before the re-import)")
    print(json.dumps({"rows_per_s": round(rows_per_s), "ratio_to_raw": ratio and round(ratio, 2),
                      "peak_rss_mb": round(peak_rss_mb), "kpi_count_s": round(kpi_count_s, 1), "n": args.n,
                      "database": url.split(":")[0]}))  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
