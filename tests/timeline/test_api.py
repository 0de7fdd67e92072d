"""The JSON API: token auth, batches, lookups, timelines, and another workspace's data refused."""

import json

import pytest

from kohtaamo.timeline.models import Customer
from tests.factories import ingest, record, token_for


@pytest.fixture
def voima_client(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def post(client, payload):
    return client.post("/api/v1/interactions", data=json.dumps(payload), content_type="application/json")


def test_it_requires_a_token(client, voima):
    assert client.get("/api/v1/customers").status_code == 401
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer kht_not-a-real-token"
    assert client.get("/api/v1/customers").status_code == 401


def test_a_revoked_token_is_refused(client, voima):
    from kohtaamo.workspaces.models import ApiToken
    from kohtaamo.workspaces.services import api_token_revoke

    secret = token_for(voima)
    api_token_revoke(token=ApiToken.objects.get())
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert client.get("/api/v1/customers").status_code == 401


def test_tokens_are_stored_hashed(voima):
    from kohtaamo.workspaces.models import ApiToken

    secret = token_for(voima)
    stored = ApiToken.objects.get()
    assert secret not in (stored.digest, stored.prefix) and stored.digest == ApiToken.digest_of(secret)


def test_it_takes_one_record(voima_client):
    response = post(voima_client, record(external_id="one"))
    assert response.status_code == 200
    assert response.json()["created"] == 1


def test_it_takes_a_batch_and_reports_bad_records_by_index(voima_client):
    response = post(voima_client, [record(), {"channel": "phone"}, record()])
    body = response.json()
    assert response.status_code == 200
    assert body["created"] == 2
    assert body["rejected"] == [
        {"index": 1, "external_id": "", "errors": [
            {"field": "external_id", "message": "is required"},
            {"field": "started_at", "message": "is required"},
        ]}
    ]  # fmt: skip


def test_all_records_bad_answers_422(voima_client):
    response = post(voima_client, [{"channel": "phone"}])
    assert response.status_code == 422
    assert response.json()["rejected"][0]["index"] == 0


def test_a_batch_over_1000_is_refused(voima_client):
    response = post(voima_client, [record() for _ in range(1001)])
    assert response.status_code == 413


def test_invalid_json_is_a_clear_400(voima_client):
    response = voima_client.post("/api/v1/interactions", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_resending_is_idempotent(voima_client):
    batch = [record(external_id="a"), record(external_id="b")]
    post(voima_client, batch)
    assert post(voima_client, batch).json()["unchanged"] == 2


def test_customers_come_in_cursor_pages(voima_client, voima):
    ingest(voima, *[record() for _ in range(60)])
    first = voima_client.get("/api/v1/customers?limit=50").json()
    assert len(first["items"]) == 50 and first["next_cursor"]
    second = voima_client.get(f"/api/v1/customers?limit=50&cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 10 and second["next_cursor"] is None
    assert len({c["id"] for c in first["items"] + second["items"]}) == 60


@pytest.mark.parametrize(
    "query",
    [
        "email=MATTI%40example.fi",
        "phone=040%201234567",
        "phone=%2B358401234567",
        "external_id=C-1",
        "handle=whatsapp%3A%2B358401234567",
    ],
)
def test_lookup_finds_a_customer_by_any_identifier(voima_client, voima, query):
    ingest(
        voima,
        record(customer={"external_id": "C-1", "email": "matti@example.fi", "phone": "0401234567"}),
        record(customer={"external_id": "C-1", "handle": "whatsapp:+358401234567"}),
    )
    response = voima_client.get(f"/api/v1/customers/lookup?{query}")
    assert response.status_code == 200
    assert response.json()["id"] == Customer.objects.get().pk


def test_lookup_of_nobody_is_404(voima_client):
    assert voima_client.get("/api/v1/customers/lookup?email=nobody%40example.fi").status_code == 404


def test_lookup_needs_exactly_one_identifier(voima_client):
    assert voima_client.get("/api/v1/customers/lookup").status_code == 400


def test_timeline_lists_every_channel_and_open_cases(voima_client, voima):
    ingest(
        voima,
        record(
            external_id="c",
            channel="chat",
            customer={"external_id": "C-1"},
            case_ref="K1",
            started_at="2026-03-01T10:00:00+02:00",
        ),
        record(
            external_id="p",
            channel="phone",
            customer={"external_id": "C-1"},
            case_ref="K1",
            started_at="2026-03-02T10:00:00+02:00",
        ),
        record(
            external_id="e",
            channel="email",
            customer={"external_id": "C-1"},
            started_at="2026-03-03T10:00:00+02:00",
        ),
    )
    customer = Customer.objects.get()
    body = voima_client.get(f"/api/v1/customers/{customer.pk}/timeline").json()
    assert [i["external_id"] for i in body["interactions"]] == ["e", "p", "c"]
    assert {c["ref"] for c in body["open_cases"]} >= {"K1"}
    assert body["interactions"][1]["is_repeat"] is True


def test_another_workspaces_customer_is_404(client, voima, linkki):
    ingest(linkki, record(customer={"email": "secret@linkki.fi"}))
    theirs = Customer.objects.get(workspace=linkki)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    assert client.get(f"/api/v1/customers/{theirs.pk}").status_code == 404
    assert client.get(f"/api/v1/customers/{theirs.pk}/timeline").status_code == 404
    assert client.get("/api/v1/customers/lookup?email=secret%40linkki.fi").status_code == 404
    assert client.get("/api/v1/customers").json()["items"] == []


def test_records_posted_with_a_token_land_in_its_workspace(voima_client, voima, linkki):
    post(voima_client, record(external_id="mine"))
    assert Customer.objects.filter(workspace=linkki).count() == 0
    assert Customer.objects.filter(workspace=voima).count() == 1


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/interactions" in response.json()["paths"]
