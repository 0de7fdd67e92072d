"""The feedback API: importing answers (idempotent, per-row errors) and metrics with filters and groups."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.models import Answer, Response
from tests.factories import token_for
from tests.feedback.conftest import interaction


def post(api, payload):
    return api.post("/api/v1/responses", data=json.dumps(payload), content_type="application/json")


def answer_record(contact, **overrides):
    data = {
        "external_id": f"ext-{contact.external_id}-nps",
        "interaction_external_id": contact.external_id,
        "type": "nps",
        "value": 9,
        "answered_at": (contact.ended_at + timedelta(hours=1)).isoformat(),
    }
    return {**data, **overrides}


def test_an_imported_answer_takes_the_interactions_agent_team_and_channel(api, contact):
    body = post(api, answer_record(contact, comment="Nopea palvelu")).json()
    assert body["created"] == 1
    answer = Answer.objects.get()
    assert (answer.scale, answer.value, answer.text) == ("nps_0_10", 9, "Nopea palvelu")
    assert (answer.agent_id, answer.team_id, answer.channel) == (contact.agent_id, contact.team_id, "phone")


def test_sending_an_answer_again_changes_nothing_and_a_changed_one_updates(api, contact):
    post(api, answer_record(contact))
    assert post(api, answer_record(contact)).json()["unchanged"] == 1
    assert post(api, answer_record(contact, value=3)).json()["updated"] == 1
    assert Answer.objects.get().value == 3


def test_answers_sharing_a_response_id_form_one_response(api, contact):
    post(
        api,
        [
            answer_record(contact, response_id="r1"),
            answer_record(contact, external_id="c", type="csat", value=4, response_id="r1"),
        ],
    )
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_bad_answers_are_reported_by_index_and_field_and_good_ones_kept(api, contact):
    body = post(api, [
        answer_record(contact, external_id="a", value=11),
        answer_record(contact, external_id="b", type="ces", scale="nps_0_10"),
        answer_record(contact, external_id="c", interaction_external_id="nope"),
        answer_record(contact, external_id="d"),
    ]).json()  # fmt: skip
    assert body["created"] == 1
    assert [(r["index"], r["errors"][0]["field"]) for r in body["rejected"]] == [
        (0, "value"), (1, "scale"), (2, "interaction_external_id")
    ]  # fmt: skip
    assert "from 0 to 10" in body["rejected"][0]["errors"][0]["message"]


def test_a_batch_with_nothing_accepted_is_422(api, contact):
    assert post(api, [{"type": "nps"}]).status_code == 422


def test_the_legacy_effort_scale_is_stored_with_its_scale(api, contact):
    post(api, answer_record(contact, type="ces", scale="ces_1_5", value=5))
    assert Answer.objects.get().scale == "ces_1_5"


def test_it_needs_a_token(client, voima):
    assert client.get("/api/v1/metrics/nps").status_code == 401


def many_answers(api, voima, *, channel, values):
    contacts = [interaction(voima, channel=channel) for _ in values]
    post(api, [answer_record(c, value=v) for c, v in zip(contacts, values, strict=True)])


def test_metrics_give_value_n_and_interval_per_group(api, voima):
    many_answers(api, voima, channel="phone", values=[10] * 20 + [3] * 15)
    many_answers(api, voima, channel="chat", values=[9, 9, 2])
    body = api.get("/api/v1/metrics/nps?group_by=channel").json()
    assert body["overall"]["n"] == 38
    phone, chat = body["groups"]
    assert (phone["key"], phone["n"], phone["too_few"]) == ("phone", 35, False)
    assert phone["value"] == pytest.approx(100 * (20 - 15) / 35, abs=0.01)
    assert phone["ci_low"] < phone["value"] < phone["ci_high"]
    assert (chat["key"], chat["too_few"], chat["flag"]) == ("chat", True, "too_few")


def test_metrics_filter_by_channel_and_period(api, voima):
    many_answers(api, voima, channel="phone", values=[10, 10])
    many_answers(api, voima, channel="chat", values=[0])
    assert api.get("/api/v1/metrics/nps?channel=chat").json()["overall"]["value"] == -100
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert api.get(f"/api/v1/metrics/nps?from={tomorrow}&to={tomorrow}").json()["overall"]["n"] == 0


def test_csat_gives_percent_satisfied_and_the_mean(api, voima, contact):
    post(api, [answer_record(contact, external_id="x", type="csat", value=4),
               answer_record(interaction(voima), external_id="y", type="csat", value=2)])  # fmt: skip
    body = api.get("/api/v1/metrics/csat").json()
    assert body["overall"]["value"] == 50 and body["secondary"]["value"] == 3


def test_a_bad_filter_is_a_clear_400(api):
    response = api.get("/api/v1/metrics/nps?group_by=planet")
    assert response.status_code == 400 and "group_by" in response.json()["detail"]
    assert "from" in api.get("/api/v1/metrics/nps?from=yesterday").json()["detail"]


def test_another_workspaces_answers_are_not_counted(api, voima, linkki):
    voima_token = api.defaults["HTTP_AUTHORIZATION"]
    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(linkki)}"
    assert post(api, answer_record(interaction(linkki))).json()["created"] == 1
    api.defaults["HTTP_AUTHORIZATION"] = voima_token
    assert api.get("/api/v1/metrics/nps").json()["overall"]["n"] == 0


def test_a_token_cannot_tie_an_answer_to_another_workspaces_interaction(api, linkki):
    body = post(api, answer_record(interaction(linkki))).json()
    assert body["rejected"][0]["errors"][0]["field"] == "interaction_external_id"
