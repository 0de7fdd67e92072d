"""A team lead opens a staffing plan, runs a storm scenario and sees the staffing gap grow."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from kohtaamo.operations.services import forecasts_build, plan_create, shift_create
from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.models import Team
from tests.factories import PASSWORD, ingest, person, workspace
from tests.operations.conftest import call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_plan():
    voima = workspace("voima", "Voima Sähkö")
    person("leena@voima.fi", voima, Role.TEAM_LEAD)
    records = []
    for day in range(21):
        moment = datetime(2026, 3, 2, 6, tzinfo=UTC) + timedelta(days=day)
        records += [call((moment + timedelta(minutes=m)).isoformat(), handle=400) for m in range(0, 240, 10)]
    ingest(voima, *records)
    start = date(2026, 3, 23)
    forecasts_build(workspace=voima, start=start, days=7)
    plan = plan_create(workspace=voima, name="Base", start_date=start, end_date=start + timedelta(days=6))
    team = Team.objects.get(workspace=voima, key="helsinki")
    shift_create(plan=plan, team=team, weekdays=[0, 1, 2, 3, 4, 5, 6], start_time=time(8), end_time=time(12), heads=3)
    return plan


def test_a_storm_scenario_widens_the_staffing_gap(page, live_server, base_plan):
    page.goto(f"{live_server.url}/login/?next=/w/voima/operations/plans/{base_plan.pk}/")
    page.get_by_label("Email").fill("leena@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Base")).to_be_visible()
    before = int(page.get_by_test_id("understaffed-hours").inner_text().replace(",", "").replace("\u00a0", ""))

    form = page.locator("#scenario-form")
    form.get_by_label("Scenario name").fill("Storm week")
    form.get_by_label("Volume change (%)").fill("100")
    form.get_by_role("button", name="Run scenario").click()

    expect(page).to_have_url(re.compile(r"/operations/compare/\?plans="))
    cells = page.locator("#comparison").get_by_test_id("understaffed-hours")
    expect(cells).to_have_count(2)
    numbers = [int(t.replace(",", "").replace("\u00a0", "")) for t in cells.all_inner_texts()]
    assert numbers[0] == before and numbers[1] > before
    expect(page.locator("#chart-compare .main-svg").first).to_be_visible()
