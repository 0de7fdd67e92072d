"""A batch of imported answers stores exactly what importing its records one by one stores.

The batch path decides every record on one read of the batch's answers, responses, interactions and
identities (``services/answer_batch.py``); the same history is imported into two workspaces, once as one
batch and once a record at a time, and everything that follows from it must agree: the reports (counts
and every rejection with its position and field), the answers with their copied facts, the responses,
the follow-ups with their reasons, and the score roll-ups. The histories hold what makes the order
matter: records sent twice or changed within the batch, respondents re-identified, answers moving to
another question, clashes, unknown contacts and customers, and several low scores in one response.
"""

import random
from datetime import UTC, datetime, timedelta

import pytest

from kohtaamo.feedback.models import Answer, FollowUp, Response, ScoreRollup
from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.feedback.services.rollups import rollups_check
from kohtaamo.timeline.models import CustomerIdentity
from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.models import Team
from tests.factories import ingest, person

START = datetime(2026, 3, 2, 8, tzinfo=UTC)
SCORED = [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)]


def contacts(workspace, lead) -> None:
    """Twelve contacts of six customers, most with an agent and a team (whose lead gets follow-ups)."""
    records = []
    for i in range(12):
        data = {"external_id": f"c{i}", "channel": ["phone", "chat", "email"][i % 3],
                "started_at": (START + timedelta(hours=i)).isoformat(), "contact_reason": ["invoice", ""][i % 2],
                "customer": {"external_id": f"K{i % 6}", "email": f"k{i % 6}@example.fi"}}  # fmt: skip
        if i % 4:
            data["agent"] = {"id": ["ville", "aapo"][i % 2], "name": "x"}
        if i % 3:
            data["team"] = ["kaakko", "lansi"][i % 2]
        records.append(data)
    ingest(workspace, *records)
    Team.objects.of(workspace).filter(key="kaakko").update(lead=lead)


def owner(rng: random.Random) -> dict:
    roll = rng.random()
    if roll < 0.55:
        return {"interaction_external_id": f"c{rng.randrange(13)}"}  # c12 does not exist
    if roll < 0.9:
        by = rng.choice([{"external_id": f"K{rng.randrange(7)}"}, {"email": f"k{rng.randrange(6)}@example.fi"}])
        return {"customer": by}
    return {}


def history(rng: random.Random, n: int) -> list[dict]:
    """``n`` answer records, of which a good share send an earlier record again, changed or not."""
    records: list[dict] = []
    while len(records) < n:
        if records and rng.random() < 0.35:
            again = dict(rng.choice(records))
            change = rng.random()
            if change < 0.3 and again.get("type") != "text":
                kind = next(k for k in SCORED if k[0] == again["type"])
                again["value"] = rng.randint(kind[1], kind[2])
            elif change < 0.5:
                again = {**{k: v for k, v in again.items() if k not in ("interaction_external_id", "customer")},
                         **owner(rng)}  # fmt: skip
            elif change < 0.6:
                again["question"] = rng.choice(["q0", "q1", "q2", "why"])
            elif change < 0.7:
                again["external_id"] += "-twin"  # a second answer to the same question: a clash
            records.append(again)
            continue
        response, about = f"r{len(records)}", owner(rng)
        at = (START + timedelta(days=rng.randrange(20), minutes=rng.randrange(1440))).isoformat()
        for q, (kind, low, high) in enumerate(rng.sample(SCORED, rng.randint(1, 3))):
            records.append({"external_id": f"{response}-{q}", "response_id": response, "question": f"q{q}",
                            "type": kind, "value": rng.randint(low, high), "answered_at": at, "language": "fi",
                            **about})  # fmt: skip
        if rng.random() < 0.2:
            records.append({"external_id": f"{response}-t", "response_id": response, "question": "why",
                            "type": "text", "value": "Hyvin meni", "answered_at": at, **about})  # fmt: skip
    return records


def outcome(workspace) -> dict:
    """What the import left, in the words of the records (external ids and keys, not row ids)."""
    identities = CustomerIdentity.objects.of(workspace).filter(kind="external_id")
    customers = dict(identities.values_list("customer_id", "value"))
    answers = [
        (*row[:-1], customers.get(row[-1]))
        for row in Answer.objects.of(workspace).values_list(
            "source", "external_id", "response__external_id", "question_key", "question_type", "scale", "value",
            "text", "content_hash", "interaction__external_id", "agent__key", "team__key", "queue__key", "channel",
            "contact_reason", "language", "answered_at", "answered_on", "answered_week", "customer_id",
        )
    ]  # fmt: skip
    responses = Response.objects.of(workspace).values_list(
        "source", "external_id", "interaction__external_id", "case__ref", "agent__key", "team__key", "channel",
        "language", "answered_at", "completed", "customer_id",
    )  # fmt: skip
    follow_ups = FollowUp.objects.of(workspace).values_list(
        "response__external_id", "reason", "agent__key", "team__key", "assignee_id"
    )
    rollups = ScoreRollup.objects.of(workspace).values_list(
        "slice", "scale", "answered_on", "value", "channel", "contact_reason", "language", "count"
    )
    return {
        "answers": sorted(answers, key=repr),
        "responses": sorted(((*row[:-1], customers.get(row[-1])) for row in responses), key=repr),
        "follow_ups": sorted((*row[:-1], row[-1] is not None) for row in follow_ups),
        "rollups": sorted(rollups, key=repr),
    }


def figures(report) -> tuple:
    rejected = [(r.position, r.external_id, [(e.field, e.message) for e in r.errors]) for r in report.rejected]
    return report.received, report.created, report.updated, report.unchanged, rejected


def one_by_one(workspace, records: list[dict]) -> tuple:
    totals = [0, 0, 0, 0, []]
    for position, data in enumerate(records):
        for i, figure in enumerate(figures(responses_import(workspace=workspace, records=[(position, data)]))):
            totals[i] += figure
    return tuple(totals)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_stores_what_one_by_one_stores(voima, linkki, seed):
    contacts(voima, person("leena@voima.fi", voima, Role.TEAM_LEAD))
    contacts(linkki, person("lotta@linkki.fi", linkki, Role.TEAM_LEAD))
    rng = random.Random(seed)
    first, second = history(rng, 120), history(rng, 60)
    second += rng.sample(first, 30)  # the second import sends a part of the first again, some changed below
    for data in second[-30:]:
        data["value"] = data["value"] if data["type"] == "text" else rng.choice([0, 1, 2, 3])
    assert figures(responses_import(workspace=voima, records=enumerate(first))) == one_by_one(linkki, first)
    assert figures(responses_import(workspace=voima, records=enumerate(second))) == one_by_one(linkki, second)
    assert outcome(voima) == outcome(linkki)
    assert FollowUp.objects.of(voima).exists() and Answer.objects.of(voima).count() > 100
    assert rollups_check(workspace=voima) == rollups_check(workspace=linkki) == 0
