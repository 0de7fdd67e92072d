"""Limits: bodies and uploads have a stated size, every number a range, every computation a bound."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kohtaamo.inputs import uploads
from kohtaamo.operations.models import ShiftPattern
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Team
from tests.factories import login, record, token_for


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def transcript(lines: int) -> list[dict]:
    return [
        {"at": f"2026-03-02T09:{i:02d}:00+02:00", "speaker": "agent" if i % 2 else "customer",
         "text": "Hei, soitan laskustani, joka on mielestäni liian suuri tälle kuukaudelle. " * 2}
        for i in range(lines)
    ]  # fmt: skip


def test_a_batch_of_1000_records_with_25_line_transcripts_fits_the_limit(api, voima, settings):
    records = [record(external_id=f"t-{i}", transcript=transcript(25)) for i in range(1000)]
    body = json.dumps(records, ensure_ascii=False).encode()
    assert 4_000_000 < len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api.post("/api/v1/interactions", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["created"] == 1000
    assert Interaction.objects.filter(workspace=voima).count() == 1000


def test_a_body_over_the_limit_is_a_json_413_that_states_the_limit(api, settings):
    body = b"[" + b" " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b"]"
    for url in ("/api/v1/interactions", "/api/v1/responses", "/api/v1/incidents", "/api/v1/staffing/calculate"):
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 413, url
        assert response.json()["limit"] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes" in response.json()["detail"]


def test_a_form_post_over_the_limit_is_a_413_page(client, people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    login(client, people["cecilia"])
    response = client.post("/w/voima/journeys/personas/", {"name": "x" * 20_000, "rules": ""})
    assert response.status_code == 413 and "10,000 bytes" in response.content.decode()


def test_an_upload_over_the_cap_is_stopped_with_a_413_and_a_small_one_is_imported(client, people, plan, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 64 * 1024)
    Team.objects.create(workspace=plan.workspace, key="hki", name="Helsinki")
    login(client, people["leena"])
    url = f"/w/voima/operations/plans/{plan.pk}/shifts/import/"
    rows = b"team,weekdays,start,end,heads\n" + b"hki,0-4,08:00,16:00,5\n" * 10_000
    response = client.post(url, {"file": SimpleUploadedFile("shifts.csv", rows)})
    assert response.status_code == 413 and "65,536 bytes" in response.content.decode()
    assert not ShiftPattern.objects.exists()
    small = SimpleUploadedFile("shifts.csv", b"team,weekdays,start,end,heads\nhki,0-4,08:00,16:00,5\n")
    assert client.post(url, {"file": small}).status_code == 302
    assert ShiftPattern.objects.count() == 1


STAFF = {"volume": 120, "aht_seconds": 300}


@pytest.mark.parametrize(
    "change",
    [
        {"aht_seconds": 5e20},
        {"aht_seconds": 0},
        {"volume": -1},
        {"volume": 1e12},
        {"interval_minutes": 0},
        {"sl": 1.5},
        {"sl_seconds": 1e9},
        {"max_occupancy": 0},
        {"shrinkage": 1},
        {"shrinkage": {"breaks": 2}},
        {"patience_seconds": -5},
        {"concurrency": 10_000},
        {"agents": 10**12},
        {"asa_seconds": 1e30},
        {"max_abandonment": 7},
        {"volume": 10_000_000, "aht_seconds": 86400, "interval_minutes": 1},  # each in range, the load is not
    ],
)
def test_every_staffing_input_has_a_range_and_the_answer_is_quick(api, change):
    started = time.monotonic()
    response = api.post("/api/v1/staffing/calculate", {**STAFF, **change}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert time.monotonic() - started < 5


def test_the_staffing_calculation_still_answers_in_range(api):
    response = api.post("/api/v1/staffing/calculate", STAFF, content_type="application/json")
    assert response.status_code == 200 and response.json()["agents"] > 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/customers?limit=1827454975360471400448",
        "/api/v1/customers?limit=0",
        "/api/v1/customers?limit=²",
        "/api/v1/customers?limit=501",
        "/api/v1/customers?cursor=not-a-cursor",
        "/api/v1/interactions?from=yesterday",
        "/api/v1/interactions?channel=pigeon",
        "/api/v1/interactions?sort=transcript",
        "/api/v1/interactions?customer=99999999999999999999999",
        "/api/v1/customers/99999999999999999999999",
        "/api/v1/customers/99999999999999999999999/timeline",
        "/api/v1/operations/plans/99999999999999999999999/intervals",
        "/api/v1/metrics/nps?agent=²",
        "/api/v1/metrics/nps?team=99999999999999999999999",
        "/api/v1/metrics/nps?queue=٣",
    ],
)
def test_out_of_range_or_non_ascii_numbers_in_the_url_are_400(api, url):
    response = api.get(url)
    assert response.status_code == 400, (url, response.content)
    assert response.json()["detail"]


def test_the_openapi_document_lists_400_413_and_422_on_every_operation(api):
    document = api.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"400", "413", "422"} <= set(map(str, operation["responses"])), (method, path)
    body = document["components"]["schemas"]["StaffIn"]["properties"]["aht_seconds"]
    assert body["exclusiveMinimum"] == 0 and body["maximum"] == 86400
