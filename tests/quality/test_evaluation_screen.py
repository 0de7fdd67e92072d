"""The evaluation screen: draft, submit with server-side scoring, errors per question, escaping."""

import pytest

from kohtaamo.quality.models import Evaluation, QuestionScore
from kohtaamo.quality.services.evaluations import evaluation_start
from tests.factories import login

from .conftest import call


@pytest.fixture
def draft(voima, people, org, scorecard):
    interaction = call(voima, "A1", transcript=[{"speaker": "customer", "text": "<script>alert(1)</script> hei"}])
    return evaluation_start(interaction=interaction, version=scorecard.current, evaluator=people["kalle"])


def url(evaluation, suffix=""):
    return f"/w/voima/quality/evaluations/{evaluation.pk}/{suffix}"


def test_it_shows_the_transcript_escaped_beside_the_form(client, people, draft):
    page = login(client, people["kalle"]).get(url(draft)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hei" in page
    assert "<script>alert(1)" not in page
    assert 'name="q-tone"' in page and "How the score is calculated" in page


def test_it_saves_an_incomplete_draft_without_scoring(client, people, draft):
    response = login(client, people["kalle"]).post(url(draft), {"q-greeting": "1", "c-greeting": "Nice", "save": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.answers == {"greeting": 1} and draft.total is None
    assert draft.comments == {"greeting": "Nice"}


def test_it_scores_on_the_server_when_submitted(client, people, draft):
    login(client, people["kalle"]).post(
        url(draft), {"q-greeting": "0", "q-tone": "3", "q-identity": "na", "overall_comment": "Ok", "submit": ""}
    )
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_at is not None
    assert draft.total == pytest.approx(100 / 3)
    assert draft.section_scores == {"service": pytest.approx(100 / 3)}
    scores = dict(QuestionScore.objects.filter(evaluation=draft).values_list("question_id", "passed"))
    assert scores == {"greeting": False, "tone": True, "identity": None}


def test_it_names_each_unanswered_question_and_keeps_the_answers(client, people, draft):
    response = login(client, people["kalle"]).post(url(draft), {"q-tone": "4", "submit": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count("Choose an answer.") == 2
    assert 'value="4" checked' in page
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_failed_critical_question_gives_zero(client, people, draft):
    login(client, people["kalle"]).post(url(draft), {"q-greeting": "1", "q-tone": "5", "q-identity": "0", "submit": ""})
    draft.refresh_from_db()
    assert draft.total == 0 and draft.result["failed_all"] is True


def test_a_submitted_evaluation_cannot_be_edited(client, people, draft):
    client = login(client, people["kalle"])
    client.post(url(draft), {"q-greeting": "1", "q-tone": "5", "q-identity": "1", "submit": ""})
    response = client.post(url(draft), {"q-greeting": "0", "q-tone": "1", "q-identity": "1", "submit": ""})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.total == 100


def test_another_evaluator_cannot_edit_my_draft(client, people, draft):
    response = login(client, people["aino"]).post(url(draft), {"q-greeting": "1", "q-tone": "5", "submit": ""})
    assert response.status_code == 404
    assert Evaluation.objects.get(pk=draft.pk).answers == {}


def test_an_evaluator_starts_an_evaluation_from_an_interaction_number(client, voima, people, org, scorecard):
    interaction = call(voima, "A2")
    response = login(client, people["kalle"]).post(
        "/w/voima/quality/evaluations/new/", {"interaction": interaction.pk, "scorecard": scorecard.pk}
    )
    evaluation = Evaluation.objects.get(interaction=interaction)
    assert response["Location"].endswith(url(evaluation))
    assert evaluation.kind == "official" and evaluation.agent == org["veera"] and evaluation.team == org["helsinki"]
