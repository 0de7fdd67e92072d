"""Survey responses and answers out through the API: cursor pages, filters, scoping, exports."""

import json

import pytest

from kohtaamo.feedback.models import Answer, Response
from kohtaamo.feedback.services.imports import responses_import
from tests.factories import token_for


def answer_record(n: int, score: int, **overrides) -> dict:
    return {"external_id": f"r-{n}", "answered_at": f"2026-03-0{1 + n % 5}T10:00:00+02:00", "type": "nps",
            "value": score, **overrides}  # fmt: skip


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def test_responses_page_through_once_with_their_answers_and_filter_by_time(api, voima, linkki):
    report = responses_import(workspace=voima, records=enumerate(answer_record(n, n % 11) for n in range(12)))
    responses_import(workspace=linkki, records=enumerate([answer_record(99, 3)]))
    assert Response.objects.filter(workspace=voima).count() == 12, report
    seen, cursor = [], ""
    while True:
        body = api.get(f"/api/v1/responses?limit=5&sort=answered_at{cursor}").json()
        seen += body["items"]
        if not body["next_cursor"]:
            break
        cursor = f"&cursor={body['next_cursor']}"
    assert len({r["id"] for r in seen}) == 12 and all(r["answers"][0]["scale"] == "nps_0_10" for r in seen)
    window = api.get("/api/v1/responses?from=2026-03-02T00:00:00%2B02:00&to=2026-03-03T00:00:00%2B02:00").json()
    assert {r["answered_at"][:10] for r in window["items"]} == {"2026-03-02"}
    theirs = Response.objects.get(workspace=linkki)
    assert api.get(f"/api/v1/responses/{theirs.pk}").status_code == 404
    answers = b"".join(api.get("/api/v1/answers/export?scale=nps_0_10").streaming_content).splitlines()
    assert len(answers) == Answer.objects.filter(workspace=voima).count() == 12
    assert {json.loads(line)["response_id"] for line in answers} <= {r["id"] for r in seen}
    assert api.get("/api/v1/responses?completed=maybe").status_code == 400
