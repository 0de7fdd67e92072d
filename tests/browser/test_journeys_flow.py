"""A CX manager builds a journey map, opens a pain point and turns it into an action."""

import re

import pytest
from playwright.sync_api import expect

from kohtaamo.journeys.models import Action, StageTouchpoint
from kohtaamo.journeys.services import touchpoint_save
from kohtaamo.workspaces.access import Role
from tests.factories import PASSWORD, ingest, person, workspace
from tests.journeys.conftest import contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voima_with_history():
    voima = workspace("voima", "Voima Sähkö")
    person("cecilia@voima.fi", voima, Role.CX_MANAGER)
    touchpoint_save(workspace=voima, name="Outage SMS", channel="sms", kind="digital")
    ingest(
        voima,
        contact("pekka", "chat", 2, contact_reason="laskutus", outcome="unresolved"),
        contact("pekka", "phone", 1, contact_reason="laskutus", outcome="escalated", wait_seconds=900),
    )
    return voima


def test_build_a_journey_open_a_pain_point_and_create_an_action(page, live_server, voima_with_history):
    page.goto(f"{live_server.url}/login/?next=/w/voima/journeys/")
    page.get_by_label("Email").fill("cecilia@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/w/voima/journeys/$"))

    page.get_by_label("Name", exact=True).fill("Power outage")
    page.get_by_label("Stages (comma-separated, in order)").fill("Warning, Outage, Notification, Restoration")
    page.get_by_role("button", name="Create journey map").click()
    expect(page.get_by_role("heading", name="Power outage")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Restoration")).to_be_visible()

    cell = page.get_by_role("button", name="Outage SMS in Notification")
    cell.click()
    expect(page.get_by_role("button", name="Outage SMS in Notification")).to_have_attribute("aria-pressed", "true")
    assert StageTouchpoint.objects.filter(stage__name="Notification").count() == 1

    page.get_by_role("link", name="Pain points").first.click()
    page.get_by_label("By").select_option("reason")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="laskutus").click()
    expect(page.get_by_role("heading", name="Pain point: laskutus")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Asiakas|Customer|\\(no name\\)")).first).to_be_visible()

    page.get_by_role("link", name="Create action").click()
    expect(page.get_by_label("Only contact reason")).to_have_value("laskutus")
    page.get_by_label("Hypothesis").fill("A clearer invoice stops repeat calls.")
    page.get_by_label("Target value").fill("10")
    page.get_by_role("button", name="Create action").click()
    expect(page.get_by_text("Not done yet")).to_be_visible()
    action = Action.objects.get()
    assert action.metric_filter == {"contact_reason": "laskutus"} and action.baseline_n == 2
