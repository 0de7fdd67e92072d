"""Rate limits: per token on the API with RateLimit headers, per client behind a trusted proxy, shared store."""

import pytest
from django.core.cache import caches

from kohtaamo.feedback.views import public
from kohtaamo.inputs.address import client_address
from tests.factories import token_for

URL = "/api/v1/customers"


@pytest.fixture
def limited(settings):
    settings.KOHTAAMO_API_RATE = 3


def test_a_token_past_its_limit_gets_a_json_429_with_retry_after(client, voima, limited):
    headers = {"Authorization": f"Bearer {token_for(voima)}"}
    answers = [client.get(URL, headers=headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Limit"] == "3" and answers[0]["RateLimit-Remaining"] == "2"
    last = answers[-1]
    assert last["Content-Type"] == "application/json" and "at most 3 a minute" in last.json()["detail"]
    assert 1 <= int(last["Retry-After"]) <= 60


def test_each_token_has_its_own_budget_and_a_wrong_token_is_limited_too(client, voima, limited):
    for _ in range(3):
        client.get(URL, headers={"Authorization": f"Bearer {token_for(voima)}"})
    other = {"Authorization": f"Bearer {token_for(voima)}"}
    assert client.get(URL, headers=other).status_code == 200
    guessing = [client.get(URL, headers={"Authorization": "Bearer kt_guess"}).status_code for _ in range(4)]
    assert guessing == [401, 401, 401, 429]


def test_the_counters_are_in_the_shared_database_cache(db):
    assert caches["default"].__class__.__name__ == "DatabaseCache"  # not per process memory


def test_behind_a_proxy_the_client_is_read_from_the_trusted_hop(rf, settings):
    settings.KOHTAAMO_PROXY_HEADER = "X-Forwarded-For"
    settings.KOHTAAMO_PROXY_COUNT = 1
    request = rf.get("/", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}, REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "203.0.113.9"  # what the proxy saw, not what the client claimed
    settings.KOHTAAMO_PROXY_HEADER = ""
    assert client_address(request) == "10.0.0.2"


def test_the_public_survey_limit_counts_per_client_behind_the_proxy(client, db, settings, monkeypatch):
    settings.KOHTAAMO_PROXY_HEADER = "X-Forwarded-For"
    monkeypatch.setattr(public, "RATE_PER_IP", 2)
    statuses = [client.get(f"/s/token-{n}/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code for n in range(3)]
    assert statuses == [404, 404, 429]
    assert client.get("/s/token-x/", headers={"X-Forwarded-For": "203.0.113.10"}).status_code == 404
