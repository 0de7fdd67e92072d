"""Sampling: reproducible with a seed, stratified by channel, too-short calls left out, extra weight recorded."""

from collections import Counter

import pytest

from kohtaamo.lib.speechlike import speechlike_wav
from kohtaamo.quality.models import Evaluation, QualityPlan
from kohtaamo.quality.periods import period_of
from kohtaamo.quality.selectors.plan import quality_plan
from kohtaamo.quality.services.sampling import evaluations_sample, quality_plan_update
from kohtaamo.timeline.services import recording_store
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import call


@pytest.fixture
def plan(voima, people, org, scorecard):
    return quality_plan_update(
        plan=quality_plan(actor=Actor.system(voima)),
        scorecard=scorecard,
        assignments={org["helsinki"]: people["kalle"]},
    )


TALK = [{"at": 0, "speaker": "agent", "text": "Hei!"}, {"at": 4, "speaker": "customer", "text": "Laskusta."}]


@pytest.fixture
def calls(voima, org):
    made = [call(voima, "A1", channel="phone", transcript=TALK) for _ in range(6)]
    made += [call(voima, "A1", channel="chat", transcript=TALK) for _ in range(3)]
    made += [call(voima, "A1", handle_seconds=20, transcript=TALK) for _ in range(5)]  # too short to judge
    made += [call(voima, "A2", transcript=TALK) for _ in range(2)]
    return made


def sample(plan, voima, seed):
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=seed)
    return sorted(Evaluation.objects.filter(workspace=voima).values_list("interaction_id", flat=True))


def test_the_same_seed_gives_the_same_sample(voima, plan, calls):
    first = sample(plan, voima, 7)
    Evaluation.objects.all().delete()
    assert sample(plan, voima, 7) == first


def test_a_different_seed_gives_another_sample(voima, plan, calls):
    samples = set()
    for seed in range(1, 6):
        Evaluation.objects.all().delete()
        samples.add(tuple(sample(plan, voima, seed)))
    assert len(samples) > 1


def test_it_leaves_out_short_calls_and_stratifies_by_channel(voima, plan, calls, org):
    sample(plan, voima, 3)
    ville = Evaluation.objects.filter(agent=org["ville"])
    assert ville.count() == 4
    assert not ville.filter(interaction__handle_seconds__lt=60).exists()
    assert Counter(ville.values_list("channel", flat=True)) == {"phone": 3, "chat": 1}  # 6:3 of 4


def test_it_assigns_per_team_and_records_why(voima, plan, calls, org, people):
    sample(plan, voima, 3)
    ville = Evaluation.objects.filter(agent=org["ville"]).first()
    assert ville.evaluator == people["kalle"] and ville.status == "draft" and ville.sampled_reason == "random"
    assert not Evaluation.objects.filter(agent=org["vilja"]).exists()  # no calls


def test_agents_at_their_quota_get_nothing_more(voima, plan, calls, org):
    sample(plan, voima, 3)
    report = evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=3)
    assert report.created == 0 and Evaluation.objects.filter(agent=org["veera"]).count() == 2


def test_low_csat_gets_extra_weight_and_says_so(voima, org, scorecard):
    # A weight so high that no seed or order of row ids lets a happy call win the draw.
    plan = quality_plan_update(
        plan=quality_plan(actor=Actor.system(voima)), scorecard=scorecard, per_agent=1, low_csat_weight=1e9
    )
    for _ in range(5):
        call(voima, "A3", attributes={"csat": 5}, transcript=TALK)
    unhappy = call(voima, "A3", attributes={"csat": 1}, transcript=TALK)
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=1)
    chosen = Evaluation.objects.get(agent=org["vilja"])
    assert chosen.interaction == unhappy and chosen.sampled_reason == "low_csat"


def test_sampling_from_the_queue_page(client, voima, plan, calls, people):
    response = login(client, people["kalle"]).post("/w/voima/quality/queue/sample/", {"seed": "5"}, follow=True)
    assert "6 interactions sampled" in response.content.decode()


def test_opening_the_quality_pages_creates_no_plan(client, voima, people, org, scorecard):
    client = login(client, people["kalle"])
    for path in ("plan/", "queue/", "quotas/", "reports/"):
        assert client.get(f"/w/voima/quality/{path}").status_code == 200
    assert not QualityPlan.objects.of(voima).exists()
    page = client.get("/w/voima/quality/plan/").content.decode()
    assert 'name="per_agent" value="4"' in page  # the defaults, shown before the plan is saved


def test_saving_the_plan_page_creates_the_plan(client, voima, people, org, scorecard):
    data = {"scorecard": scorecard.pk, "per_agent": 3, "period": "week", "min_handle_seconds": 30,
            "low_csat_weight": 1, "flagged_weight": 2, f"evaluator-{org['vaasa'].pk}": people["kalle"].pk}  # fmt: skip
    response = login(client, people["kalle"]).post("/w/voima/quality/plan/", data)
    assert response.status_code == 302
    plan = QualityPlan.objects.of(voima).get()
    assert (plan.scorecard, plan.per_agent, plan.period, plan.flagged_weight) == (scorecard, 3, "week", 2)
    assert dict(plan.assignments.values_list("team", "evaluator")) == {org["vaasa"].pk: people["kalle"].pk}


def test_only_interactions_with_something_to_evaluate_are_sampled(voima, plan, org):
    """No transcript, messages or recording: an evaluator could only guess, so sampling leaves it."""
    plan.per_agent = 10
    plan.save()
    silent = [call(voima, "A1") for _ in range(4)] + [call(voima, "A1", channel="chat") for _ in range(2)]
    spoken = call(voima, "A1", transcript=TALK)
    linked = call(voima, "A1", recording_url="https://pbx.example.fi/rec/1.wav")
    stored = call(voima, "A1")
    recording_store(interaction=stored, audio=speechlike_wav(["agent"]), seconds=1.5)
    picked = set(sample(plan, voima, 3))
    assert picked == {spoken.pk, linked.pk, stored.pk}
    assert not picked & {i.pk for i in silent}
