"""A working day per persona, in Chromium, on the demo's own data (built small for each test).

The waits are Playwright's ``expect`` with a long default timeout: CI runs these on two busy cores.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kohtaamo.demo import demo_build
from kohtaamo.demo.world import LED_TEAMS, PASSWORD
from kohtaamo.feedback.models import FollowUp, Invitation
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.journeys.models import Action
from kohtaamo.notify.models import ChannelConfig, Delivery, Incident
from kohtaamo.notify.services.outbox import deliveries_drain
from kohtaamo.quality.models import Dispute, Evaluation
from kohtaamo.timeline.models import Customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000  # ms


@pytest.fixture
def demo():
    with translation.override("en"):
        return demo_build(seed=7, fresh=True, scale=0.02)


@pytest.fixture
def page(page):
    page.set_default_timeout(WAIT)
    expect.set_options(timeout=WAIT)
    return page


def sign_in(page, live_server, who: str, path: str) -> None:
    page.goto(f"{live_server.url}/login/?next={path}")
    page.get_by_label("Email").fill(f"{who}@kohtaamo.demo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path.split("?")[0])))


def test_the_team_lead_closes_a_follow_up(page, live_server, demo):
    # This morning a customer of the lead's team answered the survey unhappy (the demo's older ones are done).
    invitation = (
        Invitation.objects.filter(workspace__slug="voima", response__isnull=True, team__key=LED_TEAMS["voima"])
        .order_by("-sent_at", "-pk")
        .first()
    )
    response_save(
        invitation=invitation, answers={"csat": "1", "nps": "2", "comment": "Kukaan ei auttanut."}, complete=True
    )
    follow_up = FollowUp.objects.get(response__invitation=invitation)
    sign_in(page, live_server, "lead", "/w/voima/feedback/follow-ups/")
    page.locator(f"tbody a[href$='/follow-ups/{follow_up.pk}/']").click()
    expect(page.get_by_text("Kukaan ei auttanut.")).to_be_visible()
    page.get_by_label("Outcome").select_option(index=1)
    page.get_by_label("Call-back notes").fill("Soitettu, lasku hyvitetään.")
    page.get_by_role("button", name="Record the call-back").click()
    expect(page.get_by_text("The call-back was recorded.")).to_be_visible()
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.called_back_at is not None


def test_the_evaluator_takes_a_sampled_call_listens_scores_and_sees_the_trend(page, live_server, demo):
    waiting = Evaluation.objects.get(
        workspace__slug="voima",
        evaluator__email="qa@kohtaamo.demo",
        status="draft",
        interaction__recording__isnull=False,
    )
    sign_in(page, live_server, "qa", "/w/voima/quality/queue/")
    page.locator(f"a[href$='/quality/evaluations/{waiting.pk}/']").click()
    expect(page.get_by_role("heading", name=re.compile("Evaluation of"))).to_be_visible()

    audio = page.locator("audio")
    expect(audio).to_be_visible()
    # The player really loads the call: the browser reads its length from the authenticated view.
    page.wait_for_function("document.querySelector('audio').readyState >= 1", timeout=WAIT)
    assert page.evaluate("document.querySelector('audio').duration") > 5
    expect(page.locator(".qa-interaction .transcript .who").first).to_have_text(waiting.agent.name)

    for question in page.locator(".qa-question").all():
        question.locator("input[type=radio]").last.check()
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Evaluation submitted.")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == "submitted" and waiting.total is not None

    page.goto(f"{live_server.url}/w/voima/quality/agents/{waiting.agent_id}/")
    expect(page.locator(".trend-table tbody tr").last).to_contain_text(f"{waiting.total:.1f}"[:2])
    expect(page.locator(f"a[href$='/quality/evaluations/{waiting.pk}/']")).to_be_visible()


def test_the_agent_acknowledges_one_evaluation_and_disputes_another(page, live_server, demo):
    first, second = Evaluation.objects.filter(
        workspace__slug="voima", agent__user__email="agent@kohtaamo.demo", status="submitted", kind="official"
    ).order_by("-interaction_at")[:2]
    sign_in(page, live_server, "agent", "/w/voima/quality/mine/")
    page.goto(f"{live_server.url}/w/voima/quality/evaluations/{first.pk}/")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("the evaluation is acknowledged")).to_be_visible()

    page.goto(f"{live_server.url}/w/voima/quality/evaluations/{second.pk}/")
    page.get_by_text("Dispute this evaluation").click()
    page.get_by_label("What is it about?").select_option(label="Kysymys arvioitu väärin")
    page.get_by_label("Why do you disagree?").fill("Tein yhteenvedon puhelun lopussa.")
    page.get_by_role("button", name="Send dispute").click()
    expect(page.get_by_text("Your dispute was sent to Jussi Heikkinen.")).to_be_visible()
    first.refresh_from_db()
    assert first.status == "acknowledged"
    assert Dispute.objects.get(evaluation=second, status="open").arbitrator.email == "qa@kohtaamo.demo"


def test_the_qa_lead_resolves_a_dispute_from_the_inbox(page, live_server, demo):
    sign_in(page, live_server, "qa", "/w/voima/quality/disputes/?mine=1")
    row = page.locator(".disputes-inbox tbody tr").first
    expect(row).to_contain_text("Kysymys arvioitu väärin")
    row.get_by_role("link", name="Decide").click()
    dispute = Dispute.objects.get(pk=int(page.url.rsplit("#dispute-", 1)[1]))
    item = page.locator(f"#dispute-{dispute.pk}")
    item.get_by_label("Decision explained to the agent").fill("Yhteenveto puuttui tallenteelta.")
    item.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("The dispute is resolved")).to_be_visible()
    dispute.refresh_from_db()
    assert dispute.status == "rejected" and dispute.resolved_by.email == "qa@kohtaamo.demo"

    page.goto(f"{live_server.url}/w/voima/quality/disputes/?status=resolved")
    expect(page.get_by_text("Yhteenveto puuttui tallenteelta.")).to_be_visible()


def test_a_journey_owner_turns_a_pain_point_into_an_action(page, live_server, demo):
    sign_in(page, live_server, "cx", "/w/voima/journeys/pain/")
    page.locator("table a[href*='/journeys/pain/']").first.click()
    expect(page.get_by_role("heading", name=re.compile("Pain point"))).to_be_visible()
    page.get_by_role("link", name="Create action").click()
    page.get_by_label("Hypothesis").fill("Selkeämpi lasku vähentää uusintasoittoja.")
    page.get_by_label("Target value").fill("10")
    before = Action.objects.count()
    page.get_by_role("button", name="Create action").click()
    expect(page.get_by_text("Not done yet")).to_be_visible()
    assert Action.objects.count() == before + 1


def test_the_cx_manager_reads_the_verdicts_and_tells_customers_of_an_outage(page, live_server, demo):
    sign_in(page, live_server, "cx", "/w/voima/feedback/")
    # The headline tiles lead with a plain verdict against the previous period; the drivers load after them.
    expect(page.locator(".tile-verdict").first).to_contain_text(
        re.compile("better|worse|no clear difference|too few to say")
    )
    expect(page.get_by_role("heading", name="Key drivers of NPS")).to_be_visible()
    expect(page.locator("section.card").filter(has_text="Key drivers of NPS").locator("tbody tr").first).to_be_visible()

    # An outage where both Finnish- and Swedish-speaking customers live: every text in both languages.
    # The suite runs at any hour: quiet hours would hold the SMS messages until the morning.
    ChannelConfig.objects.filter(workspace__slug="voima").update(quiet_hours=False)
    customers = Customer.objects.filter(workspace__slug="voima").exclude(postal_code="")
    by_language = {c.language: c.postal_code for c in customers.filter(language__in=("fi", "sv"))}
    page.goto(f"{live_server.url}/w/voima/incidents/new/")
    page.get_by_label("Kind").select_option("outage")
    page.get_by_label("Title (Finnish)").fill("Sähkökatko")
    page.get_by_label("Title (Swedish)").fill("Strömavbrott")
    page.get_by_label("Title (English)").fill("Power cut")
    page.get_by_label("Message (Finnish)").fill("Korjaamme vikaa.")
    page.get_by_label("Message (Swedish)").fill("Vi reparerar felet.")
    page.get_by_label("Message (English)").fill("We are repairing the fault.")
    page.get_by_label("Postal codes").fill(" ".join(sorted(set(by_language.values()))))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("Strömavbrott")
    page.get_by_role("button", name="Declare and notify").click()
    expect(page).to_have_url(re.compile(r"/w/voima/incidents/\d+/$"))
    incident = Incident.objects.filter(workspace__slug="voima").order_by("-pk").first()

    # What the worker does in the demo and in production: drain every channel's outbox.
    for config in ChannelConfig.objects.filter(workspace__slug="voima"):
        deliveries_drain(config=config)
    sent = Delivery.objects.filter(incident=incident, status=Delivery.Status.SENT)
    assert {"fi", "sv"} <= set(sent.values_list("language", flat=True))
    page.goto(f"{live_server.url}/w/voima/incidents/messages/")
    expect(page.get_by_text("Strömavbrott").first).to_be_visible()
    expect(page.get_by_text("Sähkökatko").first).to_be_visible()
    # The report lists it beside the earlier incidents, with the contacts the notifications avoided.
    page.goto(f"{live_server.url}/w/voima/incidents/report/")
    expect(page.locator("main table")).to_contain_text("Power cut")
    expect(page.locator("main table thead")).to_contain_text("Contacts avoided")
