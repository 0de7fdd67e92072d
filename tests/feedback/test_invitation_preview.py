"""An invitation's preview: the message and survey page the customer gets, in their language, recording
nothing; the customer page's invitation count leads to it."""

import pytest

from kohtaamo.feedback.models import Answer, Invitation, Response
from kohtaamo.feedback.services.invitations import invitation_create
from tests.factories import login
from tests.feedback.conftest import answer, interaction


@pytest.fixture
def swedish(survey, contact):
    """A Swedish-speaking customer's invitation, with the first two questions answered."""
    invitation = answer(survey, contact, complete=False, csat=4, ces=6)
    Invitation.objects.filter(pk=invitation.pk).update(language="sv")
    return Invitation.objects.get(pk=invitation.pk)


def recorded():
    """Everything a visit to the survey could change."""
    rows = Invitation.objects.values_list("pk", "status", "sent_at", "reminded_at")
    answers = Answer.objects.values_list("question_key", "value", "answered_at")
    return list(rows), list(answers), Response.objects.count()


def test_the_preview_shows_the_message_and_the_page_in_the_customers_language(client, people, swedish):
    before = recorded()
    client = login(client, people["cecilia"])
    page = client.get(f"/w/voima/feedback/invitations/{swedish.pk}/")
    assert page.status_code == 200
    assert "A preview: looking at it records nothing" in page.text
    assert swedish.token in page.text  # the link as the email gives it
    assert "The link opens at question 3, the first not yet answered" in page.text
    frame = client.get(f"/w/voima/feedback/invitations/{swedish.pk}/page/")
    assert frame.status_code == 200 and frame.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert [t.name for t in frame.templates][0] == "feedback/public/survey.html"
    assert "Blev ditt ärende löst?" in frame.text and "disabled" in frame.text
    earlier = client.get(f"/w/voima/feedback/invitations/{swedish.pk}/page/?step=1")
    assert 'id="ces-6" name="ces" value="6" checked>' in earlier.text
    assert recorded() == before


def test_an_sms_invitation_shows_the_text_message(client, people, invited):
    before = recorded()
    page = login(client, people["cecilia"]).get(f"/w/voima/feedback/invitations/{invited.pk}/")
    assert page.status_code == 200
    assert "The SMS" in page.text and "Svara med en siffra 0–10" in page.text
    assert recorded() == before


def test_an_answered_invitation_previews_the_already_answered_page(client, people, survey, contact):
    invitation = answer(survey, contact, csat=5)
    client = login(client, people["cecilia"])
    frame = client.get(f"/w/voima/feedback/invitations/{invitation.pk}/page/?lang=en")
    assert frame.status_code == 200 and "You have already answered" in frame.text
    assert not Answer.objects.filter(question_key="ces").exists()


def test_the_preview_is_the_workspaces_managers_only(client, people, swedish):
    for who in ("ville", "leena", "kalle"):
        client = login(client, people[who])
        for suffix in ("", "page/"):
            assert client.get(f"/w/voima/feedback/invitations/{swedish.pk}/{suffix}").status_code == 403
        client.logout()
    client = login(client, people["outi"])
    for suffix in ("", "page/"):
        assert client.get(f"/w/linkki/feedback/invitations/{swedish.pk}/{suffix}").status_code == 404


def test_the_invitations_list_links_every_preview_and_lists_one_customers(client, people, survey, contact, voima):
    mine = invitation_create(survey=survey, interaction=contact)
    other = invitation_create(survey=survey, interaction=interaction(voima))
    client = login(client, people["cecilia"])
    everyone = client.get("/w/voima/feedback/invitations/").text
    assert f"/w/voima/feedback/invitations/{mine.pk}/" in everyone and f"/invitations/{other.pk}/" in everyone
    theirs = client.get(f"/w/voima/feedback/invitations/?customer={contact.customer_id}").text
    assert f"/invitations/{mine.pk}/" in theirs and f"/invitations/{other.pk}/" not in theirs


def test_the_customer_pages_invitation_count_links_to_the_invitations(client, people, survey, voima):
    customer = {"external_id": "c-twice", "name": "Kaisa"}
    first_contact, second_contact = (interaction(voima, customer=dict(customer)) for _ in range(2))
    assert first_contact.customer_id == second_contact.customer_id
    first = invitation_create(survey=survey, interaction=first_contact)
    client = login(client, people["cecilia"])
    customer_page = f"/w/voima/customers/{first_contact.customer_id}/"
    assert f'href="/w/voima/feedback/invitations/{first.pk}/">1 invitation</a>' in client.get(customer_page).text
    invitation_create(survey=survey, interaction=second_contact)
    listing = f'href="/w/voima/feedback/invitations/?customer={first_contact.customer_id}">2 invitations</a>'
    assert listing in client.get(customer_page).text
    client.logout()
    lead_page = login(client, people["leena"]).get(customer_page).text
    assert "2 invitations" in lead_page and "/feedback/invitations/" not in lead_page
