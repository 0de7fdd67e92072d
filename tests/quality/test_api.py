"""QA out through the API: submitted evaluations, the evaluation.submitted and dispute.opened events."""

import pytest

from kohtaamo.notify.models import Delivery
from kohtaamo.notify.services.events import subscription_create
from kohtaamo.quality.services.disputes import dispute_open
from kohtaamo.quality.services.evaluations import evaluation_save, evaluation_start
from kohtaamo.quality.services.scorecards import scorecard_update
from tests.factories import token_for

from .conftest import GOOD, call


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def test_submitted_evaluations_and_disputes_are_listed_and_announced(api, voima, linkki, people, org, scorecard):
    subscription_create(workspace=voima, url="https://qa.example.com/hook",
                        events_wanted=["evaluation.submitted", "dispute.opened"])  # fmt: skip
    evaluations = []
    for _ in range(3):
        draft = evaluation_start(interaction=call(voima, "A1"), version=scorecard.current, evaluator=people["kalle"])
        evaluations.append(evaluation_save(evaluation=draft, answers=GOOD, submit=True))
    dispute_open(evaluation=evaluations[0], opened_by=people["ville"], reason="Tervehdin kyllä")
    first = api.get("/api/v1/evaluations?limit=2").json()
    rest = api.get(f"/api/v1/evaluations?limit=2&cursor={first['next_cursor']}").json()
    listed = first["items"] + rest["items"]
    assert sorted(e["id"] for e in listed) == sorted(e.pk for e in evaluations)
    assert {e["scorecard"] for e in listed} == {"mini"} and listed[1]["total"] == 100
    assert [d["evaluation_id"] for d in api.get("/api/v1/disputes").json()["items"]] == [evaluations[0].pk]
    assert api.get(f"/api/v1/evaluations/{evaluations[0].pk}").json()["status"] == "disputed"
    events = sorted(Delivery.objects.filter(channel="events").values_list("event", flat=True))
    assert events == ["dispute.opened", *["evaluation.submitted"] * 3]
    linkki_token = token_for(linkki)
    other = api.get(f"/api/v1/evaluations/{evaluations[0].pk}", HTTP_AUTHORIZATION=f"Bearer {linkki_token}")
    assert other.status_code == 404


def test_scorecards_come_out_with_their_newest_form_and_disputes_one_by_one(api, voima, linkki, people, org, scorecard):
    form = dict(scorecard.current.form)
    form["title"] = {**form["title"], "fi": "Mini, uusi"}
    draft = evaluation_start(interaction=call(voima, "A1"), version=scorecard.current, evaluator=people["kalle"])
    submitted = evaluation_save(evaluation=draft, answers=GOOD, submit=True)  # version 1 is now in use
    scorecard_update(scorecard=scorecard, form_data=form, edited_by=people["kalle"])

    listed = api.get("/api/v1/scorecards").json()["items"]
    assert [(s["key"], s["version"]) for s in listed] == [("mini", 2)]
    one = api.get(f"/api/v1/scorecards/{scorecard.pk}").json()
    assert one["form"]["title"]["fi"] == "Mini, uusi" and one["archived"] is False
    assert api.get("/api/v1/scorecards?archived=true").json()["items"] == []

    dispute = dispute_open(evaluation=submitted, opened_by=people["ville"], reason="Tervehdin kyllä")
    assert api.get(f"/api/v1/disputes/{dispute.pk}").json()["reason"] == "Tervehdin kyllä"
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_for(linkki)}"}
    assert api.get(f"/api/v1/scorecards/{scorecard.pk}", **other).status_code == 404
    assert api.get(f"/api/v1/disputes/{dispute.pk}", **other).status_code == 404
