"""An evaluator scores an interaction end to end and the agent's month-by-month trend changes."""

import re

import pytest
from playwright.sync_api import expect

from kohtaamo.quality.services.evaluations import evaluation_save, evaluation_start
from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.models import Agent, Team
from tests.factories import PASSWORD, person, workspace
from tests.quality.conftest import GOOD, MINI_FORM, call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluation_to_do():
    voima = workspace("voima", "Voima Sähkö")
    kalle = person("kalle@voima.fi", voima, Role.QA_EVALUATOR)
    team = Team.objects.create(workspace=voima, key="hki", name="Helsinki")
    ville = Agent.objects.create(workspace=voima, key="A1", name="Ville Virtanen", team=team)
    scorecard = scorecard_create(workspace=voima, form_data=MINI_FORM)
    earlier = evaluation_start(interaction=call(voima, "A1"), version=scorecard.current, evaluator=kalle)
    evaluation_save(evaluation=earlier, answers=dict(GOOD), submit=True)
    transcript = [{"speaker": "customer", "text": "Laskussani on virhe"}, {"speaker": "agent", "text": "Katsotaan."}]
    evaluation_start(interaction=call(voima, "A1", transcript=transcript), version=scorecard.current, evaluator=kalle)
    return ville


def test_an_evaluator_scores_a_call_and_the_agents_trend_changes(page, live_server, evaluation_to_do):
    page.goto(f"{live_server.url}/login/?next=/w/voima/quality/agents/{evaluation_to_do.pk}/")
    page.get_by_label("Email").fill("kalle@voima.fi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    month = page.locator(".trend-table tbody tr").last
    expect(month).to_contain_text("100.0")
    expect(month).to_contain_text("n=1")
    expect(page.locator("div.chart .main-svg").first).to_be_visible()  # Plotly drew the trend

    page.goto(f"{live_server.url}/w/voima/quality/queue/")
    page.get_by_role("link", name="Evaluate").click()
    expect(page.get_by_text("Laskussani on virhe")).to_be_visible()
    page.locator("#question-greeting").get_by_label("No").check()
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Some questions need an answer")).to_be_visible()
    expect(page.locator("#question-tone")).to_contain_text("Choose an answer.")
    page.locator("#question-tone").get_by_label("3").check()
    page.locator("#question-identity").get_by_label("Yes").check()
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Evaluation submitted.")).to_be_visible()
    expect(page.locator(".total")).to_contain_text("33.3")

    page.goto(f"{live_server.url}/w/voima/quality/agents/{evaluation_to_do.pk}/")
    month = page.locator(".trend-table tbody tr").last
    expect(month).to_contain_text("66.7")
    expect(month).to_contain_text("n=2")
    expect(page.get_by_role("link", name=re.compile("Phone"))).to_have_count(2)
