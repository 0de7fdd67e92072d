"""A CX manager declares an outage: previews the message, sends it, and watches the progress."""

import re

import pytest
from playwright.sync_api import expect

from kohtaamo.notify.models import ChannelConfig, Delivery
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.workspaces.access import Role
from tests.factories import PASSWORD, ingest, person, record, workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voima():
    voima = workspace("voima", "Voima Sähkö")
    person("cecilia@voima.fi", voima, Role.CX_MANAGER)
    channel_config_set(workspace=voima, channel="email", mode=ChannelConfig.Mode.LOG, quiet_hours=False)
    ingest(voima, record(customer={"external_id": "C-1", "name": "Matti", "email": "matti@example.fi",
                                   "postal_code": "00530", "language": "fi"}))  # fmt: skip
    return voima


def test_declare_preview_and_send(page, live_server, voima):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("cecilia@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/w/voima/incidents/new/")
    page.get_by_label("Kind").select_option("outage")
    page.get_by_label("Title (Finnish)").fill("Sähkökatko Kalliossa")
    page.get_by_label("Postal codes").fill("00530")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("1 customer affected")
    expect(page.locator(".preview")).to_contain_text("Katko: Sähkökatko Kalliossa")
    page.get_by_role("button", name="Declare and notify").click()
    expect(page).to_have_url(re.compile(r"/w/voima/incidents/\d+/$"))
    expect(page.locator("#progress")).to_contain_text("0 of 1 messages done")
    assert Delivery.objects.get().channel == "email"
