"""The quota sampler's option to send evaluators first to the lowest automatic scores (AQS)."""

import pytest

from kohtaamo.lib.qa.sampling import Candidate, lowest_first
from kohtaamo.quality.models import AutoReview, Evaluation
from kohtaamo.quality.periods import period_of
from kohtaamo.quality.selectors.plan import quality_plan
from kohtaamo.quality.services.sampling import evaluations_sample, quality_plan_update
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import call
from .test_aqs_reports import automatic

TALK = [{"at": 0, "speaker": "agent", "text": "Hei!"}, {"at": 4, "speaker": "customer", "text": "Laskusta."}]


def plan_of(voima, scorecard, **fields):
    return quality_plan_update(plan=quality_plan(actor=Actor.system(voima)), scorecard=scorecard, **fields)


@pytest.fixture
def vilja_calls(voima, org):
    """Vilja's eligible calls scored 80, 60, 20, 90 and one unscored; a lower-scored call too short to judge."""
    made = {}
    for score in (80.0, 60.0, 20.0, 90.0):
        made[score] = call(voima, "A3", transcript=TALK)
        automatic(made[score], score)
    made[None] = call(voima, "A3", transcript=TALK)
    AutoReview.objects.filter(interaction=made[None]).delete()
    short = call(voima, "A3", transcript=TALK, handle_seconds=20)
    automatic(short, 5.0)
    silent = call(voima, "A3")  # nothing to evaluate: never sampled, whatever its score
    automatic(silent, 1.0)
    return made


def picked(voima):
    return {e.interaction_id: e.sampled_reason for e in Evaluation.objects.filter(workspace=voima)}


def test_the_lowest_aqs_eligible_interaction_is_taken(voima, org, scorecard, vilja_calls):
    plan = plan_of(voima, scorecard, per_agent=1, prefer_low_aqs=True)
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=1)
    assert picked(voima) == {vilja_calls[20.0].pk: "low_aqs"}


def test_the_quota_is_filled_lowest_first_then_at_random(voima, org, scorecard, vilja_calls):
    plan = plan_of(voima, scorecard, per_agent=3, prefer_low_aqs=True)
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=1)
    assert picked(voima) == {vilja_calls[s].pk: "low_aqs" for s in (20.0, 60.0, 80.0)}
    Evaluation.objects.all().delete()
    plan.per_agent = 6
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=1)
    assert picked(voima) == {**{vilja_calls[s].pk: "low_aqs" for s in (20.0, 60.0, 80.0, 90.0)},
                             vilja_calls[None].pk: "random"}  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_the_option_the_automatic_scores_change_nothing(voima, org, scorecard, vilja_calls, seed):
    plan = plan_of(voima, scorecard, per_agent=2)
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=seed)
    with_scores = picked(voima)
    Evaluation.objects.all().delete()
    AutoReview.objects.all().delete()
    evaluations_sample(plan=plan, period=period_of(voima, "month"), seed=seed)
    assert picked(voima) == with_scores and set(with_scores.values()) == {"random"}


def test_lowest_first_breaks_ties_by_seed_and_fills_from_the_unscored():
    candidates = [Candidate(i, "phone") for i in range(6)]
    scores = {0: 50.0, 1: 10.0, 2: 10.0, 3: 10.0}
    by_score, drawn = lowest_first(candidates, scores, 2, seed="a")
    assert len(by_score) == 2 and {c.id for c in by_score} <= {1, 2, 3} and drawn == []
    assert lowest_first(list(reversed(candidates)), scores, 2, seed="a")[0] == by_score
    ties = {frozenset(c.id for c in lowest_first(candidates, scores, 2, seed=s)[0]) for s in range(20)}
    assert len(ties) > 1  # a tie at the cut is not always settled the same way
    by_score, drawn = lowest_first(candidates, scores, 5, seed="a")
    assert [c.id for c in by_score][-1] == 0 and {c.id for c in drawn} == {4}


def test_the_plan_page_offers_and_saves_the_option(client, voima, people, org, scorecard):
    client = login(client, people["kalle"])
    assert 'name="prefer_low_aqs"' in client.get("/w/voima/quality/plan/").content.decode()
    data = {"scorecard": scorecard.pk, "per_agent": 3, "period": "month", "min_handle_seconds": 30,
            "low_csat_weight": 1, "flagged_weight": 1, "prefer_low_aqs": "on"}  # fmt: skip
    assert client.post("/w/voima/quality/plan/", data).status_code == 302
    assert quality_plan(actor=Actor.system(voima)).prefer_low_aqs is True


def test_the_reason_is_shown_in_words(client, voima, people, org, scorecard, vilja_calls):
    evaluations_sample(plan=plan_of(voima, scorecard, per_agent=1, prefer_low_aqs=True),
                       period=period_of(voima, "month"), seed=1)  # fmt: skip
    page = login(client, people["kalle"]).get("/w/voima/quality/queue/").content.decode()
    assert "low automatic score (AQS)" in page
