"""The public survey page at /s/<token>/: steps, language, pre-fill, single use, expiry, rate limit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.models import Answer, FollowUp, Invitation
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.views import public


@pytest.fixture
def invitation(survey, contact):
    """An English-speaking customer's invitation (the page speaks the customer's language)."""
    created = invitation_create(survey=survey, interaction=contact)
    created.language = "en"
    created.save()
    return created


def url(invitation, suffix=""):
    return f"/s/{invitation.token}/{suffix}"


def answer_all(client, invitation, values):
    for step, (key, value) in enumerate(values):
        client.post(url(invitation), {"step": step, key: value, "action": "next"})


STANDARD = [("csat", "2"), ("ces", "3"), ("resolved", "no"), ("nps", "4"), ("comment", "Jonotin <b>tunnin</b>")]


def test_it_needs_no_login_and_speaks_the_customers_language(client, invitation):
    invitation.language = "sv"
    invitation.save()
    page = client.get(url(invitation))
    assert page.status_code == 200
    assert 'lang="sv"' in page.text
    assert "Hur nöjd var du med servicen" in page.text


def test_a_score_link_prefills_the_first_question(client, invitation):
    page = client.get(url(invitation) + "?csat=4")
    assert 'id="csat-4" name="csat" value="4" checked>' in page.text


def test_answering_every_step_stores_one_row_per_answer_and_thanks(client, invitation):
    answer_all(client, invitation, STANDARD)
    assert client.get(url(invitation, "thanks/")).status_code == 200
    answers = {a.question_key: a for a in Answer.objects.all()}
    assert (answers["csat"].value, answers["csat"].scale, answers["csat"].question_type) == (2, "csat_1_5", "csat")
    assert answers["resolved"].choice == "no" and answers["comment"].text == "Jonotin <b>tunnin</b>"
    assert answers["nps"].agent_id == invitation.agent_id and answers["nps"].channel == "phone"
    assert Invitation.objects.get().status == Invitation.Status.COMPLETED


def test_a_partial_answer_is_kept(client, invitation):
    client.post(url(invitation), {"step": 0, "csat": "5", "action": "next"})
    assert Answer.objects.get().value == 5
    assert Invitation.objects.get().status == Invitation.Status.STARTED


def test_an_out_of_range_score_is_refused_with_a_message(client, invitation):
    page = client.post(url(invitation), {"step": 0, "csat": "9", "action": "next"})
    assert page.status_code == 422
    assert "Choose a number from 1 to 5." in page.text
    assert not Answer.objects.exists()


def test_the_required_first_question_must_be_answered(client, invitation):
    page = client.post(url(invitation), {"step": 0, "action": "next"})
    assert page.status_code == 422 and "Please answer this question." in page.text


def test_a_used_link_says_so_and_a_double_submit_stores_nothing_twice(client, invitation):
    answer_all(client, invitation, STANDARD)
    again = client.post(url(invitation), {"step": 4, "comment": "toinen kerta", "action": "next"})
    assert again.status_code == 302 and again["Location"].endswith("/thanks/")
    assert Answer.objects.get(question_key="comment").text == "Jonotin <b>tunnin</b>"
    page = client.get(url(invitation))
    assert page.status_code == 410 and "You have already answered" in page.text


def test_an_expired_link_says_so(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(url(invitation))
    assert page.status_code == 410 and "This survey has closed" in page.text


def test_an_unknown_token_is_a_clear_404(client, db):
    page = client.get("/s/not-a-real-token/")
    assert page.status_code == 404 and "Survey not found" in page.text


def test_it_is_rate_limited(client, invitation, monkeypatch):
    monkeypatch.setattr(public, "RATE_PER_TOKEN", 3)
    statuses = [client.get(url(invitation)).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429


def test_a_detractor_gets_a_follow_up_for_the_team_lead(client, invitation, people):
    answer_all(client, invitation, STANDARD)
    follow_up = FollowUp.objects.get()
    assert follow_up.assignee == people["leena"]
    assert follow_up.reason == "CSAT 2, NPS 4"
    assert follow_up.due_at > timezone.now()


def test_a_satisfied_customer_gets_no_follow_up(client, invitation):
    answer_all(client, invitation, [("csat", "5"), ("ces", "7"), ("resolved", "yes"), ("nps", "10"), ("comment", "")])
    assert not FollowUp.objects.exists()


def test_a_reopened_link_resumes_at_the_first_unanswered_question_with_earlier_answers(client, invitation):
    answer_all(client, invitation, STANDARD[:2])
    reopened = client.get(url(invitation))
    assert reopened.status_code == 200
    assert "Question 3 of 5" in reopened.text and "Was your issue resolved?" in reopened.text
    assert '<input type="hidden" name="step" value="2">' in reopened.text
    back = client.get(url(invitation) + "?step=1")
    assert 'id="ces-3" name="ces" value="3" checked>' in back.text
    first = client.get(url(invitation) + "?step=0")
    assert 'id="csat-2" name="csat" value="2" checked>' in first.text


def test_a_link_never_answered_opens_at_the_first_question(client, invitation):
    page = client.get(url(invitation))
    assert "Question 1 of 5" in page.text and '<input type="hidden" name="step" value="0">' in page.text


def test_a_score_link_opens_the_first_question_even_after_answers(client, invitation):
    answer_all(client, invitation, STANDARD[:2])
    page = client.get(url(invitation) + "?csat=5")
    assert "Question 1 of 5" in page.text and 'id="csat-5" name="csat" value="5" checked>' in page.text
