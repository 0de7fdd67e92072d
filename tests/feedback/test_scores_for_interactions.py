"""survey_scores_for_interactions: the customer's CSAT/NPS per interaction, for the quality app."""

import pytest

from kohtaamo.feedback.selectors import survey_scores_for_interactions
from tests.feedback.conftest import answer, interaction


def test_it_gives_the_csat_and_nps_of_answered_interactions(voima, survey, contact):
    unanswered = interaction(voima)
    answer(survey, contact, csat=4, nps=9)
    ids = [contact.pk, unanswered.pk]
    assert survey_scores_for_interactions(workspace=voima, interaction_ids=ids, metric="csat") == {contact.pk: 4.0}
    assert survey_scores_for_interactions(workspace=voima, interaction_ids=ids, metric="nps") == {contact.pk: 9.0}


def test_an_interaction_answered_without_nps_has_no_nps(voima, survey, contact):
    answer(survey, contact, csat=2)
    assert survey_scores_for_interactions(workspace=voima, interaction_ids=[contact.pk], metric="nps") == {}


def test_another_workspaces_answers_are_not_given(voima, linkki, survey, contact):
    answer(survey, contact, csat=5)
    assert survey_scores_for_interactions(workspace=linkki, interaction_ids=[contact.pk], metric="csat") == {}


def test_it_refuses_an_unknown_metric(voima):
    with pytest.raises(ValueError, match="metric"):
        survey_scores_for_interactions(workspace=voima, interaction_ids=[1], metric="ces_1_5")
