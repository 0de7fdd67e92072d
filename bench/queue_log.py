"""queue_log import rate: an Asterisk call centre's days read through the shipped profile and stored.

    python bench/queue_log.py [--days 5] [--calls 4000] [--agents 40]

Writes ``--days`` days of a busy queue's ``queue_log`` (the demo's generator: agents logging in and
pausing, phones ringing unanswered, answered, transferred, abandoned and timed-out calls, callers'
numbers national and international), then imports it as ``kohtaamo import interactions FILE --profile
asterisk-queue-log`` does: parsing the lines, grouping them by call id, mapping each call to a phone
interaction and storing it through the one ingestion path (identity resolution, cases). Uses a throwaway
SQLite database unless KOHTAAMO_DATABASE_URL is set. The import runs twice; the second must create
nothing (a call is imported once whatever happens). The last line is JSON with ``lines_per_s`` and
``calls_per_s``.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--calls", type=int, default=4000, help="calls a day")
    parser.add_argument("--agents", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-"))
    os.environ.setdefault("KOHTAAMO_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from django.db import connection

    from kohtaamo.cli.common import migrate
    from kohtaamo.demo.queue_log import queue_log_day
    from kohtaamo.lib.importmap import shipped_profile
    from kohtaamo.timeline.ingest import IngestReport, interactions_ingest
    from kohtaamo.timeline.ingest.mapped import mapped_records
    from kohtaamo.workspaces.services import workspace_create

    migrate()
    workspace = workspace_create(slug=f"bench-{int(time.time())}", name="Bench")
    rng = random.Random(1)
    agents = [f"PJSIP/agent{n:03d}" for n in range(args.agents)]
    callers = [f"+35840{rng.randrange(10**7):07d}" for _ in range(args.calls * 2)]
    first = date(2026, 3, 2)
    lines = []
    for day in range(args.days):
        lines += queue_log_day(rng, first + timedelta(days=day), calls=args.calls, agents=agents, callers=callers)
    path = folder / "queue_log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = shipped_profile("asterisk-queue-log")
    assert profile is not None
    print(f"{len(lines):,} queue_log lines, {args.days * args.calls:,} calls ({path.stat().st_size / 1e6:.1f} MB)")

    def run() -> tuple[float, IngestReport]:
        began = time.perf_counter()
        records = mapped_records(workspace=workspace, path=path, profile=profile, default_source="asterisk")
        report = interactions_ingest(workspace=workspace, records=records, default_source="asterisk")
        return time.perf_counter() - began, report

    took, report = run()
    again, repeat = run()
    created = report.created
    print(f"first import: {created:,} calls stored, {len(report.rejected):,} refused, in {took:.1f} s")
    print(f"same file again: {repeat.created:,} created in {again:.1f} s (must be 0)")
    print(
        json.dumps(
            {
                "lines": len(lines),
                "calls": created,
                "seconds": round(took, 2),
                "lines_per_s": round(len(lines) / took),
                "calls_per_s": round(created / took),
                "created_again": repeat.created,
                "database": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
