"""Incidents and their messages out through the API: cursor pages, filters, scoping, read-only tokens."""

import json
from datetime import timedelta

import pytest

from kohtaamo.notify.models import Delivery, Incident
from kohtaamo.workspaces.services import api_token_create
from tests.paging import every, exported

from .conftest import AFTERNOON, customer, outage


def test_incidents_page_through_once_and_filter_by_status_and_start(api, voima, linkki):
    for n in range(7):
        outage(voima, external_id=f"K-{n}", started_at=(AFTERNOON + timedelta(days=n)).isoformat(), eta=None)
        if n % 3 == 0:
            outage(voima, external_id=f"K-{n}", status="resolved")
    outage(linkki, external_id="THEIRS")
    for sort in ("id", "-started_at", "updated_at"):
        items = every(api, f"/api/v1/incidents?limit=2&sort={sort}")
        assert sorted(i["external_id"] for i in items) == [f"K-{n}" for n in range(7)]
    assert {i["external_id"] for i in every(api, "/api/v1/incidents?status=resolved")} == {"K-0", "K-3", "K-6"}
    assert len(every(api, "/api/v1/incidents?status=open")) == 4
    assert len(every(api, "/api/v1/incidents?status=over")) == 3
    window = "from=2026-03-04T00:00:00Z&to=2026-03-06T00:00:00Z"
    assert sorted(i["external_id"] for i in every(api, f"/api/v1/incidents?{window}")) == ["K-1", "K-2"]
    assert every(api, "/api/v1/incidents?updated_since=2999-01-01T00:00:00Z") == []
    one = api.get("/api/v1/incidents/K-1").json()
    assert one["id"] == Incident.objects.get(external_id="K-1").pk and one["status"] == "investigating"


def test_deliveries_of_an_incident_page_through_once_and_filter_by_status_and_channel(api, voima, channels):
    for n in range(5):
        customer(voima, preferred="sms" if n % 2 else "email")
    outage(voima)
    assert Delivery.objects.filter(workspace=voima).count() == 5
    Delivery.objects.filter(channel="sms").update(status=Delivery.Status.DEAD)
    items = every(api, "/api/v1/incidents/KATKO-1/deliveries?limit=2")
    assert len({d["id"] for d in items}) == 5 and {d["update_sequence"] for d in items} == {1}
    dead = every(api, "/api/v1/incidents/KATKO-1/deliveries?status=dead")
    assert len(dead) == 2 and {d["channel"] for d in dead} == {"sms"}
    assert len(every(api, "/api/v1/incidents/KATKO-1/deliveries?channel=email")) == 3
    first = items[0]
    assert api.get(f"/api/v1/incidents/KATKO-1/deliveries/{first['id']}").json() == first
    lines = b"".join(api.get("/api/v1/incidents/KATKO-1/deliveries/export?channel=sms").streaming_content)
    assert [json.loads(line)["id"] for line in lines.splitlines()] == sorted(d["id"] for d in dead)


def test_incidents_export_as_json_lines_with_the_lists_filters(api, voima, linkki, monkeypatch):
    monkeypatch.setattr("kohtaamo.api_paging.EXPORT_CHUNK", 2)
    for n in range(5):
        outage(voima, external_id=f"K-{n}", started_at=(AFTERNOON + timedelta(days=n)).isoformat(), eta=None)
    outage(voima, external_id="K-4", status="resolved")
    outage(linkki, external_id="THEIRS")
    lines = exported(api, "/api/v1/incidents/export")
    assert [i["external_id"] for i in lines] == [f"K-{n}" for n in range(5)]
    assert lines == every(api, "/api/v1/incidents?limit=2")
    assert [i["external_id"] for i in exported(api, "/api/v1/incidents/export?status=over")] == ["K-4"]
    window = "from=2026-03-04T00:00:00Z&to=2026-03-06T00:00:00Z"
    assert [i["external_id"] for i in exported(api, f"/api/v1/incidents/export?{window}")] == ["K-1", "K-2"]
    assert api.get("/api/v1/incidents/export?status=exploded").status_code == 400


def test_another_workspaces_incident_and_delivery_are_404(api, voima, linkki):
    customer(linkki)
    theirs = outage(linkki, external_id="THEIRS").incident
    outage(voima, external_id="OURS")
    assert api.get("/api/v1/incidents/THEIRS").status_code == 404
    assert api.get("/api/v1/incidents/THEIRS/deliveries").status_code == 404
    their_delivery = Delivery.objects.filter(incident=theirs).first()
    if their_delivery is None:  # no channel of Linkki's is configured: a delivery row made for the test
        their_delivery = Delivery.objects.create(workspace=linkki, incident=theirs, channel="email", language="fi",
                                                 address="x@example.fi", idempotency_key="t-1",
                                                 next_attempt_at=AFTERNOON, created_at=AFTERNOON)  # fmt: skip
    assert api.get(f"/api/v1/incidents/OURS/deliveries/{their_delivery.pk}").status_code == 404
    assert api.get(f"/api/v1/incidents/THEIRS/deliveries/{their_delivery.pk}").status_code == 404
    assert [i["external_id"] for i in api.get("/api/v1/incidents").json()["items"]] == ["OURS"]


def test_a_read_only_token_reads_the_lists(client, voima):
    outage(voima)
    secret = api_token_create(workspace=voima, name="bi", read_only=True)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/incidents", **auth).status_code == 200
    assert client.get("/api/v1/incidents/KATKO-1/deliveries", **auth).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["incidents?status=exploded", "incidents?from=yesterday", "incidents?sort=title", "incidents?limit=0",
     "incidents/KATKO-1/deliveries?status=lost", "incidents/KATKO-1/deliveries?channel=pigeon",
     "incidents/KATKO-1/deliveries/abc", "incidents?cursor=not-a-cursor"],
)  # fmt: skip
def test_bad_filter_values_are_400_json(api, voima, query):
    outage(voima)
    answer = api.get(f"/api/v1/{query}")
    assert answer.status_code == 400, answer.content
    assert "detail" in answer.json()
