"""Times and days far outside any contact centre's life are a field error, not a 500 (found by the API fuzz).

``0001-01-01T00:00:00+05:00`` is valid ISO 8601 but has no time in UTC: Python raises OverflowError when it
is converted, which answered 500 on every list filtered by time and cost a whole ingestion batch. Inputs take
the years 1900–2999 (``kohtaamo.inputs.schema.Day`` and ``Moment``); a forged page cursor is a 400.
"""

import base64
import json

import pytest

from kohtaamo.timeline.models import Interaction
from tests.factories import record, token_for

EARLY, LATE = "0001-01-01T00:00:00%2B05:00", "9999-12-31T23:59:59-05:00"


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


@pytest.mark.parametrize(
    "query",
    [
        f"/interactions?from={EARLY}",
        f"/interactions?to={LATE}",
        f"/interactions/export?updated_since={EARLY}",
        f"/customers?updated_since={EARLY}",
        f"/cases?contact_since={EARLY}",
        f"/responses?from={EARLY}",
        f"/answers?to={LATE}",
        f"/evaluations?submitted_since={EARLY}",
        "/operations/kpis?start=0001-01-01&end=0001-01-11",
        "/operations/kpis?start=9999-12-20&end=9999-12-31",
    ],
)
def test_a_time_filter_outside_the_years_is_a_400_naming_it(api, query):
    response = api.get(f"/api/v1{query}")

    assert response.status_code == 400
    assert "1900" in response.content.decode() or "2999" in response.content.decode()  # it says the range


@pytest.mark.parametrize("field", ["started_at", "ended_at"])
def test_a_record_with_a_time_outside_the_years_is_rejected_alone(api, voima, field):
    good, bad = record(), record(**{field: "0001-01-01T00:00:00+05:00"})

    response = api.post("/api/v1/interactions", [good, bad], content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 1
    assert body["rejected"] == [
        {
            "index": 1,
            "external_id": bad["external_id"],
            "errors": [{"field": field, "message": "must be in the years 1900–2999"}],
        }
    ]
    assert Interaction.objects.filter(workspace=voima).count() == 1


def test_an_incident_time_outside_the_years_is_a_field_error(api):
    incident = {"external_id": "ext-1", "title": "Katko", "kind": "outage", "postal_codes": ["00100"]}

    response = api.post("/api/v1/incidents", {**incident, "eta": LATE}, content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {"errors": {"eta": "must be in the years 1900–2999"}}


def _cursor(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "forged",
    [
        {"s": "updated_at", "v": "0001-01-01T00:00:00+05:00", "d": True, "i": 1},  # no UTC time: OverflowError
        {"s": "updated_at", "v": "x", "d": False, "i": 1},  # a text for a time: Django's ValidationError
        {"s": "updated_at", "v": "2026-03-01T00:00:00", "d": True, "i": 1},  # no offset
    ],
)
def test_a_forged_cursor_is_a_400_like_any_foreign_one(api, forged):
    response = api.get(f"/api/v1/interactions?sort=updated_at&cursor={_cursor(forged)}")

    assert response.status_code == 400
    assert response.json() == {"detail": "The cursor is not one this API gave out."}


def test_an_offset_postgresql_refuses_is_turned_into_utc(api, voima):
    """Python takes UTC offsets up to ±23:59, PostgreSQL only ±15:59: filters and records are sent in UTC."""
    late = record(started_at="2026-03-02T09:00:00+17:56")
    assert api.post("/api/v1/interactions", [late], content_type="application/json").json()["created"] == 1

    response = api.get("/api/v1/interactions?from=2026-03-01T21:48:10%2B17:56")

    assert response.status_code == 200
    assert [item["external_id"] for item in response.json()["items"]] == [late["external_id"]]
    cursor = _cursor({"s": "updated_at", "v": "2026-03-01T21:48:10+17:56", "d": True, "i": 1})
    assert api.get(f"/api/v1/interactions?sort=updated_at&cursor={cursor}").status_code == 200
