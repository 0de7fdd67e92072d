"""A customer answers a survey on a phone through the public page; the CX manager then sees it."""

import os
import re

import pytest
from playwright.sync_api import expect

from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Role
from tests.factories import PASSWORD, ingest, person, record, workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
# Set KOHTAAMO_SCREENSHOTS=/some/dir to keep screenshots of each step for a visual check.
SHOTS = os.environ.get("KOHTAAMO_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"feedback-{name}.png"), full_page=True)


@pytest.fixture
def invitation():
    voima = workspace("voima", "Voima Sähkö")
    person("cecilia@voima.fi", voima, Role.CX_MANAGER)
    from django.utils import timezone

    now = timezone.now()
    ingest(voima, record(external_id="call-1", agent="ville", team="kaakko", started_at=now.isoformat(),
                         customer={"external_id": "C-1", "name": "Matti", "language": "en"}))  # fmt: skip
    survey = survey_create_standard(workspace=voima)
    return invitation_create(survey=survey, interaction=Interaction.objects.get())


def test_a_customer_answers_on_a_phone_and_the_manager_sees_it(browser, live_server, invitation):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{invitation.token}/?csat=2")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("2", exact=True)).to_be_checked()
    shot(page, "1-csat-prefilled")
    page.get_by_role("button", name="Next").tap()

    expect(page.get_by_text("Question 2 of 5")).to_be_visible()
    page.get_by_label("3", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Next").tap()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").tap()
    shot(page, "2-nps")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Next").tap()
    page.get_by_label("What could we do better?").fill("The queue was <b>very</b> long")
    shot(page, "3-comment")
    page.get_by_role("button", name="Send").tap()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    shot(page, "4-thanks")

    page.goto(f"{live_server.url}/s/{invitation.token}/")
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = desk.new_page()
    page.goto(f"{live_server.url}/login/?next=/w/voima/feedback/")
    page.get_by_label("Email").fill("cecilia@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/w/voima/feedback/$"))
    expect(page.get_by_text("The queue was <b>very</b> long")).to_be_visible()
    expect(page.locator(".tile").first).to_contain_text("n = 1")
    expect(page.get_by_text("Key drivers of NPS")).to_be_visible()
    shot(page, "5-dashboard")
    desk.close()


def test_the_ces_scale_fits_one_row_on_a_390_px_phone(browser, live_server, invitation):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{invitation.token}/?step=1")
    boxes = page.locator(".scale-7 label")
    expect(boxes).to_have_count(7)
    tops = {round(boxes.nth(i).bounding_box()["y"]) for i in range(7)}
    right = boxes.nth(6).bounding_box()
    assert len(tops) == 1, f"the seven boxes wrap onto {len(tops)} rows"
    assert right["x"] + right["width"] <= PHONE["width"] and right["width"] >= 40  # a finger still fits


def test_the_survey_builder_keeps_each_questions_fields_apart_at_1440_px(browser, live_server, invitation):
    """An old grid rule put the type, key, required box and the three texts side by side over each other."""
    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("cecilia@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/w/voima/feedback/surveys/{invitation.survey_id}/")
    first = page.locator("#q-0")
    row, texts = first.locator(".fb-row").bounding_box(), first.locator(".fb-langs").bounding_box()
    assert row["y"] + row["height"] <= texts["y"], "the texts overlap the type and key"
    for code in ("fi", "sv", "en"):
        assert first.locator(f"#q-0-text-{code}").bounding_box()["width"] >= 150, code
