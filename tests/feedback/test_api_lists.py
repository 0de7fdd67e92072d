"""Survey responses and answers out through the API: cursor pages, filters, scoping, exports."""

import json

import pytest

from kohtaamo.feedback.models import Answer, FollowUp, Response
from kohtaamo.feedback.services.followups import follow_up_record
from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.workspaces.services import api_token_create
from tests.paging import every

from .conftest import answer, interaction


def answer_record(n: int, score: int, **overrides) -> dict:
    return {"external_id": f"r-{n}", "answered_at": f"2026-03-0{1 + n % 5}T10:00:00+02:00", "type": "nps",
            "value": score, **overrides}  # fmt: skip


def test_responses_page_through_once_with_their_answers_and_filter_by_time(api, voima, linkki):
    report = responses_import(workspace=voima, records=enumerate(answer_record(n, n % 11) for n in range(12)))
    responses_import(workspace=linkki, records=enumerate([answer_record(99, 3)]))
    assert Response.objects.filter(workspace=voima).count() == 12, report
    seen = every(api, "/api/v1/responses?limit=5&sort=answered_at")
    assert len({r["id"] for r in seen}) == 12 and all(r["answers"][0]["scale"] == "nps_0_10" for r in seen)
    window = api.get("/api/v1/responses?from=2026-03-02T00:00:00%2B02:00&to=2026-03-03T00:00:00%2B02:00").json()
    assert {r["answered_at"][:10] for r in window["items"]} == {"2026-03-02"}
    theirs = Response.objects.get(workspace=linkki)
    assert api.get(f"/api/v1/responses/{theirs.pk}").status_code == 404
    answers = b"".join(api.get("/api/v1/answers/export?scale=nps_0_10").streaming_content).splitlines()
    assert len(answers) == Answer.objects.filter(workspace=voima).count() == 12
    assert {json.loads(line)["response_id"] for line in answers} <= {r["id"] for r in seen}
    assert api.get("/api/v1/responses?completed=maybe").status_code == 400


def detractors(survey, voima, people, n: int) -> list[FollowUp]:
    """``n`` detractors' answers about contacts of Leena's team: a follow-up each, assigned to Leena."""
    for _ in range(n):
        answer(survey, interaction(voima, lead=people["leena"]), csat=1, nps=2)
    return list(FollowUp.objects.of(voima).order_by("pk"))


def test_follow_ups_page_through_once_and_filter_by_status_assignee_and_update(api, voima, people, survey):
    follow_ups = detractors(survey, voima, people, 7)
    assert len(follow_ups) == 7 and {f.assignee for f in follow_ups} == {people["leena"]}
    follow_up_record(follow_up=follow_ups[0], user=people["leena"], outcome="resolved", notes="Soitettu")
    FollowUp.objects.filter(pk=follow_ups[1].pk).update(assignee=people["cecilia"])
    for sort in ("id", "-due_at", "updated_at", "-created_at"):
        seen = every(api, f"/api/v1/follow-ups?limit=3&sort={sort}")
        assert sorted(f["id"] for f in seen) == [f.pk for f in follow_ups], sort

    def ids(query):
        return sorted(f["id"] for f in api.get(f"/api/v1/follow-ups?{query}").json()["items"])

    assert ids("status=done") == [follow_ups[0].pk]
    assert len(ids("status=open")) == 6
    assert ids(f"assignee={people['cecilia'].pk}") == [follow_ups[1].pk]
    done = api.get(f"/api/v1/follow-ups/{follow_ups[0].pk}").json()
    assert (done["outcome"], done["notes"], done["closed_by_id"]) == ("resolved", "Soitettu", people["leena"].pk)
    assert ids(f"updated_since={done['updated_at'].replace('+', '%2B')}") == [follow_ups[0].pk]
    assert ids("updated_since=2999-01-01T00:00:00Z") == []
    lines = b"".join(api.get("/api/v1/follow-ups/export?status=open").streaming_content).splitlines()
    assert len(lines) == 6


def test_another_workspaces_follow_up_is_404_and_never_listed(api, voima, linkki, people):
    theirs = answer(survey_create_standard(workspace=linkki), interaction(linkki), csat=1, nps=0)
    [follow_up] = FollowUp.objects.filter(workspace=linkki)
    assert theirs.workspace == linkki
    assert api.get(f"/api/v1/follow-ups/{follow_up.pk}").status_code == 404
    assert api.get("/api/v1/follow-ups").json()["items"] == []


def test_a_read_only_token_reads_follow_ups(client, voima, people, survey):
    [follow_up] = detractors(survey, voima, people, 1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(workspace=voima, name='bi', read_only=True)[1]}"}
    assert client.get("/api/v1/follow-ups", **auth).json()["items"][0]["id"] == follow_up.pk
    assert client.get(f"/api/v1/follow-ups/{follow_up.pk}", **auth).status_code == 200


@pytest.mark.parametrize("query", ["status=closed", "assignee=0", "assignee=me", "updated_since=yesterday",
                                   "sort=reason", "limit=501"])  # fmt: skip
def test_bad_follow_up_filters_are_400_json(api, voima, query):
    refused = api.get(f"/api/v1/follow-ups?{query}")
    assert refused.status_code == 400 and "detail" in refused.json()
