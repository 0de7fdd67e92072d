"""Writers at once, each on its own connection, counting into the same roll-up keys, lose no count.

Two threads import answers about the same few contacts on the same days in small batches (imports of
one workspace take turns per batch), two submit surveys about contacts with the same facts (not taking
turns: each holds only its invitation's lock), and a fifth adds and takes away raw +1/−1 changes on the
hottest key, so every transaction upserts keys the others are upserting too. Afterwards the roll-ups
equal a count of the answers, and no writer saw an error or a deadlock.
"""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kohtaamo.feedback.models import Answer, ScoreRollup
from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.feedback.services.rollups import rollup_apply, rollup_counts, rollups_check
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Agent
from tests.factories import ingest, record
from tests.threads import run_together

WRITERS = 2
SUBMITTERS = 2
SURVEYS_EACH = 15
ANSWERS_EACH = 120


def writer_records(w: int, interactions: list[str]) -> list[dict]:
    rng = random.Random(w)
    at = [(timezone.now() - timedelta(days=d)).isoformat() for d in (1, 2)]
    return [
        {"external_id": f"w{w}-{i}", "response_id": f"w{w}-r{i // 2}", "question": f"q{i % 2}",
         "type": ("nps", "csat")[i % 2], "value": rng.choice([9, 10]) if i % 2 == 0 else rng.choice([4, 5]),
         "answered_at": at[(i // 2) % 2], "interaction_external_id": interactions[(i // 2) % len(interactions)]}
        for i in range(ANSWERS_EACH)
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_end_with_exact_counts(voima):
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency of the upsert: PostgreSQL (SQLite has one writer at a time)")
    interactions = [f"hot-{i}" for i in range(3)]
    ingest(voima, *[record(external_id=e, agent={"id": "ville"}, team="kaakko", channel="phone") for e in interactions])
    shares = [writer_records(w, interactions) for w in range(WRITERS)]
    survey = survey_create_standard(workspace=voima)
    asked = [f"asked-{i}" for i in range(SUBMITTERS * SURVEYS_EACH)]
    started = (timezone.now() - timedelta(hours=2)).isoformat()  # recent: the invitations are still open
    ingest(voima, *[record(external_id=e, agent={"id": "ville"}, team="kaakko", started_at=started) for e in asked])
    invitations = [
        invitation_create(survey=survey, interaction=Interaction.objects.of(voima).get(external_id=e)) for e in asked
    ]

    def submitter(mine: list) -> object:
        def work() -> None:
            for n, invitation in enumerate(mine):
                response_save(invitation=invitation, answers={"nps": str(9 + n % 2), "csat": "5"}, complete=True)

        return work

    def importer(share: list[dict]):
        def work() -> None:
            for start in range(0, len(share), 10):
                responses_import(workspace=voima, records=enumerate(share[start : start + 10]))

        return work

    # The bumper adds and takes away one answer at a time (+1, −1, …: nothing in the end) on the key the
    # importers' NPS 9 answers of yesterday count into.
    agent = Agent.objects.of(voima).get(key="ville")
    day = timezone.localdate(timezone=voima.tz) - timedelta(days=1)
    key = ("", "nps_0_10", day, 9, "phone", 0, agent.team_id, agent.pk, "", "")

    def bumper() -> None:
        for n in range(60):
            with transaction.atomic():
                rollup_apply(workspace=voima, delta=Counter({key: -1 if n % 2 else 1}))

    submitters = [submitter(invitations[s * SURVEYS_EACH : (s + 1) * SURVEYS_EACH]) for s in range(SUBMITTERS)]
    errors = run_together([importer(share) for share in shares] + submitters + [bumper])
    assert not errors, errors[:3]
    expected = WRITERS * ANSWERS_EACH + SUBMITTERS * SURVEYS_EACH * 2
    assert Answer.objects.of(voima).count() == expected
    assert rollups_check(workspace=voima) == 0
    assert rollup_counts(Answer.objects.of(voima))[key] > 0  # the bumper did share its key
    total = sum(ScoreRollup.objects.of(voima).filter(slice="agent").values_list("count", flat=True))
    assert total == expected
