"""A person logs in, searches a customer and sees every channel on one timeline."""

import re

import pytest
from playwright.sync_api import expect

from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.models import Agent
from tests.factories import PASSWORD, ingest, person, record, workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voima_with_matti():
    voima = workspace("voima", "Voima Sähkö")
    ville = person("ville@voima.fi", voima, Role.AGENT)
    matti = {"external_id": "C-1", "name": "Matti Virtanen"}
    ingest(
        voima,
        record(external_id="c", channel="chat", started_at="2026-03-01T10:00:00+02:00", contact_reason="invoice",
               case_ref="K-1", customer={**matti, "email": "matti@example.fi"}, agent={"id": "ville", "name": "Ville"},
               transcript=[{"speaker": "customer", "text": "<b>bold?</b> laskussa virhe"}]),
        record(external_id="p", channel="phone", started_at="2026-03-02T10:00:00+02:00", contact_reason="invoice",
               case_ref="K-1", customer={"phone": "040 123 4567", "email": "MATTI@example.fi"}),
        record(external_id="e", channel="email", started_at="2026-03-03T10:00:00+02:00", customer=matti),
        record(external_id="other", channel="sms", customer={"external_id": "C-2", "name": "Liisa Laine"}),
    )  # fmt: skip
    # Ville handled the chat, so he may read its transcript (agents read their own contacts' only).
    Agent.objects.of(voima).filter(key="ville").update(user=ville)
    return voima


def test_login_search_and_timeline(page, live_server, voima_with_matti):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("ville@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/w/voima/customers/$"))

    page.get_by_label("Search by name, email, phone or customer id").fill("+358 40 123 4567")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Matti Virtanen")).to_be_visible()
    expect(page.get_by_text("Liisa Laine")).to_have_count(0)
    page.get_by_role("link", name="Matti Virtanen").click()

    timeline = page.locator("ol.timeline")
    for channel in ("chat", "phone", "email"):
        expect(timeline.locator(f"li[data-channel='{channel}']")).to_have_count(1)
    expect(timeline.get_by_text("repeat contact")).to_be_visible()

    page.locator("li[data-channel='chat'] a").click()
    expect(page.get_by_text("<b>bold?</b> laskussa virhe")).to_be_visible()
    assert page.locator(".transcript b").count() == 0


def test_search_as_you_type_updates_the_list(page, live_server, voima_with_matti):
    page.goto(f"{live_server.url}/login/?next=/w/voima/customers/")
    page.get_by_label("Email").fill("ville@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Search by name, email, phone or customer id").press_sequentially("liisa", delay=30)
    expect(page.get_by_role("link", name="Liisa Laine")).to_be_visible()
    expect(page.get_by_role("link", name="Matti Virtanen")).to_have_count(0)
