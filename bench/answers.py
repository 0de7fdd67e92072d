"""Answer-import benchmark: survey answers through ``responses_import`` into a fresh database.

    .venv/bin/python bench/answers.py --n 5000
    .venv/bin/python bench/answers.py --n 5000 --database-url postgres://postgres@127.0.0.1:5432/kohtaamo_bench

Ingests interactions of customers with agents and teams, then imports answers two ways: as the API
receives them (``--per-call`` answers per call, 20 by default, as ``bench/scale.py`` posts them) and as a
file (batches of ``imports.BATCH_SIZE``). Half the responses name their interaction, half their customer
by external id; each has an NPS and a CSAT answer and a third a comment, so detractors open follow-ups.
A re-import of the file times the unchanged path. The last line is JSON: answers/s per way.
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import fresh_database  # noqa: E402 (the benchmarks' shared start)

START = datetime(2026, 3, 1, tzinfo=UTC)


def interactions(count: int, rng: random.Random) -> list[dict]:
    return [
        {
            "external_id": f"call-{i}",
            "source": "bench",
            "channel": rng.choice(["phone", "chat", "email"]),
            "started_at": (START + timedelta(minutes=i)).isoformat(),
            "handle_seconds": rng.randint(60, 900),
            "agent": f"agent-{rng.randrange(30)}",
            "team": f"team-{rng.randrange(4)}",
            "queue": f"queue-{rng.randrange(3)}",
            "outcome": rng.choice(["resolved", "unresolved"]),
            "customer": {"external_id": f"C{i % (count // 2 or 1)}"},
        }
        for i in range(count)
    ]


def answers(tag: str, responses: int, calls: int, rng: random.Random) -> list[dict]:
    """About 2.3 answers per response; every response names an interaction or a customer."""
    rows = []
    for r in range(responses):
        call = rng.randrange(calls)
        owner = {"interaction_external_id": f"call-{call}"} if r % 2 else {"customer": {"external_id": f"C{call // 2}"}}
        common = {"response_id": f"{tag}-{r}", "source": "survey-tool", "language": "fi", **owner,
                  "answered_at": (START + timedelta(minutes=call, hours=2)).isoformat()}  # fmt: skip
        rows.append({**common, "external_id": f"{tag}-{r}-nps", "question": "nps", "type": "nps",
                     "value": rng.randint(0, 10)})  # fmt: skip
        rows.append({**common, "external_id": f"{tag}-{r}-csat", "question": "csat", "type": "csat",
                     "value": rng.randint(1, 5)})  # fmt: skip
        if r % 3 == 0:
            rows.append({**common, "external_id": f"{tag}-{r}-comment", "question": "comment", "type": "text",
                         "value": "Nopea ja ystävällinen palvelu"})  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="answers per way (about)")
    parser.add_argument("--per-call", type=int, default=20)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()

    url = fresh_database(args.database_url)
    from kohtaamo.feedback.models import Answer, FollowUp, ScoreRollup
    from kohtaamo.feedback.services.imports import responses_import
    from kohtaamo.feedback.services.rollups import rollups_check
    from kohtaamo.timeline.ingest import interactions_ingest
    from kohtaamo.workspaces.services import workspace_create

    workspace = workspace_create(slug="bench", name="Bench")
    rng = random.Random(1)
    calls = max(args.n // 2, 10)
    interactions_ingest(workspace=workspace, records=enumerate(interactions(calls, rng)), default_source="bench")
    responses = round(args.n / 2.33)
    figures: dict = {"database": url.split(":")[0]}

    def timed(name: str, rows: list[dict], per_call: int | None) -> None:
        began = time.perf_counter()
        done = 0
        size = per_call or len(rows)
        for start in range(0, len(rows), size):
            report = responses_import(workspace=workspace, records=enumerate(rows[start : start + size]))
            done += report.accepted
            assert not report.rejected, report.rejected[:3]
        elapsed = time.perf_counter() - began
        figures[f"{name}_answers_per_s"] = round(done / elapsed)
        print(f"{name}: {done:,} answers in {elapsed:.1f} s, {done / elapsed:,.0f}/s", flush=True)

    api_rows = answers("api", responses, calls, rng)
    timed("api", api_rows, args.per_call)
    file_rows = answers("file", responses, calls, rng)
    timed("file", file_rows, None)
    timed("reimport", file_rows, None)
    mismatched = rollups_check(workspace=workspace)
    print(f"{Answer.objects.count():,} answers, {FollowUp.objects.count():,} follow-ups, "
          f"{ScoreRollup.objects.count():,} roll-up rows, {mismatched} roll-up keys off")  # fmt: skip
    print(json.dumps({**figures, "rollup_keys_off": mismatched, "n": len(api_rows)}))


if __name__ == "__main__":
    main()
