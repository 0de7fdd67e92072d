"""Role scoping: agents see only their own, leads their team, evaluators what they evaluate; 403 and 404."""

import pytest

from kohtaamo.quality.selectors.plan import quality_plan
from kohtaamo.quality.selectors.scope import evaluations_visible
from kohtaamo.quality.services.evaluations import evaluation_start
from kohtaamo.quality.services.sampling import quality_plan_update
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import POOR, call
from .factories import submitted


@pytest.fixture
def evaluations(voima, people, org, scorecard):
    return {
        "ville": submitted(voima, scorecard, people["cecilia"], "A1"),
        "veera": submitted(voima, scorecard, people["cecilia"], "A2", POOR),
        "vilja": submitted(voima, scorecard, people["kalle"], "A3"),
    }


def visible(workspace, user, role):
    return set(evaluations_visible(Actor(user, workspace, role)).values_list("agent__name", flat=True))


def test_an_agent_sees_only_their_own_evaluations(client, people, evaluations):
    client = login(client, people["ville"])
    assert client.get(f"/w/voima/quality/evaluations/{evaluations['ville'].pk}/").status_code == 200
    assert client.get(f"/w/voima/quality/evaluations/{evaluations['veera'].pk}/").status_code == 404
    page = client.get("/w/voima/quality/mine/").content.decode()
    assert "Veera" not in page and "Vilja" not in page


def test_an_agent_does_not_see_a_draft_about_them(client, voima, people, org, scorecard):
    draft = evaluation_start(interaction=call(voima, "A1"), version=scorecard.current, evaluator=people["kalle"])
    assert login(client, people["ville"]).get(f"/w/voima/quality/evaluations/{draft.pk}/").status_code == 404


def test_a_team_lead_sees_their_team_only(voima, people, evaluations):
    assert visible(voima, people["leena"], "team_lead") == {"Ville", "Veera"}


def test_an_evaluator_sees_what_they_evaluated_and_their_assigned_teams(voima, people, org, evaluations):
    assert visible(voima, people["kalle"], "qa_evaluator") == {"Vilja"}
    quality_plan_update(plan=quality_plan(actor=Actor.system(voima)), assignments={org["helsinki"]: people["kalle"]})
    assert visible(voima, people["kalle"], "qa_evaluator") == {"Ville", "Veera", "Vilja"}


def test_managers_see_everything(voima, people, evaluations):
    assert visible(voima, people["cecilia"], "cx_manager") == {"Ville", "Veera", "Vilja"}


def test_reports_are_scoped_too(client, people, evaluations):
    page = login(client, people["leena"]).get("/w/voima/quality/reports/?by=agent").content.decode()
    assert "Veera" in page and "Vilja" not in page


@pytest.mark.parametrize(
    "path", ["queue/", "scorecards/", "plan/", "calibration/"], ids=["queue", "scorecards", "plan", "calibration"]
)
def test_agents_are_refused_evaluator_pages(client, people, path):
    assert login(client, people["ville"]).get(f"/w/voima/quality/{path}").status_code == 403


def test_a_team_lead_cannot_edit_scorecards(client, people, scorecard):
    assert login(client, people["leena"]).get(f"/w/voima/quality/scorecards/{scorecard.pk}/").status_code == 403


def test_another_workspace_is_not_found(client, people, evaluations):
    client = login(client, people["outi"])
    assert client.get(f"/w/linkki/quality/evaluations/{evaluations['ville'].pk}/").status_code == 404
    assert client.get("/w/voima/quality/reports/").status_code == 404


def test_an_agent_cannot_evaluate_a_colleague(client, voima, people, org, scorecard):
    interaction = call(voima, "A2")
    response = login(client, people["ville"]).post(
        "/w/voima/quality/evaluations/new/", {"interaction": interaction.pk, "scorecard": scorecard.pk}
    )
    assert response.status_code == 404


def test_an_agent_can_evaluate_themselves_apart_from_official_scores(client, voima, people, org, scorecard):
    interaction = call(voima, "A1")
    client = login(client, people["ville"])
    response = client.post(
        "/w/voima/quality/evaluations/new/", {"interaction": interaction.pk, "scorecard": scorecard.pk, "kind": "self"}
    )
    assert response.status_code == 302
    client.post(response["Location"], {"q-greeting": "1", "q-tone": "5", "q-identity": "1", "submit": ""})
    page = client.get("/w/voima/quality/mine/").content.decode()
    assert "Self-evaluation" not in page.split("Self-evaluations")[0].split("Official evaluations")[1]
    assert "No submitted evaluations yet." in page  # the self-evaluation is not in the trend


def test_login_is_required(client, voima):
    response = client.get("/w/voima/quality/reports/")
    assert response.status_code == 302 and "/login/" in response["Location"]
