"""survey_scores_for_interactions: the customer's score per interaction, the one read quality and journeys use."""

import pytest

from kohtaamo.feedback.selectors.scores import survey_scores_for_interactions
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent
from tests.feedback.conftest import answer, interaction


def scores(workspace, ids, metric):
    return survey_scores_for_interactions(actor=Actor.system(workspace), interaction_ids=ids, metric=metric)


def test_it_gives_the_csat_and_nps_of_answered_interactions(voima, survey, contact):
    unanswered = interaction(voima)
    answer(survey, contact, csat=4, nps=9)
    ids = [contact.pk, unanswered.pk]
    assert scores(voima, ids, "csat") == {contact.pk: 4.0}
    assert scores(voima, ids, "nps") == {contact.pk: 9.0}


def test_an_interaction_answered_without_nps_has_no_nps(voima, survey, contact):
    answer(survey, contact, csat=2)
    assert scores(voima, [contact.pk], "nps") == {}


def test_another_workspaces_answers_are_not_given(voima, linkki, survey, contact):
    answer(survey, contact, csat=5)
    assert scores(linkki, [contact.pk], "csat") == {}


def test_it_refuses_an_unknown_metric(voima):
    with pytest.raises(ValueError, match="metric"):
        scores(voima, [1], "ces_1_5")


def test_ces_is_read_from_the_ces_1_7_answers(voima, survey, contact):
    answer(survey, contact, csat=4, ces=6)
    assert scores(voima, [contact.pk], "ces") == {contact.pk: 6}


def test_the_latest_answer_about_an_interaction_counts(voima, survey, contact):
    answer(survey, contact, csat=2)
    answer(survey_create_standard(workspace=voima, key="again"), contact, csat=5)
    assert scores(voima, [contact.pk], "csat") == {contact.pk: 5}


def test_scores_imported_with_an_interaction_fill_the_gaps_when_they_are_whole_numbers_on_the_scale(voima, survey):
    answered = interaction(voima, attributes={"csat": 1})
    answer(survey, answered, csat=4)
    imported = interaction(voima, attributes={"csat": 3, "nps": 9})
    odd = [interaction(voima, attributes={"csat": value}) for value in ("4", True, 3.5, 7)]
    ids = [answered.pk, imported.pk, *(i.pk for i in odd)]
    assert scores(voima, ids, "csat") == {answered.pk: 4, imported.pk: 3}
    assert scores(voima, ids, "nps") == {imported.pk: 9}


def test_an_agent_is_given_only_the_answers_about_their_own_contacts(voima, survey, contact, people):
    Agent.objects.filter(workspace=voima, key="ville").update(user=people["ville"])
    answer(survey, contact, csat=4)
    ville = Actor(people["ville"], voima, "agent")
    kalle = Actor(people["kalle"], voima, "agent")
    assert survey_scores_for_interactions(actor=ville, interaction_ids=[contact.pk], metric="csat") == {contact.pk: 4}
    assert survey_scores_for_interactions(actor=kalle, interaction_ids=[contact.pk], metric="csat") == {}
