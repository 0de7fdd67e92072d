"""POST /api/v1/incidents: token authentication, validation with field errors, idempotency by external id."""

import pytest

from kohtaamo.notify.models import Delivery, Incident
from tests.factories import token_for

from .conftest import customer

URL = "/api/v1/incidents"
OUTAGE = {
    "external_id": "SCADA-42",
    "kind": "outage",
    "title": {"fi": "Sähkökatko", "en": "Power cut"},
    "postal_codes": ["00100"],
    "eta": "2026-03-03T18:00:00+02:00",
}


@pytest.fixture
def post(client, voima):
    token = token_for(voima)

    def post(body, token=token):
        return client.post(URL, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})

    return post


def test_it_refuses_a_request_without_a_valid_token(client, voima):
    assert client.post(URL, OUTAGE, content_type="application/json").status_code == 401
    response = client.post(URL, OUTAGE, content_type="application/json", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert not Incident.objects.exists()


def test_it_declares_an_incident_and_queues_the_messages(post, voima, channels):
    customer(voima)
    response = post(OUTAGE)
    assert response.status_code == 201
    body = response.json()
    assert body["created"] and body["notified"]
    # queued, or held when the test runs during quiet hours
    assert body["incident"]["affected"] == 1 and sum(body["incident"]["deliveries"].values()) == 1
    assert Incident.objects.get().source == "api"


def test_sending_the_same_incident_again_is_idempotent(post, voima, channels):
    customer(voima)
    post(OUTAGE)
    again = post(OUTAGE)
    assert again.status_code == 200 and not again.json()["created"] and not again.json()["notified"]
    assert Incident.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_partial_update_changes_only_what_is_sent(post, voima, channels):
    customer(voima)
    post(OUTAGE)
    response = post({"external_id": "SCADA-42", "status": "repairing"})
    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.status == "repairing" and incident.postal_codes == ["00100"] and incident.eta is not None
    assert [u["event"] for u in response.json()["incident"]["updates"]] == ["declared", "status"]


def test_it_names_every_invalid_field(post):
    response = post({"external_id": "", "kind": "flood", "title": 5, "eta": "tomorrow", "postal_codes": "00100",
                     "segment": {"bad key": "x"}, "channels": ["fax"], "notify": "yes"})  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"external_id", "kind", "title", "eta", "postal_codes", "segment", "channels", "notify"}
    assert "must be one of" in errors["kind"] and "ISO 8601" in errors["eta"]


def test_a_time_without_a_time_zone_is_refused(post):
    response = post({**OUTAGE, "eta": "2026-03-03T18:00:00"})
    assert response.status_code == 422 and "time zone" in response.json()["errors"]["eta"]


def test_an_incident_needs_a_scope(post):
    body = {k: v for k, v in OUTAGE.items() if k != "postal_codes"}
    assert "scope" in post(body).json()["errors"]


def test_a_resolved_incident_cannot_be_reopened(post, voima, channels):
    post(OUTAGE)
    post({"external_id": "SCADA-42", "status": "resolved"})
    response = post({"external_id": "SCADA-42", "status": "repairing"})
    assert response.status_code == 422 and "status" in response.json()["errors"]


def test_a_body_that_is_not_json_is_a_400(client, voima):
    token = token_for(voima)
    response = client.post(URL, "{nope", content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400


def test_a_token_sees_only_its_own_workspaces_incidents(post, client, voima, linkki, channels):
    post(OUTAGE)
    other = token_for(linkki)
    headers = {"Authorization": f"Bearer {other}"}
    assert client.get(f"{URL}/SCADA-42", headers=headers).status_code == 404
    mine = client.get(f"{URL}/SCADA-42", headers={"Authorization": f"Bearer {token_for(voima)}"})
    assert mine.status_code == 200 and mine.json()["external_id"] == "SCADA-42"


def test_the_same_external_id_in_two_workspaces_is_two_incidents(post, client, voima, linkki, channels):
    post(OUTAGE)
    headers = {"Authorization": f"Bearer {token_for(linkki)}"}
    assert client.post(URL, OUTAGE, content_type="application/json", headers=headers).status_code == 201
    assert Incident.objects.count() == 2
