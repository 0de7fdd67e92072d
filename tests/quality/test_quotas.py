"""Quotas: done / due / overdue per agent and team in a period; the evaluator's queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.quality.periods import period_of
from kohtaamo.quality.selectors.plan import quality_plan
from kohtaamo.quality.selectors.quotas import quota_board
from kohtaamo.quality.services.evaluations import evaluation_start
from kohtaamo.quality.services.sampling import quality_plan_update
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import call
from .factories import submitted


@pytest.fixture
def plan(voima, scorecard):
    return quality_plan_update(plan=quality_plan(actor=Actor.system(voima)), scorecard=scorecard, per_agent=2)


def board(voima, user, plan, period):
    rows, teams = quota_board(actor=Actor(user, voima, "cx_manager"), plan=plan, period=period)
    return {r.agent.name: (r.done, r.in_progress, r.due, r.status) for r in rows}, {t.team: t for t in teams}


def test_the_default_plan_is_four_per_calendar_month(voima):
    plan = quality_plan(actor=Actor.system(voima))
    assert (plan.per_agent, plan.period) == (4, "month")


def test_done_due_and_in_progress_this_period(voima, people, org, scorecard, plan):
    submitted(voima, scorecard, people["kalle"], "A1")
    submitted(voima, scorecard, people["kalle"], "A1")
    submitted(voima, scorecard, people["kalle"], "A2")
    evaluation_start(interaction=call(voima, "A2"), version=scorecard.current, evaluator=people["kalle"])
    rows, teams = board(voima, people["cecilia"], plan, period_of(voima, "month"))
    assert rows["Ville"][:3] == (2, 0, 0) and rows["Ville"][3] == "met"
    assert rows["Veera"][:3] == (1, 1, 1)
    assert rows["Vilja"][:3] == (0, 0, 2)
    assert (teams["Helsinki"].done, teams["Helsinki"].due, teams["Helsinki"].target) == (3, 1, 4)


def test_a_missed_target_in_an_ended_period_is_overdue(voima, people, org, scorecard, plan):
    forty_days_ago = timezone.now() - timedelta(days=40)
    submitted(voima, scorecard, people["kalle"], "A1", started_at=forty_days_ago.isoformat())
    rows, teams = board(voima, people["cecilia"], plan, period_of(voima, "month", forty_days_ago.date()))
    assert rows["Ville"][:3] == (1, 0, 1) and rows["Ville"][3] == "overdue"
    assert rows["Vilja"][3] == "overdue" and teams["Vaasa"].overdue == 1


def test_self_and_calibration_evaluations_do_not_count(voima, people, org, scorecard, plan):
    submitted(voima, scorecard, people["ville"], "A1", kind="self")
    rows, _teams = board(voima, people["cecilia"], plan, period_of(voima, "month"))
    assert rows["Ville"][0] == 0


def test_the_quota_page_shows_an_agent_only_their_own_row(client, voima, people, org, plan):
    page = login(client, people["ville"]).get("/w/voima/quality/quotas/").content.decode()
    assert "Ville" in page and "Veera" not in page


def test_my_queue_lists_my_drafts_and_the_shared_pool(client, voima, people, org, scorecard):
    evaluation_start(interaction=call(voima, "A1"), version=scorecard.current, evaluator=people["kalle"])
    pooled = evaluation_start(interaction=call(voima, "A3"), version=scorecard.current, evaluator=None)
    client = login(client, people["kalle"])
    page = client.get("/w/voima/quality/queue/").content.decode()
    assert "Ville" in page and "Vilja" in page and "Take" in page
    response = client.post(f"/w/voima/quality/evaluations/{pooled.pk}/claim/")
    pooled.refresh_from_db()
    assert response.status_code == 302 and pooled.evaluator == people["kalle"]
