"""Journey maps and improvement actions out through the API: cursor pages, filters, scoping, errors."""

import pytest

from kohtaamo.journeys import services
from kohtaamo.workspaces.services import api_token_create
from tests.paging import every, exported


def action(workspace, **fields):
    defaults = {"title": "Callback offer", "metric": "wait_seconds", "metric_filter": {"channel": "phone"}}
    return services.action_create(workspace=workspace, **{**defaults, **fields})


@pytest.fixture
def journeys(voima):
    """Five journeys, the first for a persona, with three stages and a touchpoint used in the second."""
    seniors = services.persona_save(workspace=voima, name="Seniors", rules="attributes.age_band = 65+")
    made = [services.journey_save(workspace=voima, name=f"Polku {n}", persona=seniors if n == 0 else None,
                                  stages=["Aware", "Join", "Use"]) for n in range(5)]  # fmt: skip
    web = services.touchpoint_save(workspace=voima, name="Web form", channel="web")
    services.stage_cell_toggle(stage=made[0].stages.get(name="Join"), touchpoint=web)
    return made


@pytest.mark.parametrize("sort", ["id", "-name", "created_at"])
def test_journeys_page_through_once_with_their_stages(api, journeys, sort):
    items = every(api, f"/api/v1/journeys?limit=2&sort={sort}")
    assert sorted(j["id"] for j in items) == [j.pk for j in journeys]
    first = next(j for j in items if j["id"] == journeys[0].pk)
    assert [s["name"] for s in first["stages"]] == ["Aware", "Join", "Use"]
    assert [len(s["touchpoint_ids"]) for s in first["stages"]] == [0, 1, 0]
    if sort == "-name":
        assert [j["name"] for j in items] == sorted((j["name"] for j in items), reverse=True)


def test_journeys_filter_by_persona_and_get_one(api, journeys):
    persona = journeys[0].persona_id
    assert [j["id"] for j in every(api, f"/api/v1/journeys?persona={persona}")] == [journeys[0].pk]
    one = api.get(f"/api/v1/journeys/{journeys[0].pk}").json()
    assert one["persona_id"] == persona and len(one["stages"]) == 3


def test_actions_page_through_once_and_filter_by_status_and_journey(api, voima, journeys):
    made = [action(voima, title=f"Toimi {n}", journey=journeys[n % 2]) for n in range(7)]
    services.action_set_status(action=made[0], status="in_progress")
    services.action_set_status(action=made[3], status="in_progress")
    for sort in ("id", "-created_at"):
        assert sorted(a["id"] for a in every(api, f"/api/v1/actions?limit=3&sort={sort}")) == [a.pk for a in made]
    assert {a["id"] for a in every(api, "/api/v1/actions?status=in_progress")} == {made[0].pk, made[3].pk}
    assert len(every(api, f"/api/v1/actions?journey={journeys[1].pk}")) == 3
    assert every(api, f"/api/v1/actions?journey={journeys[1].pk}&status=in_progress") == [
        api.get(f"/api/v1/actions/{made[3].pk}").json()
    ]
    assert api.get(f"/api/v1/actions/{made[0].pk}").json()["priority"] == 3.0


def test_journeys_and_actions_export_as_json_lines_the_objects_of_the_list(api, voima, linkki, journeys, monkeypatch):
    monkeypatch.setattr("kohtaamo.api_paging.EXPORT_CHUNK", 2)  # several keyset steps, stages prefetched in each
    made = [action(voima, title=f"Toimi {n}", journey=journeys[n % 2]) for n in range(5)]
    action(linkki, journey=services.journey_save(workspace=linkki, name="Heidän polku"))
    lines = exported(api, "/api/v1/journeys/export")
    assert [j["id"] for j in lines] == [j.pk for j in journeys] and lines == every(api, "/api/v1/journeys?limit=3")
    seniors = exported(api, f"/api/v1/journeys/export?persona={journeys[0].persona_id}")
    assert [[s["name"] for s in j["stages"]] for j in seniors] == [["Aware", "Join", "Use"]]
    second = exported(api, f"/api/v1/actions/export?journey={journeys[1].pk}")
    assert [a["id"] for a in second] == [made[1].pk, made[3].pk]
    assert second[0] == api.get(f"/api/v1/actions/{made[1].pk}").json()
    assert exported(api, "/api/v1/actions/export?status=done") == []
    assert api.get("/api/v1/actions/export?status=someday").status_code == 400


def test_another_workspaces_journey_and_action_are_404_and_never_listed(api, voima, linkki):
    theirs = services.journey_save(workspace=linkki, name="Heidän polku")
    their_action = action(linkki, journey=theirs)
    assert api.get(f"/api/v1/journeys/{theirs.pk}").status_code == 404
    assert api.get(f"/api/v1/actions/{their_action.pk}").status_code == 404
    assert api.get("/api/v1/journeys").json()["items"] == []
    assert api.get(f"/api/v1/actions?journey={theirs.pk}").json()["items"] == []


def test_a_read_only_token_reads_journeys_and_actions(client, voima, journeys):
    made = action(voima)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(workspace=voima, name='bi', read_only=True)[1]}"}
    assert len(client.get("/api/v1/journeys", **auth).json()["items"]) == 5
    assert client.get(f"/api/v1/actions/{made.pk}", **auth).status_code == 200


@pytest.mark.parametrize("query", ["actions?status=someday", "actions?journey=x", "journeys?persona=-1",
                                   "journeys?sort=owner", "actions?limit=9999", "journeys/0"])  # fmt: skip
def test_bad_filter_values_are_400_json(api, voima, query):
    refused = api.get(f"/api/v1/{query}")
    assert refused.status_code == 400 and "detail" in refused.json()
