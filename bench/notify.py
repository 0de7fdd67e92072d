"""Notification benchmark: one outage reaching N customers, queued and delivered to a local SMTP sink.

    .venv/bin/python bench/notify.py --n 100000
    .venv/bin/python bench/notify.py --n 20000 --rate 500 --databases sqlite

For each database (a fresh SQLite file, and PostgreSQL at ``--postgres-url`` unless left out) it creates
N customers with an email address, declares an outage affecting all of them through the real service
(``incident_receive``: the fan-out writes the outbox in the update's transaction), then starts two
``kohtaamo worker`` processes (Django's task worker, django-tasks-db) that run the drain tasks the update
queued. An aiosmtpd server in this process receives the emails and counts them by their idempotency key.

Figures: ``queued_per_s`` (N ÷ time of the declare call), ``delivered_per_s`` (N ÷ time from the
workers' start to the last message recorded), ``duplicates`` (emails received more than once) and
``lost`` (messages neither received nor dead-lettered). The last line is JSON, worst case over the
databases, with each database's figures under its name.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from common import fresh_postgres  # the benchmarks' shared start

ROOT = Path(__file__).resolve().parent.parent
KOHTAAMO = ROOT / ".venv" / "bin" / "kohtaamo"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kohtaamo_bench_notify"


class Sink:
    """SMTP handler counting messages by their X-Kohtaamo-Idempotency-Key header."""

    def __init__(self):
        self.keys: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        content = envelope.content
        start = content.find(b"X-Kohtaamo-Idempotency-Key: ")
        key = content[start + 28 : content.find(b"\r\n", start)].decode() if start >= 0 else "?"
        with self.lock:
            self.keys[key] += 1
        return "250 OK"


def run_child(args) -> dict:
    """In a process whose settings point at one database: set up, queue, deliver, count."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.utils import timezone

    from kohtaamo.db.adapt import db_datetime, db_json
    from kohtaamo.db.rows import insert_rows
    from kohtaamo.notify.models import Delivery
    from kohtaamo.notify.services.channels import channel_config_set
    from kohtaamo.notify.services.incidents import incident_receive
    from kohtaamo.timeline.models import Customer, CustomerIdentity
    from kohtaamo.workspaces.services import workspace_create

    call_command("migrate", verbosity=0)
    workspace = workspace_create(slug="bench", name="Bench Energy")
    now = db_datetime(timezone.now())
    began = time.perf_counter()
    ids = insert_rows(
        Customer,
        ["workspace_id", "name", "language", "postal_code", "attributes", "preferred_channel", "consent",
         "created_at", "updated_at"],
        [(workspace.pk, f"Asiakas {i}", "fi", "00100", db_json({}), "email", db_json({}), now, now)
         for i in range(args.n)],
        returning=True,
    )  # fmt: skip
    insert_rows(
        CustomerIdentity,
        ["workspace_id", "customer_id", "kind", "value", "shared", "created_at"],
        [(workspace.pk, pk, "email", f"c{pk}@example.fi", False, now) for pk in ids],
    )
    print(f"  {args.n:,} customers created in {time.perf_counter() - began:.1f} s", flush=True)

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=args.smtp_port)
    controller.start()
    channel_config_set(workspace=workspace, channel="email", rate_per_second=args.rate, workers=args.workers,
                       quiet_hours=False, options={"host": "127.0.0.1", "port": args.smtp_port,
                                                   "from_email": "bench@example.fi"})  # fmt: skip
    payload = {"external_id": "BENCH-1", "kind": "outage", "severity": "critical", "title": {"fi": "Sähkökatko"},
               "postal_codes": ["00100"], "eta": "2030-01-01T18:00:00+02:00"}  # fmt: skip
    began = time.perf_counter()
    received = incident_receive(workspace=workspace, payload=payload, source="bench")
    queue_seconds = time.perf_counter() - began
    queued = Delivery.objects.filter(update=received.update).count()
    print(f"  {queued:,} messages queued in {queue_seconds:.2f} s ({queued / queue_seconds:,.0f}/s)", flush=True)

    env = {**os.environ, "KOHTAAMO_LOG_LEVEL": "ERROR"}
    began = time.perf_counter()
    workers = [
        subprocess.Popen(  # noqa: S603 (our own command)
            [str(KOHTAAMO), "worker"], env=env, cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for _ in range(args.workers)
    ]
    try:
        done = 0
        deadline = began + args.timeout
        while time.perf_counter() < deadline:
            time.sleep(1.0)
            done = Delivery.objects.filter(update=received.update, status__in=["sent", "dead"]).count()
            print(f"\r  delivered {done:,} / {queued:,}", end="", flush=True)
            if done >= queued:
                break
        deliver_seconds = time.perf_counter() - began
        print()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            _, err = worker.communicate(timeout=30)
            if worker.returncode not in (0, -15) and err:
                print(err.decode()[-2000:], file=sys.stderr)
    time.sleep(0.5)  # the last messages' DATA replies
    controller.stop()
    statuses = dict(Counter(Delivery.objects.filter(update=received.update).values_list("status", flat=True)))
    keys = set(Delivery.objects.filter(update=received.update).values_list("idempotency_key", flat=True))
    dead = statuses.get("dead", 0)
    duplicates = sum(n - 1 for n in sink.keys.values() if n > 1)
    unknown_at_sink = len(set(sink.keys) - keys)
    lost = len(keys) - len(set(sink.keys) & keys) - dead
    return {
        "n": args.n,
        "rate_per_s": args.rate,
        "workers": args.workers,
        "queued": queued,
        "queue_seconds": round(queue_seconds, 2),
        "queued_per_s": round(queued / queue_seconds),
        "deliver_seconds": round(deliver_seconds, 1),
        "delivered_per_s": round(done / deliver_seconds),
        "received_at_sink": sum(sink.keys.values()),
        "duplicates": duplicates + unknown_at_sink,
        "lost": lost,
        "statuses": statuses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000.0, help="email channel's messages per second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--smtp-port", type=int, default=0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(run_child(args)), flush=True)
        return 0
    results = {}
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ)
            if database == "postgres":
                fresh_postgres(args.postgres_url)
                env["KOHTAAMO_DATABASE_URL"] = args.postgres_url
            else:
                env["KOHTAAMO_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            port = args.smtp_port or _free_port()
            print(f"{database}: {args.n:,} customers, email at {args.rate:,.0f}/s, {args.workers} workers", flush=True)
            command = [sys.executable, __file__, "--child", "--n", str(args.n), "--rate", str(args.rate),
                       "--workers", str(args.workers), "--timeout", str(args.timeout),
                       "--smtp-port", str(port)]  # fmt: skip
            child = subprocess.run(command, env=env, cwd=folder, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
            lines = child.stdout.splitlines()
            print("\n".join(line for line in lines if not line.startswith("RESULT ")))
            found = [json.loads(line[7:]) for line in lines if line.startswith("RESULT ")]
            if not found:
                print(f"{database}: the run failed (exit {child.returncode})", file=sys.stderr)
                return 1
            results[database] = found[0]
            r = found[0]
            print(f"{database}: queued {r['queued_per_s']:,}/s, delivered {r['delivered_per_s']:,}/s, "
                  f"duplicates {r['duplicates']}, lost {r['lost']}", flush=True)  # fmt: skip
    summary = {
        "queued_per_s": min(r["queued_per_s"] for r in results.values()),
        "delivered_per_s": min(r["delivered_per_s"] for r in results.values()),
        "duplicates": sum(r["duplicates"] for r in results.values()),
        "lost": sum(r["lost"] for r in results.values()),
        **results,
    }
    print(json.dumps(summary))
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
