"""SIGKILL `kohtaamo serve`, `kohtaamo import` and `kohtaamo worker` mid-run: nothing lost, nothing doubled.

The suite runs ``bench/faults.py`` itself, small, on the database the suite runs on (a fresh SQLite file,
or a fresh PostgreSQL database beside the test database): real processes, real signals, a real SMTP sink.
It takes two to three minutes, most of it waiting out the dead workers' leases.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BENCH = Path(__file__).resolve().parents[2] / "bench" / "faults.py"


def test_killed_processes_lose_nothing_and_send_nothing_twice():
    database = settings.DATABASES["default"]
    argv = [sys.executable, str(BENCH), "--records", "20000", "--drain-timeout", "240"]
    if database["ENGINE"].endswith("postgresql"):
        host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
        name = f"{database['TEST'].get('NAME') or 'test_' + database['NAME']}_faults"
        argv += ["--databases", "postgres", "--postgres-url", f"postgres://{database['USER']}@{host}:{port}/{name}"]
    else:
        argv += ["--databases", "sqlite"]
    run = subprocess.run(argv, capture_output=True, text=True, timeout=900, env=os.environ.copy())  # noqa: S603
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert (figures["lost"], figures["duplicated"], figures["sent_twice"]) == (0, 0, 0)
    assert figures["kills"] == 5
    (result,) = (value for key, value in figures.items() if key in ("sqlite", "postgres"))
    # The import was really cut off mid-file, and the workers mid-delivery.
    assert 0 < result["import"]["committed_before_kill"] < result["import"]["lines"]
    assert 0 < result["worker"]["received_at_kill"] < result["worker"]["messages"]
