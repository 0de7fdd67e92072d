"""Coaching: sessions linked to evaluations and questions; later evaluations show improvement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.quality.models import CoachingSession
from kohtaamo.quality.selectors.coaching import coaching_progress
from kohtaamo.quality.selectors.plan import quality_plan
from kohtaamo.quality.services.sampling import quality_plan_update
from kohtaamo.quality.services.sessions import coaching_session_create
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import GOOD, POOR
from .factories import submitted


def ago(days):
    return (timezone.now() - timedelta(days=days)).isoformat()


@pytest.fixture
def coached(voima, people, org, scorecard):
    before = [submitted(voima, scorecard, people["kalle"], "A1", POOR, started_at=ago(d)) for d in (30, 29)]
    session = coaching_session_create(agent=org["ville"], coach=people["leena"], goal="Greet every caller",
                                      evaluations=before, question_ids=["greeting"],
                                      held_at=timezone.now() - timedelta(days=20))  # fmt: skip
    return session


def test_later_evaluations_show_the_coached_question_improved(voima, people, scorecard, coached):
    for days in (10, 5, 1):
        submitted(voima, scorecard, people["kalle"], "A1", GOOD, started_at=ago(days))
    [progress] = coaching_progress(actor=Actor(people["leena"], voima, "team_lead"), session=coached)
    assert (progress.before.value, progress.before.n, progress.after.value, progress.after.n) == (0, 2, 100, 3)
    assert progress.verdict == "improved"


def test_without_later_evaluations_it_is_too_early(voima, people, coached):
    [progress] = coaching_progress(actor=Actor(people["leena"], voima, "team_lead"), session=coached)
    assert progress.verdict == "too_early"


def test_a_lead_records_a_session_from_the_agent_page(client, voima, people, org, scorecard):
    quality_plan_update(plan=quality_plan(actor=Actor.system(voima)), scorecard=scorecard)
    response = login(client, people["leena"]).post(
        f"/w/voima/quality/agents/{org['ville'].pk}/coaching/",
        {"goal": "Warmer tone", "questions": ["tone"], "follow_up_on": "2030-01-31"},
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert session.question_ids == ["tone"] and session.coach == people["leena"]


def test_the_agent_sees_their_coaching_but_cannot_coach(client, people, org, coached):
    client = login(client, people["ville"])
    assert "Greet every caller" in client.get("/w/voima/quality/mine/").content.decode()
    response = client.post(f"/w/voima/quality/agents/{org['ville'].pk}/coaching/", {"goal": "x"})
    assert response.status_code == 403


def test_a_lead_cannot_coach_another_teams_agent(client, people, org):
    response = login(client, people["leena"]).post(
        f"/w/voima/quality/agents/{org['vilja'].pk}/coaching/", {"goal": "x"}
    )
    assert response.status_code == 404


def test_the_coached_questions_read_as_the_scorecard_words_them_not_as_their_ids(
    client, voima, people, org, scorecard, coached
):
    quality_plan_update(plan=quality_plan(actor=Actor.system(voima)), scorecard=scorecard)
    html = login(client, people["ville"]).get("/w/voima/quality/mine/").content.decode()

    assert "<td>Greeted the customer</td>" in html
    assert "<td>greeting</td>" not in html
