"""Journeys read survey scores through the feedback app: CES comes from the CES 1–7 answers customers gave."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.journeys import services
from kohtaamo.journeys.frames import contact_frame, survey_scores
from kohtaamo.workspaces.access import Actor
from tests.feedback.conftest import answer, interaction
from tests.journeys.conftest import at


@pytest.fixture
def effort_answers(voima):
    """Three calls in the last four weeks, their customers answering CES 6, 4 and 5 (and CSAT, required)."""
    survey = survey_create_standard(workspace=voima)
    contacts = []
    for days_ago, ces in ((2, 6), (5, 4), (9, 5)):
        contact = interaction(voima, started_at=at(days_ago), ended_at=at(days_ago, hour=11))
        answer(survey, contact, csat=4, ces=ces)
        contacts.append(contact)
    return contacts


def test_the_ces_of_an_action_target_is_the_mean_of_the_ces_answers(voima, effort_answers):
    action = services.action_create(workspace=voima, title="Easier moving", metric="ces", metric_filter={})
    assert action.baseline_n == 3
    assert action.baseline == 5.0


def test_each_contact_has_the_ces_its_customer_gave(voima, effort_answers):
    now = timezone.now()
    frame = contact_frame(voima, since=now - timedelta(days=28), until=now)
    scores = dict(zip(frame.ids.tolist(), survey_scores(Actor.system(voima), frame, "ces").tolist(), strict=True))
    assert [scores[c.pk] for c in effort_answers] == [6.0, 4.0, 5.0]
