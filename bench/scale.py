"""Several processes over one PostgreSQL: 1, then 2 `kohtaamo serve` and 2 `kohtaamo worker`, mixed traffic.

    .venv/bin/python bench/scale.py
    .venv/bin/python bench/scale.py --seconds 60 --servers 1,2,3

It makes a fresh database at ``--postgres-url``, migrates it, creates a workspace, an API token and an
email channel pointing at an SMTP sink in this process, and seeds customers (email and postal code) over
the API. Two ``kohtaamo worker`` processes run throughout. Then, for each server count, that many
``kohtaamo serve`` processes answer a bounded time of mixed traffic spread over them round-robin:

* ingestion: ``POST /api/v1/interactions``, batches of ``--batch`` records whose customers overlap;
* survey answers: ``POST /api/v1/responses``, batches of 20 NPS answers tied to those interactions;
* dashboard reads: ``GET /api/v1/metrics/nps?group_by=channel``;
* one incident fan-out per phase: ``POST /api/v1/incidents`` for the seeded postal code, which the
  workers deliver to the sink while the rest goes on.

A 503 with ``Retry-After`` (a batch that met other writers) is retried after the time it names and
counted under ``retried``; any other answer but 200/201 is an error. Afterwards it counts what the
database holds against what was accepted: ``lost`` and ``duplicated`` records and answers, and emails
the sink received more than once (``sent_twice``) or never (``undelivered``). Figures per phase:
records/s, answers/s and reads/s, p50/p95 per operation. The last line is JSON.

``--database sqlite`` runs the same traffic over one SQLite file (WAL), for comparison: its writers take
turns by design, so extra servers add readers, not writes (docs/scaling.md says when to move).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import fresh_postgres  # noqa: E402 (the benchmarks' shared start)
from ingest_http import free_port, start_server  # noqa: E402 (the sibling benchmark)
from notify import Sink  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kohtaamo_bench_scale"
PEOPLE = 2000
POSTAL_CODE = "00990"
DONE = ("sent", "dead", "superseded")


def person(n: int) -> dict:
    return {"external_id": f"S{n:06d}", "email": f"scale{n}@example.fi", "postal_code": POSTAL_CODE, "language": "fi"}


def interactions(tag: str, size: int, rng: random.Random) -> list[dict]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    return [
        {
            "external_id": f"{tag}-{i}",
            "source": "scale",
            "channel": rng.choice(["phone", "chat", "email"]),
            "started_at": (start + timedelta(minutes=rng.randrange(60 * 24 * 28))).isoformat(),
            "handle_seconds": rng.randint(60, 900),
            "agent": f"agent-{rng.randrange(30)}",
            "outcome": rng.choice(["resolved", "unresolved"]),
            "customer": person(rng.randrange(PEOPLE)),
        }
        for i in range(size)
    ]


def answers(tag: str, rng: random.Random) -> list[dict]:
    return [
        {
            "external_id": f"{tag}-{i}",
            "source": "scale",
            "question": "nps",
            "type": "nps",
            "value": rng.randint(0, 10),
            "answered_at": datetime.now(UTC).isoformat(),
            "customer": {"external_id": person(rng.randrange(PEOPLE))["external_id"]},
        }
        for i in range(20)
    ]


def setup_workspace(slug: str, smtp_port: int, rate: int) -> str:
    """Migrate, create the workspace with an email channel to the sink at ``smtp_port``; its API token.

    Run in a child process after ``django.setup()`` (bench/faults.py uses it too)."""
    from kohtaamo.cli.common import migrate
    from kohtaamo.notify.services.channels import channel_config_set
    from kohtaamo.workspaces.services import api_token_create, workspace_create

    migrate()
    workspace = workspace_create(slug=slug, name=f"{slug.title()} Energy")
    options = {"host": "127.0.0.1", "port": smtp_port, "from_email": f"{slug}@example.fi"}
    channel_config_set(workspace=workspace, channel="email", rate_per_second=rate, workers=2, quiet_hours=False,
                       options=options)  # fmt: skip
    return api_token_create(workspace=workspace, name=slug)[1]


def run_child(command: str, port: int) -> None:
    """In a process of its own: set up the database, or count what it holds."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from kohtaamo.feedback.models import Answer
    from kohtaamo.notify.models import Delivery
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.models import Workspace

    if command == "setup":
        print(setup_workspace("scale", port, rate=2000))
        return
    workspace = Workspace.objects.get(slug="scale")
    stored = Interaction.objects.of(workspace).filter(source="scale")
    answered = Answer.objects.of(workspace).filter(source="scale")
    deliveries = Delivery.objects.filter(workspace=workspace)
    print(json.dumps({
        "interactions": stored.count(),
        "interaction_ids": stored.values("external_id").distinct().count(),
        "answers": answered.count(),
        "answer_ids": answered.values("external_id").distinct().count(),
        "deliveries": dict(Counter(deliveries.values_list("status", flat=True))),
        "keys": list(deliveries.values_list("idempotency_key", flat=True)),
    }))  # fmt: skip


def child(env: dict, command: str, port: int = 0) -> str:
    argv = [sys.executable, __file__, "--child", command, "--smtp-port", str(port)]
    result = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, check=True)  # noqa: S603
    return result.stdout.strip().splitlines()[-1]


class Traffic:
    """Client threads against a set of servers, recording latency and outcome per operation."""

    def __init__(self, ports: list[int], token: str):
        self.ports, self.token = ports, token
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.retried: Counter[str] = Counter()
        self.accepted: Counter[str] = Counter()
        self.lock = threading.Lock()

    def call(self, connection_for, turn: int, operation: str, method: str, path: str, body: str | None) -> bool:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for _attempt in range(20):
            began = time.perf_counter()
            try:
                connection = connection_for(turn)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status, wait = response.status, float(response.getheader("Retry-After") or 1)
            except OSError:
                status, wait = 0, 0.5
            with self.lock:
                self.latency[operation].append(time.perf_counter() - began)
            if status in (200, 201):
                return True
            if status == 503:
                with self.lock:
                    self.retried[operation] += 1
                time.sleep(min(wait, 5))
                continue
            with self.lock:
                self.errors[f"{operation} {status}"] += 1
            return False
        return False

    def client(self, kind: str, number: int, phase: str, until: float, batch: int) -> None:
        connections: dict[int, http.client.HTTPConnection] = {}

        def connection_for(turn: int) -> http.client.HTTPConnection:
            port = self.ports[turn % len(self.ports)]
            if port not in connections:
                connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            return connections[port]

        rng = random.Random(f"{phase}-{kind}-{number}")
        turn = number
        while time.perf_counter() < until:
            tag = f"{phase}-{kind}{number}-{turn}"
            if kind == "ingest":
                ok = self.call(connection_for, turn, kind, "POST", "/api/v1/interactions",
                               json.dumps(interactions(tag, batch, rng)))  # fmt: skip
                counted = batch
            elif kind == "answers":
                ok = self.call(connection_for, turn, kind, "POST", "/api/v1/responses", json.dumps(answers(tag, rng)))
                counted = 20
            else:
                ok = self.call(connection_for, turn, kind, "GET", "/api/v1/metrics/nps?group_by=channel", None)
                counted = 1
            if ok:
                with self.lock:
                    self.accepted[kind] += counted
            turn += 1
        for connection in connections.values():
            connection.close()


def percentile(values: list[float], share: float) -> int:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * share))] * 1000) if values else 0


def run_phase(env: dict, token: str, servers: int, args) -> dict:
    ports = [free_port() for _ in range(servers)]
    processes = [start_server(env, port, args.threads) for port in ports]
    traffic = Traffic(ports, token)
    try:
        phase = f"P{servers}"
        incident = {"external_id": f"SCALE-{servers}", "kind": "outage", "severity": "critical",
                    "title": {"fi": "Sähkökatko", "sv": "Strömavbrott", "en": "Power cut"},
                    "postal_codes": [POSTAL_CODE], "eta": "2030-01-01T18:00:00+02:00"}  # fmt: skip
        began = time.perf_counter()
        until = began + args.seconds
        threads = [threading.Thread(target=traffic.client, args=(kind, n, phase, until, args.batch))
                   for kind, count in (("ingest", 4), ("answers", 2), ("reads", 2)) for n in range(count)]  # fmt: skip
        for thread in threads:
            thread.start()
        fan_out = threading.Thread(
            target=traffic.call,
            args=(lambda _t: http.client.HTTPConnection("127.0.0.1", ports[0], timeout=300), 0, "incident", "POST",
                  "/api/v1/incidents", json.dumps(incident)),
        )  # fmt: skip
        fan_out.start()
        for thread in [*threads, fan_out]:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
    figures = {
        "servers": servers,
        "seconds": round(elapsed, 1),
        "records_per_s": round(traffic.accepted["ingest"] / elapsed),
        "answers_per_s": round(traffic.accepted["answers"] / elapsed),
        "reads_per_s": round(traffic.accepted["reads"] / elapsed, 1),
        "errors": sum(traffic.errors.values()),
        "error_kinds": dict(traffic.errors),
        "retried": dict(traffic.retried),
        "accepted": dict(traffic.accepted),
        **{f"{op}_p50_ms": percentile(values, 0.5) for op, values in traffic.latency.items()},
        **{f"{op}_p95_ms": percentile(values, 0.95) for op, values in traffic.latency.items()},
    }
    print(f"{servers} server(s): {figures['records_per_s']:,} records/s, {figures['answers_per_s']:,} answers/s, "
          f"{figures['reads_per_s']} reads/s; p95 ingest {figures.get('ingest_p95_ms')} ms, answers "
          f"{figures.get('answers_p95_ms')} ms, reads {figures.get('reads_p95_ms')} ms; errors {figures['errors']}, "
          f"retried {figures['retried']}", flush=True)  # fmt: skip
    return figures


def seed(port: int, token: str) -> None:
    """Every person once, so the incident has its audience from the first phase."""
    rng = random.Random(0)
    records = [
        {**interactions(f"seed-{n}", 1, rng)[0], "external_id": f"seed-{n}", "customer": person(n)}
        for n in range(PEOPLE)
    ]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for start in range(0, PEOPLE, 1000):
        connection.request("POST", "/api/v1/interactions", body=json.dumps(records[start : start + 1000]),
                           headers=headers)  # fmt: skip
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"seeding failed: {response.status}")
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="traffic time per phase")
    parser.add_argument("--servers", default="1,2", help="server counts, one phase each")
    parser.add_argument("--batch", type=int, default=200, help="records per ingestion batch")
    parser.add_argument("--threads", type=int, default=8, help="each kohtaamo serve's threads")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.smtp_port)
        return 0
    from aiosmtpd.controller import Controller

    url = args.postgres_url
    if args.database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='kohtaamo-scale-')}/scale.sqlite3"
    else:
        try:
            fresh_postgres(url)
        except Exception as error:  # noqa: BLE001 (any reason PostgreSQL is not there is told in one line)
            raise SystemExit(f"PostgreSQL at {url} is not reachable: {error}") from None
    env = {**os.environ, "KOHTAAMO_DATABASE_URL": url, "KOHTAAMO_LOG_LEVEL": "ERROR",
           "KOHTAAMO_OUTBOUND_ALLOW": "127.0.0.1"}  # fmt: skip
    env.setdefault("KOHTAAMO_SECRET_KEY", secrets.token_urlsafe(50))
    sink, smtp_port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    token = child(env, "setup", smtp_port)
    code = "import sys; from kohtaamo.cli import main; sys.exit(main(['worker']))"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    workers = [subprocess.Popen([sys.executable, "-c", code], env=env, **quiet) for _ in range(2)]  # noqa: S603
    try:
        port = free_port()
        seeder = start_server(env, port, args.threads)
        try:
            seed(port, token)
        finally:
            seeder.terminate()
            seeder.wait(30)
        phases = [run_phase(env, token, int(n), args) for n in args.servers.split(",")]
        deadline = time.perf_counter() + args.drain_timeout
        while True:
            counts = json.loads(child(env, "count"))
            waiting = sum(n for status, n in counts["deliveries"].items() if status not in DONE)
            if not waiting or time.perf_counter() > deadline:
                break
            time.sleep(2)
        time.sleep(1)  # the last messages' replies
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        controller.stop()
    accepted_records = PEOPLE + sum(p["accepted"].get("ingest", 0) for p in phases)
    accepted_answers = sum(p["accepted"].get("answers", 0) for p in phases)
    keys = set(counts["keys"])
    outcome = {
        "lost_records": max(0, accepted_records - counts["interaction_ids"]),
        "duplicated_records": counts["interactions"] - counts["interaction_ids"],
        "lost_answers": max(0, accepted_answers - counts["answer_ids"]),
        "duplicated_answers": counts["answers"] - counts["answer_ids"],
        "messages": len(keys),
        "sent_twice": sum(n - 1 for n in sink.keys.values() if n > 1) + len(set(sink.keys) - keys),
        "undelivered": len(keys - set(sink.keys)) - counts["deliveries"].get("dead", 0),
        "deliveries": counts["deliveries"],
    }
    print(f"afterwards: {outcome}", flush=True)
    summary = {
        "database": args.database,
        "phases": {str(p["servers"]): {k: v for k, v in p.items() if k not in ("error_kinds", "accepted")}
                   for p in phases},
        **{k: v for k, v in outcome.items() if k != "deliveries"},
    }  # fmt: skip
    print(json.dumps(summary))
    bad = outcome["lost_records"] + outcome["duplicated_records"] + outcome["lost_answers"] + outcome["sent_twice"]
    return 1 if bad or any(p["errors"] for p in phases) else 0


if __name__ == "__main__":
    sys.exit(main())
