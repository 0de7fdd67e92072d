"""In Chromium, under the real Content-Security-Policy: the language switcher, two-factor enrolment and login."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from kohtaamo.workspaces.access import Role
from tests.factories import PASSWORD, person, workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def test_enrol_log_out_and_log_in_with_a_code_without_policy_violations(page, live_server):
    voima = workspace("voima", "Voima Sähkö")
    person("ville@voima.fi", voima, Role.AGENT)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/login/")
    # The language switcher works from app.js (no inline handler): choosing Swedish reloads in Swedish.
    page.locator("#lang-select").select_option("sv")
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    page.locator("#lang-select").select_option("en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("Email").fill("ville@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/w/voima/customers/$"))

    page.goto(f"{live_server.url}/account/two-factor/")
    expect(page.locator(".qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="ville@voima.fi")
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-factor login").click()
    expect(page.get_by_text("Two-factor login is on.")).to_be_visible()

    page.locator(".usermenu summary").click()  # the account menu holds Account and Log out
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("ville@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/login/code/$"))
    device.refresh_from_db()
    page.get_by_label("Code from your authenticator app").fill(current_code(device, offset_steps=1))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/w/voima/customers/$"))
    assert violations == []
