"""The daily score roll-ups give the dashboard exactly the figures counting the answers gives.

Random answers over random agents, teams, queues, channels, reasons, languages and days are written the
ways answers are written (imports, re-imports that change or move answers, survey submits that change or
empty answers); afterwards every grouping and filter the dashboard offers counts the same from the
roll-ups as from the answers, a rebuild writes the same rows, and removing answers takes them out again.
"""

import importlib
import random
from datetime import date, timedelta
from functools import partial
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from kohtaamo.cli import main
from kohtaamo.feedback.filters import GROUPS, parse_filters
from kohtaamo.feedback.models import MONTHLY, ScoreRollup
from kohtaamo.feedback.selectors import metrics
from kohtaamo.feedback.selectors.counts import score_counts, whole_months
from kohtaamo.feedback.selectors.dashboard import dashboard_data
from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.feedback.services.rollups import rollups_check, rollups_rebuild
from kohtaamo.privacy.services.erase import customer_erase
from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent, Queue, Team
from tests.factories import ingest, record

from .conftest import answer

SCALES = ["nps_0_10", "csat_1_5", "ces_1_7", "ces_1_5"]
TYPES = {"nps_0_10": ("nps", 0, 10), "csat_1_5": ("csat", 1, 5), "ces_1_7": ("ces", 1, 7), "ces_1_5": ("ces", 1, 5)}


def contacts(workspace, rng: random.Random, n: int) -> list[str]:
    """``n`` interactions with random agents (or none), teams, queues, channels and reasons."""
    now = timezone.now()
    records = []
    for i in range(n):
        fields = {
            "external_id": f"c{i}",
            "channel": rng.choice(["phone", "chat", "email"]),
            "contact_reason": rng.choice(["invoice", "outage", "move", ""]),
            "started_at": (now - timedelta(days=rng.randrange(70), hours=rng.randrange(24))).isoformat(),
        }
        if rng.random() < 0.85:
            fields["agent"] = {"id": rng.choice(["ville", "aapo", "briitta", "celia"]), "name": "x"}
        if rng.random() < 0.8:
            fields["team"] = rng.choice(["kaakko", "lansi"])
        if rng.random() < 0.8:
            fields["queue"] = rng.choice(["billing", "outages", "moves"])
        records.append(record(**fields))
    ingest(workspace, *records)
    return [r["external_id"] for r in records]


def answer_records(rng: random.Random, interactions: list[str], n: int, *, prefix: str = "a") -> list[dict]:
    """Up to ``n`` imported answers in responses of one to three answers, a few anonymous or unscored."""
    now = timezone.now()
    records: list[dict] = []
    while len(records) < n:
        response = f"{prefix}r{len(records)}"
        about = {"interaction_external_id": rng.choice(interactions)} if rng.random() < 0.9 else {}
        at = (now - timedelta(days=rng.randrange(70), minutes=rng.randrange(1440))).isoformat()
        language = rng.choice(["fi", "sv", ""])
        for question, scale in enumerate(rng.sample(SCALES, rng.randint(1, 3))):
            kind, low, high = TYPES[scale]
            records.append({
                "external_id": f"{response}-{question}", "response_id": response, "question": f"q{question}",
                "type": kind, "scale": scale, "value": rng.randint(low, high), "answered_at": at,
                "language": language, **about,
            })  # fmt: skip
        if rng.random() < 0.1:
            records.append({"external_id": f"{response}-t", "response_id": response, "question": "why",
                            "type": "text", "value": "Hyvin meni", "answered_at": at, **about})  # fmt: skip
    return records


def world(workspace, survey, rng: random.Random) -> None:
    """Answers written every way: imports, a changing re-import, survey submits, edits and emptied answers."""
    interactions = contacts(workspace, rng, 30)
    records = answer_records(rng, interactions, 240)
    responses_import(workspace=workspace, records=enumerate(records))
    # Re-import a third changed: new scores, and some respondents tied to another contact, which moves
    # their whole response (its answers not sent again too).
    changed = rng.sample(records, len(records) // 3)
    for data in changed:
        kind, low, high = TYPES.get(data.get("scale", ""), ("text", 0, 0))
        if kind != "text":
            data["value"] = rng.randint(low, high)
        if "interaction_external_id" in data and rng.random() < 0.3:
            data["interaction_external_id"] = rng.choice(interactions)
    responses_import(workspace=workspace, records=enumerate(changed))
    # Survey submits: some completed at once, some saved partly, changed, and an answer emptied.
    for external_id in rng.sample(interactions, 8):
        contact = Interaction.objects.of(workspace).get(external_id=external_id)
        invitation = invitation_create(survey=survey, interaction=contact)
        save = partial(response_save, invitation=invitation, now=contact.started_at + timedelta(hours=3))
        save(answers={"nps": str(rng.randint(0, 10)), "csat": str(rng.randint(1, 5))}, complete=False)
        if rng.random() < 0.5:
            save(answers={"nps": "", "ces": str(rng.randint(1, 7))}, complete=False)
        save(answers={"csat": str(rng.randint(1, 5))}, complete=True)


def stored_rows(workspace) -> set[tuple]:
    return set(
        ScoreRollup.objects.of(workspace).values_list(
            "slice", "scale", "answered_on", "answered_week", "answered_month", "value", "channel", "queue_id",
            "team_id", "agent_id", "contact_reason", "language", "count",
        )
    )  # fmt: skip


def filter_variants(workspace, rng: random.Random) -> list[dict]:
    """The default period, a random shorter one, and every equality filter on one of its values."""
    today = timezone.localdate(timezone=workspace.tz)
    variants: list[dict] = [{}, {"from": (today - timedelta(days=rng.randrange(5, 40))).isoformat()}]
    ids = {
        "agent": list(Agent.objects.of(workspace).values_list("pk", flat=True)),
        "team": list(Team.objects.of(workspace).values_list("pk", flat=True)),
        "queue": list(Queue.objects.of(workspace).values_list("pk", flat=True)),
    }
    variants += [{name: str(rng.choice(values))} for name, values in ids.items()]
    variants += [{"channel": "chat"}, {"contact_reason": "outage"}, {"language": "sv"}, {"language": ""}]
    variants.append({"team": str(rng.choice(ids["team"])), "channel": "phone", "to": today.isoformat()})
    return variants


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_roll_ups_count_every_grouping_and_filter_exactly_as_the_answers(voima, people, survey, seed):
    rng = random.Random(seed)
    world(voima, survey, rng)
    Agent.objects.of(voima).filter(key="ville").update(user=people["ville"])
    actors = [Actor(people["cecilia"], voima, Role.CX_MANAGER), Actor(people["ville"], voima, Role.AGENT)]
    assert ScoreRollup.objects.of(voima).exists()
    compared = 0
    for params in filter_variants(voima, rng):
        filters = parse_filters(params, voima)
        for actor in actors:
            for group_by in (None, *GROUPS):
                count = partial(score_counts, actor=actor, filters=filters, scales=SCALES, group_by=group_by)
                from_rollups, from_answers = sorted(count(), key=repr), sorted(count(raw=True), key=repr)
                assert from_rollups == from_answers, (params, actor.role, group_by)
                compared += len(from_answers)
    assert compared > 1000  # the random world really has answers in most views


@pytest.mark.parametrize("seed", [7, 9])
def test_the_dashboard_is_the_same_from_roll_ups_and_from_answers(voima, people, survey, monkeypatch, seed):
    world(voima, survey, random.Random(seed))
    actor = Actor(people["cecilia"], voima, Role.CX_MANAGER)
    breakdowns = ("channel", "team", "agent", "queue", "contact_reason", "language")
    for params in ({}, {"channel": "phone"}, {"from": (timezone.localdate() - timedelta(days=20)).isoformat()}):
        filters = parse_filters(params, voima)
        shown = repr(dashboard_data(actor=actor, filters=filters, breakdowns=breakdowns))
        with monkeypatch.context() as patched:
            patched.setattr(metrics, "score_counts", partial(score_counts, raw=True))
            counted = repr(dashboard_data(actor=actor, filters=filters, breakdowns=breakdowns))
        assert shown == counted


def test_a_rebuild_writes_the_rows_incremental_upkeep_wrote(voima, survey):
    world(voima, survey, random.Random(11))
    assert rollups_check(workspace=voima) == 0
    kept = stored_rows(voima)
    report = rollups_rebuild(workspace=voima)
    assert stored_rows(voima) == kept and report.rows == len(kept)
    assert report.answers == sum(row[-1] for row in kept if row[0] == "total")
    assert all(row[-1] > 0 for row in kept)  # keys counted down to nothing were removed


def test_emptied_and_changed_answers_are_counted_out(voima, survey, contact):
    invitation = answer(survey, contact, complete=False, nps=9, csat=4)
    totals = ScoreRollup.objects.of(voima).filter(slice="total")
    assert set(totals.values_list("scale", "value", "count")) == {
        ("nps_0_10", 9, 1),
        ("csat_1_5", 4, 1),
    }
    response_save(invitation=invitation, answers={"nps": "", "csat": "2"}, complete=True)
    assert set(totals.values_list("scale", "value", "count")) == {("csat_1_5", 2, 1)}
    assert ScoreRollup.objects.of(voima).filter(scale="nps_0_10").count() == 0  # in no slice either

    at = timezone.now().isoformat()
    imported = {"external_id": "x1", "type": "nps", "value": 3, "answered_at": at}
    responses_import(workspace=voima, records=enumerate([imported]))
    responses_import(workspace=voima, records=enumerate([{**imported, "value": 10}]))
    nps = totals.filter(scale="nps_0_10")
    assert list(nps.values_list("value", "count")) == [(10, 1)]
    assert rollups_check(workspace=voima) == 0


def test_erasing_a_customer_keeps_the_counts(voima, people, survey, contact):
    answer(survey, contact, nps=2, csat=1)
    before = stored_rows(voima)
    customer = Customer.objects.of(voima).get(pk=contact.customer_id)
    customer_erase(actor=Actor(people["aino"], voima, Role.ADMIN), customer=customer)
    assert stored_rows(voima) == before and rollups_check(workspace=voima) == 0


def test_rebuild_command_recounts_checks_and_refuses_unknown_workspaces(voima, survey, contact, capsys):
    answer(survey, contact, nps=8, csat=5)
    assert main(["rollups", "rebuild", "--check", "--workspace", "voima"]) == 0
    ScoreRollup.objects.of(voima).filter(scale="nps_0_10", slice="team").update(count=5)
    assert main(["rollups", "rebuild", "--check"]) == 1
    assert "voima: 1 counts differ" in capsys.readouterr().out
    assert main(["rollups", "rebuild", "--workspace", "voima"]) == 0
    out = capsys.readouterr().out
    assert "voima: 2 answers in 32 roll-up rows" in out  # 8 slices × 2 scales, per day and month
    assert "voima: KPI sums of 8 days counted" in out  # the contact's day and the case window's 7 before it
    assert rollups_check(workspace=voima) == 0
    assert main(["rollups", "rebuild", "--workspace", "nobody"]) == 2


def test_an_upgrade_counts_the_monthly_rows_from_the_daily_ones(voima, survey):
    world(voima, survey, random.Random(5))
    before = stored_rows(voima)
    ScoreRollup.objects.of(voima).filter(slice__endswith=MONTHLY).delete()
    upgrade = importlib.import_module("kohtaamo.feedback.migrations.0007_monthly_score_rollups")
    upgrade.count_months(django_apps, SimpleNamespace(connection=connection))
    assert stored_rows(voima) == before


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((2026, 3, 1), (2026, 3, 31), ((2026, 3, 1), (2026, 4, 1))),
        ((2026, 3, 2), (2026, 3, 31), None),
        ((2026, 2, 15), (2026, 5, 30), ((2026, 3, 1), (2026, 5, 1))),
        ((2025, 12, 31), (2026, 1, 31), ((2026, 1, 1), (2026, 2, 1))),
        ((2026, 3, 1), (2026, 3, 30), None),
    ],
)
def test_a_period_reads_its_whole_months_from_the_monthly_rows(start, end, months):
    expected = tuple(date(*d) for d in months) if months else None
    assert whole_months(date(*start), date(*end)) == expected
