"""HTTP ingestion benchmark: 1, 4 and 8 concurrent API clients against a real `kohtaamo serve`.

    .venv/bin/python bench/ingest_http.py
    .venv/bin/python bench/ingest_http.py --batches 5 --databases sqlite

For each database (a fresh SQLite file, and PostgreSQL at ``--postgres-url`` unless left out) it
migrates, creates a workspace and an API token, starts ``kohtaamo serve`` on loopback and, for each
level of concurrency, lets that many clients each ``POST /api/v1/interactions`` ``--batches`` batches of
1,000 records at once. The clients' customers overlap (the same people, their phones written in other
formats, on several channels), so their batches race on creating and merging the same customers.

Figures per level: ``records_per_s`` (records stored ÷ wall time of the level), request latency
``p50_ms``/``p95_ms``, ``errors`` (any answer but 200, including 503: must be 0), and afterwards
``stored`` (the level's interactions in the database: must equal what was sent, each exactly once).
The last line is JSON with each database's levels under its name.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_postgres  # the benchmarks' shared start

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kohtaamo_bench_http"
LEVELS = (1, 4, 8)
BATCH = 1000
PEOPLE = 500  # few enough that concurrent batches keep meeting the same customers
CHANNELS = ["phone", "phone", "chat", "email", "whatsapp", "sms"]
REASONS = ["invoice", "outage", "move", "contract", ""]


def batch(level: int, client: int, number: int) -> list[dict]:
    """1,000 records of one client; people are drawn from one pool shared by every client."""
    rng = random.Random(f"{level}-{client}-{number}")
    start = datetime(2026, 10, 1, tzinfo=UTC)
    records = []
    for i in range(BATCH):
        person = rng.randrange(PEOPLE)
        customer: dict = {}
        if person % 10 < 6:
            customer["external_id"] = f"C{person:06d}"
        if rng.random() < 0.6:
            customer["email"] = f"customer{person}@example.fi"
        if rng.random() < 0.8 or not customer:
            digits = f"{1_000_000 + person:07d}"
            customer["phone"] = rng.choice([f"040 {digits}", f"+35840{digits}", f"040-{digits}"])
        started = start + timedelta(minutes=rng.randrange(60 * 24 * 60))
        records.append(
            {
                "external_id": f"L{level}-c{client}-b{number}-{i}",
                "source": "bench",
                "channel": rng.choice(CHANNELS),
                "started_at": started.isoformat(),
                "handle_seconds": rng.randint(60, 900),
                "queue": f"queue-{person % 4}",
                "agent": f"agent-{rng.randrange(40)}",
                "contact_reason": rng.choice(REASONS),
                "outcome": rng.choice(["resolved", "unresolved"]),
                "customer": customer,
            }
        )
    return records


def run_child(command: str) -> None:
    """In a process of its own (one database per process): set up, or count what a level stored."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from kohtaamo.cli.common import migrate
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.models import Workspace
    from kohtaamo.workspaces.services import api_token_create, workspace_create

    if command == "setup":
        migrate()  # what `kohtaamo init` does
        workspace = workspace_create(slug="bench", name="Bench")
        print(api_token_create(workspace=workspace, name="bench")[1])
    else:
        workspace = Workspace.objects.get(slug="bench")
        rows = Interaction.objects.of(workspace).filter(external_id__startswith=f"L{command}-")
        print(json.dumps({"stored": rows.count(), "distinct": rows.values("external_id").distinct().count()}))


def child(env: dict, command: str) -> str:
    result = subprocess.run(  # noqa: S603 (this script)
        [sys.executable, __file__, "--child", command], env=env, stdout=subprocess.PIPE, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, threads: int) -> subprocess.Popen:
    argv = ["serve", "--port", str(port), "--threads", str(threads)]
    code = f"import sys; from kohtaamo.cli import main; sys.exit(main({argv!r}))"
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("kohtaamo serve did not start")


def run_level(port: int, token: str, level: int, batches: int) -> dict:
    bodies = [[json.dumps(batch(level, c, b)) for b in range(batches)] for c in range(level)]
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(level)

    def client(c: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        barrier.wait()
        for body in bodies[c]:
            began = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/interactions", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError:
                status, connection = 0, http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            with lock:
                latencies.append(time.perf_counter() - began)
                statuses.append(status)
        connection.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(level)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    sent = level * batches * BATCH
    return {
        "clients": level,
        "records": sent,
        "seconds": round(elapsed, 2),
        "records_per_s": round(sent / elapsed),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000),
        "p95_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000),
        "errors": sum(1 for s in statuses if s != 200),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
    }


def bench_database(name: str, url: str, batches: int, threads: int) -> dict:
    env = {**os.environ, "KOHTAAMO_DATABASE_URL": url, "KOHTAAMO_LOG_LEVEL": "ERROR"}
    env.setdefault("KOHTAAMO_SECRET_KEY", secrets.token_urlsafe(50))  # serve refuses the public built-in key
    token = child(env, "setup")
    port = free_port()
    server = start_server(env, port, threads)
    levels = {}
    try:
        for level in LEVELS:
            figures = run_level(port, token, level, batches)
            figures.update(json.loads(child(env, str(level))))
            levels[str(level)] = figures
            print(
                f"{name}: {level} client(s): {figures['records_per_s']:,} records/s, p50 {figures['p50_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, errors {figures['errors']} {figures['statuses']}, "
                f"stored {figures['stored']:,} of {figures['records']:,}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(30)
    return levels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=3, help="batches of 1,000 per client and level")
    parser.add_argument("--threads", type=int, default=8, help="kohtaamo serve's worker threads")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        return 0
    results = {}
    with tempfile.TemporaryDirectory(prefix="kohtaamo-bench-http-") as folder:
        for name in args.databases.split(","):
            if name == "postgres":
                fresh_postgres(args.postgres_url)
                url = args.postgres_url
            else:
                url = f"sqlite:///{folder}/bench.sqlite3"
            results[name] = bench_database(name, url, args.batches, args.threads)
    figures = [f for levels in results.values() for f in levels.values()]
    lost = any(f["stored"] != f["records"] or f["distinct"] != f["stored"] for f in figures)
    print(json.dumps({db: {level: {k: f[k] for k in ("records_per_s", "p50_ms", "p95_ms", "errors", "stored")}
                           for level, f in levels.items()} for db, levels in results.items()}))  # fmt: skip
    return 1 if lost or any(f["errors"] for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
