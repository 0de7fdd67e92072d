"""Staffing plans and scenarios out through the API: cursor pages, the date window, scoping, errors."""

from datetime import date, timedelta

import pytest

from kohtaamo.operations.services.plans import plan_create, scenario_create
from kohtaamo.workspaces.services import api_token_create
from tests.paging import every, exported


@pytest.fixture
def plans(voima):
    """Six monthly plans of 2026 (January to June; each from the 1st to the 28th) and a scenario of March."""
    made = [plan_create(workspace=voima, name=f"Kuukausi {m}", start_date=date(2026, m, 1),
                        end_date=date(2026, m, 28)) for m in range(1, 7)]  # fmt: skip
    return [*made, scenario_create(plan=made[2], name="Myrsky", volume_factor=1.3)]


@pytest.mark.parametrize("sort", ["id", "-start_date", "created_at"])
def test_plans_page_through_once_in_any_sort_order(api, plans, sort):
    items = every(api, f"/api/v1/operations/plans?limit=2&sort={sort}")
    assert sorted(p["id"] for p in items) == [p.pk for p in plans]
    starts = [(p["start_date"], p["id"]) for p in items]
    if sort == "-start_date":
        assert starts == sorted(starts, reverse=True)


def test_plans_filter_by_the_days_they_cover_and_by_their_base(api, plans):
    def names(query):
        return sorted(p["name"] for p in every(api, f"/api/v1/operations/plans?{query}"))

    # March 28 is March's last day; April 1 is the window's exclusive end.
    assert names("from=2026-03-28&to=2026-04-01") == ["Kuukausi 3", "Myrsky"]
    assert names("from=2026-03-29&to=2026-04-01") == []
    assert names("to=2026-02-01") == ["Kuukausi 1"]
    assert names("from=2026-06-28") == ["Kuukausi 6"]
    assert names(f"base={plans[2].pk}") == ["Myrsky"]
    scenario = api.get(f"/api/v1/operations/plans/{plans[-1].pk}").json()
    assert scenario["base_id"] == plans[2].pk and scenario["volume_factor"] == 1.3
    assert scenario["end_date"] == "2026-03-28"


def test_plans_export_as_json_lines_with_the_lists_filters(api, linkki, plans, monkeypatch):
    monkeypatch.setattr("kohtaamo.api_paging.EXPORT_CHUNK", 3)
    plan_create(workspace=linkki, name="Heidän", start_date=date(2026, 3, 1), end_date=date(2026, 3, 7))
    lines = exported(api, "/api/v1/operations/plans/export")
    assert [p["id"] for p in lines] == [p.pk for p in plans]
    assert lines == every(api, "/api/v1/operations/plans?limit=4")
    march = exported(api, "/api/v1/operations/plans/export?from=2026-03-28&to=2026-04-01")
    assert [p["name"] for p in march] == ["Kuukausi 3", "Myrsky"] and march[1]["base_id"] == plans[2].pk
    assert api.get("/api/v1/operations/plans/export?to=2026-02-30").status_code == 400


def test_another_workspaces_plan_is_404_and_never_listed(api, voima, linkki):
    theirs = plan_create(workspace=linkki, name="Heidän", start_date=date(2026, 3, 1),
                         end_date=date(2026, 3, 1) + timedelta(days=6))  # fmt: skip
    assert api.get(f"/api/v1/operations/plans/{theirs.pk}").status_code == 404
    assert api.get("/api/v1/operations/plans").json()["items"] == []


def test_a_read_only_token_reads_plans(client, voima, plans):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(workspace=voima, name='bi', read_only=True)[1]}"}
    assert len(client.get("/api/v1/operations/plans", **auth).json()["items"]) == len(plans)
    assert client.get(f"/api/v1/operations/plans/{plans[0].pk}", **auth).status_code == 200


@pytest.mark.parametrize("query", ["from=March", "to=2026-02-30", "base=0", "sort=name", "cursor=%%%"])
def test_bad_plan_filters_are_400_json(api, voima, query):
    refused = api.get(f"/api/v1/operations/plans?{query}")
    assert refused.status_code == 400 and "detail" in refused.json()
