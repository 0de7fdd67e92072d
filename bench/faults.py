"""Faults on loopback: SIGKILL `kohtaamo serve`, `kohtaamo import` and `kohtaamo worker` mid-run, restart them.

    .venv/bin/python bench/faults.py
    .venv/bin/python bench/faults.py --databases sqlite --records 20000

For each database (a fresh SQLite file, and PostgreSQL at ``--postgres-url`` unless left out):

* **serve**: four API clients post batches of 500 interactions; the server is killed with SIGKILL
  twice mid-run and started again; a client whose batch got no answer sends it again (the API is
  idempotent by source and external id). Afterwards every batch is stored, each record exactly once.
* **import**: ``kohtaamo import interactions`` of ``--records`` lines is killed with SIGKILL once some
  of it is committed, then the same command is run again to the end: every line stored exactly once.
* **worker**: an outage for the imported customers is declared over the API; two workers deliver it to
  an SMTP sink in this process and are both killed with SIGKILL mid-delivery, then two new ones
  finish. Every message is either received once or dead-lettered as "outcome unknown" (the worker
  died between sending and recording it); none is received twice and none is lost. Waiting out the
  dead workers' leases takes about a minute.

Figures: ``lost``, ``duplicated`` and ``sent_twice`` (all must be 0), kills done, and the messages
dead-lettered as outcome unknown. The last line is JSON.
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import fresh_postgres  # noqa: E402 (the benchmarks' shared start)
from ingest_http import free_port, start_server  # noqa: E402 (the sibling benchmarks)
from notify import Sink  # noqa: E402
from scale import DONE, POSTAL_CODE, interactions, person, setup_workspace  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kohtaamo_bench_faults"
KOHTAAMO = [sys.executable, "-c", "import sys; from kohtaamo.cli import main; sys.exit(main(sys.argv[1:]))"]
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}


def run_child(command: str, smtp_port: int) -> None:
    """In a process of its own: set up the database, or count what it holds."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from kohtaamo.notify.models import Delivery
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.models import Workspace

    if command == "setup":
        print(setup_workspace("faults", smtp_port, rate=300))
        return
    workspace = Workspace.objects.get(slug="faults")
    rows = Interaction.objects.of(workspace).filter(external_id__startswith=command)
    deliveries = Delivery.objects.filter(workspace=workspace)
    print(json.dumps({
        "stored": rows.count(),
        "distinct": rows.values("external_id").distinct().count(),
        "deliveries": dict(Counter(deliveries.values_list("status", flat=True))),
        "unknown": deliveries.filter(status="dead", dead_reason="unknown").count(),
        "dead_keys": list(deliveries.filter(status="dead").values_list("idempotency_key", flat=True)),
        "keys": list(deliveries.values_list("idempotency_key", flat=True)),
    }))  # fmt: skip


def child(env: dict, command: str, smtp_port: int = 0) -> dict | str:
    argv = [sys.executable, __file__, "--child", command, "--smtp-port", str(smtp_port)]
    out = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, check=True).stdout  # noqa: S603
    last = out.strip().splitlines()[-1]
    return last if command == "setup" else json.loads(last)


def post(port: int, token: str, path: str, body: str) -> int:
    """One request on a fresh connection; 0 when the server is not there or died mid-answer."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("POST", path, body=body, headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})  # fmt: skip
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status
    except (OSError, http.client.HTTPException):  # refused, reset, or a body cut short (IncompleteRead)
        return 0


def kill_serve(env: dict, token: str, threads: int) -> dict:
    import random

    port = free_port()
    server = {"process": start_server(env, port, threads)}
    sent: list[str] = []
    lock = threading.Lock()
    kills = 0

    def client(number: int) -> None:
        rng = random.Random(number)
        for b in range(6):
            body = json.dumps(interactions(f"S-{number}-{b}", 500, rng))
            while post(port, token, "/api/v1/interactions", body) != 200:
                time.sleep(0.3)  # not answered (killed) or busy: the same batch again
            with lock:
                sent.extend(f"S-{number}-{b}-{i}" for i in range(500))

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    for _ in range(2):
        time.sleep(3)
        server["process"].send_signal(signal.SIGKILL)
        server["process"].wait()
        kills += 1
        time.sleep(0.5)
        server["process"] = start_server(env, port, threads)
    for thread in clients:
        thread.join()
    server["process"].terminate()
    server["process"].wait(30)
    counts = child(env, "S-")
    return {"kills": kills, "sent": len(sent), "stored": counts["stored"],
            "lost": len(sent) - counts["distinct"], "duplicated": counts["stored"] - counts["distinct"]}  # fmt: skip


def stored_lines(url: str) -> int:
    """The imported lines committed so far, read without Django (a child process takes seconds to start)."""
    query = "SELECT count(*) FROM timeline_interaction WHERE external_id LIKE 'I-%'"
    if url.startswith("sqlite"):
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)) as connection:
            return connection.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchone()[0]


def kill_import(env: dict, folder: str, records: int) -> dict:
    import random

    rng = random.Random(7)
    path = Path(folder) / "faults.jsonl"
    with path.open("w") as file:
        for n in range(records):
            record = interactions(f"I-{n}", 1, rng)[0]
            file.write(json.dumps({**record, "external_id": f"I-{n}", "customer": person(n % 3000)}) + "\n")
    command = [*KOHTAAMO, "import", "interactions", str(path), "--workspace", "faults"]
    first = subprocess.Popen(command, env=env, **QUIET)  # noqa: S603
    began = time.perf_counter()
    # Killed at its first commit (batches of 10,000), so a part is stored and the rest is not.
    while (
        stored_lines(env["KOHTAAMO_DATABASE_URL"]) == 0 and first.poll() is None and time.perf_counter() - began < 120
    ):
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    committed = child(env, "I-")["stored"]
    again = subprocess.run(command, env=env, check=False, **QUIET)  # noqa: S603
    counts = child(env, "I-")
    return {"kills": 1, "committed_before_kill": committed, "rerun_exit": again.returncode, "lines": records,
            "stored": counts["stored"], "lost": records - counts["distinct"],
            "duplicated": counts["stored"] - counts["distinct"]}  # fmt: skip


def kill_worker(env: dict, token: str, sink: Sink, threads: int, timeout: float) -> dict:
    port = free_port()
    server = start_server(env, port, threads)
    incident = {"external_id": "FAULT-1", "kind": "outage", "severity": "critical",
                "title": {"fi": "Sähkökatko", "sv": "Strömavbrott", "en": "Power cut"},
                "postal_codes": [POSTAL_CODE], "eta": "2030-01-01T18:00:00+02:00"}  # fmt: skip
    status = post(port, token, "/api/v1/incidents", json.dumps(incident))
    server.terminate()
    server.wait(30)
    if status not in (200, 201):
        raise SystemExit(f"declaring the incident answered {status}")
    workers = [subprocess.Popen([*KOHTAAMO, "worker"], env=env, **QUIET) for _ in range(2)]  # noqa: S603
    began = time.perf_counter()
    while sum(sink.keys.values()) < 300 and time.perf_counter() - began < 120:
        time.sleep(0.05)
    received_at_kill = sum(sink.keys.values())
    for worker in workers:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    workers = [subprocess.Popen([*KOHTAAMO, "worker"], env=env, **QUIET) for _ in range(2)]  # noqa: S603
    try:
        deadline = time.perf_counter() + timeout
        while True:
            counts = child(env, "none")
            waiting = sum(n for s, n in counts["deliveries"].items() if s not in DONE)
            if not waiting or time.perf_counter() > deadline:
                break
            time.sleep(2)
        time.sleep(1)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
    keys = set(counts["keys"])
    dead = counts["deliveries"].get("dead", 0)
    return {"kills": 2, "messages": len(keys), "received_at_kill": received_at_kill,
            "received": len(set(sink.keys) & keys), "outcome_unknown": counts["unknown"], "dead": dead,
            "waiting": waiting,
            "sent_twice": sum(n - 1 for n in sink.keys.values() if n > 1) + len(set(sink.keys) - keys),
            # Dead-lettered as outcome unknown may still have arrived (killed between send and record).
            "lost": len(keys - set(sink.keys) - set(counts["dead_keys"]))}  # fmt: skip


def bench_database(name: str, url: str, folder: str, args) -> dict:
    from aiosmtpd.controller import Controller

    env = {**os.environ, "KOHTAAMO_DATABASE_URL": url, "KOHTAAMO_LOG_LEVEL": "ERROR",
           "KOHTAAMO_OUTBOUND_ALLOW": "127.0.0.1"}  # fmt: skip
    env.setdefault("KOHTAAMO_SECRET_KEY", secrets.token_urlsafe(50))
    sink, smtp_port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        token = child(env, "setup", smtp_port)
        results = {"serve": kill_serve(env, token, args.threads)}
        print(f"{name}: serve {results['serve']}", flush=True)
        results["import"] = kill_import(env, folder, args.records)
        print(f"{name}: import {results['import']}", flush=True)
        results["worker"] = kill_worker(env, token, sink, args.threads, args.drain_timeout)
        print(f"{name}: worker {results['worker']}", flush=True)
    finally:
        controller.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=60_000, help="lines of the killed import")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.smtp_port)
        return 0
    results = {}
    for name in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="kohtaamo-faults-") as folder:
            if name == "postgres":
                fresh_postgres(args.postgres_url)
                url = args.postgres_url
            else:
                url = f"sqlite:///{folder}/faults.sqlite3"
            results[name] = bench_database(name, url, folder, args)
    phases = [phase for result in results.values() for phase in result.values()]
    summary = {
        "lost": sum(p.get("lost", 0) for p in phases),
        "duplicated": sum(p.get("duplicated", 0) for p in phases),
        "sent_twice": sum(p.get("sent_twice", 0) for p in phases),
        "kills": sum(p["kills"] for p in phases),
        **results,
    }
    print(json.dumps(summary))
    return 1 if summary["lost"] or summary["duplicated"] or summary["sent_twice"] else 0


if __name__ == "__main__":
    sys.exit(main())
