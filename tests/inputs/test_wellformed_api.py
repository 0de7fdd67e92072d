"""A lone surrogate or NUL in any text is a field error, never a 500, and never costs the good records."""

import json
from datetime import timedelta

import pytest

from kohtaamo.feedback.models import Answer
from kohtaamo.notify.models import Incident
from kohtaamo.timeline.models import Customer, Interaction
from tests.factories import record, token_for
from tests.feedback.conftest import interaction

BAD = "\ud800"


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def post_raw(api, url, body: str):
    return api.post(url, data=body.encode("ascii"), content_type="application/json")


def test_one_lone_surrogate_among_999_good_interactions_stores_the_999(api, voima):
    records = [record(external_id=f"good-{i}") for i in range(999)]
    records.insert(500, record(external_id="bad-1", customer={"external_id": "c-bad", "name": BAD}))
    body = json.dumps(records)  # ensure_ascii: the body spells the surrogate as the escape "\ud800"
    assert "\\ud800" in body
    response = post_raw(api, "/api/v1/interactions", body)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["created"] == 999 and answer["received"] == 1000
    assert answer["rejected"] == [
        {
            "index": 500,
            "external_id": "bad-1",
            "errors": [
                {"field": "customer.name", "message": "contains a lone surrogate (U+D800), not well-formed Unicode"}
            ],
        }
    ]
    assert Interaction.objects.filter(workspace=voima).count() == 999


@pytest.mark.parametrize(
    "raw, field",
    [
        ('"contact_reason": "a\\ud800b"', "contact_reason"),
        ('"contact_reason": "a\\u0000b"', "contact_reason"),
        ('"transcript": [{"speaker": "agent", "text": "\\udfff"}]', "transcript[0].text"),
        ('"attributes": {"k\\u0000": "v"}', "attributes.k\\x00"),
        ('"attributes": {"deep": ' + "[" * 40 + "1" + "]" * 40 + "}", None),
        ('"wait_seconds": 1e999', "wait_seconds"),
    ],
)
def test_a_raw_json_body_with_a_bad_escape_is_a_field_error_beside_a_good_record(api, voima, raw, field):
    good = json.dumps(record(external_id="good"))
    bad = '{"external_id": "bad", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00", ' + raw + "}"
    response = post_raw(api, "/api/v1/interactions", f"[{good}, {bad}]")
    assert response.status_code == 200, response.content
    [rejected] = response.json()["rejected"]
    assert rejected["index"] == 1 and rejected["external_id"] == "bad"
    if field:
        assert [e["field"] for e in rejected["errors"]] == [field]
    else:
        assert "nests deeper" in rejected["errors"][0]["message"]
    assert list(Interaction.objects.filter(workspace=voima).values_list("external_id", flat=True)) == ["good"]


def test_a_single_bad_record_is_422_with_its_field(api, voima):
    response = post_raw(api, "/api/v1/interactions", '{"external_id": "x\\ud800", "channel": "phone"}')
    assert response.status_code == 422
    assert response.json()["rejected"][0]["errors"][0]["field"] == "external_id"
    assert response.json()["rejected"][0]["external_id"] == ""


def test_texts_are_stored_in_nfc(api, voima):
    decomposed = "Pe\u0301rez"
    post_raw(
        api,
        "/api/v1/interactions",
        json.dumps(record(external_id="n", customer={"external_id": "c", "name": decomposed})),
    )
    assert Customer.objects.get(workspace=voima).name == "P\u00e9rez"


def test_one_lone_surrogate_among_good_answers_keeps_the_good_answers(api, voima, people):
    contact = interaction(voima)
    answered = (contact.ended_at + timedelta(hours=1)).isoformat()
    answers = [
        {"external_id": f"a-{i}", "interaction_external_id": contact.external_id, "type": "nps", "value": 9,
         "answered_at": answered, "question": f"q{i}"}
        for i in range(20)
    ]  # fmt: skip
    answers.insert(7, {**answers[0], "external_id": "bad", "comment": "kiitos\ud800"})
    answers.insert(9, {**answers[0], "external_id": "nul", "type": "text", "value": "a\x00"})
    response = post_raw(api, "/api/v1/responses", json.dumps(answers))
    assert response.status_code == 200, response.content
    rejected = {r["index"]: [e["field"] for e in r["errors"]] for r in response.json()["rejected"]}
    assert rejected == {7: ["comment"], 9: ["value"]}
    assert Answer.objects.filter(response__workspace=voima).count() == 20


def test_the_incident_webhook_refuses_a_lone_surrogate_title_with_422(api, voima):
    body = '{"external_id": "SCADA-1", "kind": "outage", "title": "\\ud800", "postal_codes": ["00100"]}'
    response = post_raw(api, "/api/v1/incidents", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title"]
    body = '{"external_id": "SCADA-1", "kind": "outage", "title": {"fi": "katko\\u0000"}, "postal_codes": ["00100"]}'
    assert post_raw(api, "/api/v1/incidents", body).json() == {
        "errors": {"title.fi": "contains a NUL character (U+0000)"}
    }
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/customers?q=%00",
        "/api/v1/customers/lookup?email=a%00b",
        "/api/v1/incidents/x%00y",
        "/api/v1/metrics/nps?group_by=%00",
        "/api/v1/operations/kpis?start=2026-01-01&end=2026-01-02&channel=%00",
    ],
)
def test_a_nul_in_a_query_or_path_parameter_is_a_4xx_naming_it(api, url):
    response = api.get(url)
    assert response.status_code in (400, 422), response.content
    assert "NUL" in response.content.decode()


def test_a_body_that_is_not_readable_json_is_400(api):
    for body in ("[" * 100_000, '{"n": ' + "9" * 5000 + "}", "[" * 600 + "]" * 600, "{"):
        response = post_raw(api, "/api/v1/interactions", body)
        assert response.status_code == 400, body[:20]
        assert response.json()["detail"]
