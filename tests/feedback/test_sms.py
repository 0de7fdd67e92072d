"""Surveys by SMS: the invitation through the notify outbox (once, in the customer's language, with its
link), the reply webhook (a score, a comment, an unknown number, a wrong path), and what the text says."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.cli import main
from kohtaamo.connectors.models import Connector
from kohtaamo.connectors.services.connectors import connector_add
from kohtaamo.feedback.models import Answer, FollowUp, Invitation, Response
from kohtaamo.feedback.services.invitations import invitations_generate
from kohtaamo.feedback.services.sending import invitations_send
from kohtaamo.feedback.services.sms import delivery_key
from kohtaamo.feedback.services.surveys import trigger_create
from kohtaamo.feedback.sms import delivery_for, invitation_text, reply_score, sender_number
from kohtaamo.notify.models import Delivery
from kohtaamo.privacy.services.erase import customer_erase
from kohtaamo.workspaces.access import Actor
from tests.factories import login
from tests.feedback.conftest import PHONE, QUESTION, contact_with_phone, send_and_drain


def test_the_invitation_goes_out_once_as_an_sms_in_the_customers_language_with_its_link(
    voima, invited, sms_channel, provider
):
    assert (invited.delivery, invited.phone, invited.status, invited.language) == ("sms", PHONE, "sent", "sv")
    assert len(provider.requests) == 1
    headers, body = provider.requests[0]
    assert body["to"] == PHONE
    assert f"https://kysely.voima.fi/s/{invited.token}/" in body["text"]
    assert "Svara med en siffra 0–10" in body["text"] and QUESTION["sv"] in body["text"]
    assert headers["Idempotency-Key"] == delivery_key(invited, reminder=False)
    # Sending again, even with the invitation put back to pending by hand, never makes a second message.
    send_and_drain(voima, sms_channel, timezone.now())
    Invitation.objects.filter(pk=invited.pk).update(status="pending")
    send_and_drain(voima, sms_channel, timezone.now())
    assert len(provider.requests) == 1
    assert Delivery.objects.filter(channel="sms").count() == 1
    assert Delivery.objects.get().status == "sent"


def test_a_customer_who_prefers_sms_gets_one_when_the_rule_leaves_it_to_them(voima, sms_survey):
    found = contact_with_phone(voima, language="fi")
    type(found.customer).objects.filter(pk=found.customer_id).update(preferred_channel="sms")
    rule = trigger_create(survey=sms_survey, name="Any", delay_minutes=0)
    invitations_generate(trigger=rule, now=timezone.now())
    invitation = Invitation.objects.get()
    assert (invitation.delivery, invitation.phone, invitation.language) == ("sms", PHONE, "fi")


def test_without_an_sms_channel_the_invitation_fails_and_says_why(voima, sms_rule, public_address):
    contact_with_phone(voima)
    sms_rule.refresh_from_db()
    invitations_generate(trigger=sms_rule, now=timezone.now())
    report = invitations_send(workspace=voima, now=timezone.now())
    invitation = Invitation.objects.get()
    assert (report.failed, invitation.status, invitation.error) == (1, "failed", "no SMS channel is set up")
    assert not Delivery.objects.exists()


def test_an_sms_waits_for_the_end_of_quiet_hours(voima, sms_rule, sms_channel):
    sms_channel.quiet_hours = True
    sms_channel.save()
    contact_with_phone(voima)
    night = timezone.now().replace(hour=21, minute=30)  # 23.30 in Helsinki: inside the default 21–08
    Invitation.objects.all().delete()
    sms_rule.refresh_from_db()
    invitations_generate(trigger=sms_rule, now=night + timedelta(days=1))
    Invitation.objects.update(send_after=night - timedelta(minutes=5), expires_at=night + timedelta(days=14))
    invitations_send(workspace=voima, now=night)
    delivery = Delivery.objects.get()
    assert delivery.status == "held" and delivery.next_attempt_at > night


def hook(client, path, **data):
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def replies(voima):
    return connector_add(workspace=voima, kind="sms", name="SMS replies", options={}).webhook_path


def test_a_number_reply_answers_the_nps_question_and_a_later_text_is_its_comment(client, invited, replies):
    answer = hook(client, replies, **{"from": "358401234567", "text": " 9/10 "})
    assert answer.status_code == 200 and answer.json() == {"result": "answered", "invitation": invited.pk}
    invited.refresh_from_db()
    nps = Answer.objects.get(question_key="nps")
    assert (invited.status, nps.value, nps.scale, nps.response.completed) == ("completed", 9, "nps_0_10", True)
    assert hook(client, replies, **{"from": PHONE, "text": "Snabb och vänlig service"}).json()["result"] == "comment"
    hook(client, replies, **{"from": PHONE, "text": "Snabb och vänlig service"})  # delivered twice by the provider
    assert Answer.objects.get(question_key="comment").text == "Snabb och vänlig service"
    # A second score does not overwrite the first.
    assert hook(client, replies, **{"from": PHONE, "text": "3"}).json()["result"] == "already_answered"
    assert Answer.objects.get(question_key="nps").value == 9


def test_a_reply_that_is_no_score_is_kept_as_a_comment_and_leaves_the_invitation_partly_answered(
    client, invited, replies
):
    assert hook(client, replies, **{"from": PHONE, "text": "11 eller kanske 12"}).json()["result"] == "comment"
    invited.refresh_from_db()
    assert invited.status == "started"
    assert Answer.objects.get().text == "11 eller kanske 12" and not Answer.objects.filter(value__isnull=False)


def test_a_hostile_or_huge_comment_is_stored_cut_and_without_nul(client, invited, replies):
    text = "<script>alert(1)</script>\x00" + "x" * 5000
    assert hook(client, replies, **{"from": PHONE, "text": text}).status_code == 200
    stored = Answer.objects.get().text
    assert stored.startswith("<script>") and "\x00" not in stored and len(stored) == 1600


def test_a_form_encoded_reply_with_twilios_field_names_is_read(client, invited, replies):
    form = "From=0401234567&Body=10"
    answer = client.post(replies, form, content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and answer.json()["result"] == "answered"
    assert Answer.objects.get(question_key="nps").value == 10


def test_a_reply_from_a_number_no_invitation_went_to_is_ignored_with_200(client, invited, replies):
    answer = hook(client, replies, **{"from": "+358409999999", "text": "9"})
    assert answer.status_code == 200 and answer.json()["result"] == "ignored"
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_expired_invitation_takes_no_reply(client, invited, replies):
    Invitation.objects.filter(pk=invited.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert hook(client, replies, **{"from": PHONE, "text": "9"}).json()["result"] == "ignored"
    assert not Response.objects.exists()


def test_a_wrong_path_is_404_and_a_bad_body_is_400_with_nothing_stored(client, invited, replies):
    assert hook(client, "/hooks/not-a-token/", **{"from": PHONE, "text": "9"}).status_code == 404
    assert hook(client, replies, text="9").status_code == 400
    assert client.post(replies, b"[1, 2", content_type="application/json").status_code == 400
    assert client.get(replies).status_code == 405
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("text", "score"),
    [("9", 9), (" 9 ", 9), ("9/10", 9), ("10 / 10", 10), ("0", 0), ("7.", 7), ("11", None), ("9 mutta hidas", None),
     ("", None), ("-1", None), ("kyllä", None)],
)  # fmt: skip
def test_reply_scores(text, score):
    assert reply_score(text) == score


def test_sender_numbers_and_the_delivery_choice():
    assert sender_number("358401234567") == sender_number("040 123 4567") == PHONE
    assert sender_number("not a number") is None
    assert delivery_for(chosen="sms", preferred_channel="", email="a@b.fi", phone=PHONE) == "sms"
    assert delivery_for(chosen="sms", preferred_channel="", email="a@b.fi", phone="") == "email"
    assert delivery_for(chosen="", preferred_channel="sms", email="a@b.fi", phone=PHONE) == "sms"
    assert delivery_for(chosen="", preferred_channel="email", email="a@b.fi", phone=PHONE) == "email"
    assert delivery_for(chosen="", preferred_channel="", email="", phone=PHONE) == "sms"


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", "Vastaa numerolla 0–10"), ("sv", "Svara med en siffra 0–10"), ("en", "Reply with a number 0–10")],
)
def test_the_text_is_written_in_each_language(language, words):
    text = invitation_text(brand="Voima", question=QUESTION[language], link="https://x/s/t/", language=language)
    assert words in text and text.endswith("https://x/s/t/") and text.startswith("Voima: ")
    reminder = invitation_text(brand="Voima", question="", link="https://x/s/t/", language=language, reminder=True)
    assert "Voima" in reminder and reminder != text


def test_erasing_the_customer_blanks_the_number_the_invitation_went_to(voima, invited):
    customer_erase(actor=Actor.system(voima), customer=invited.customer)
    invited.refresh_from_db()
    assert invited.phone == "" and Delivery.objects.get().address == ""


def test_the_outbox_page_shows_the_survey_sms_as_sent(client, people, invited):
    page = login(client, people["cecilia"]).get("/w/voima/incidents/messages/?channel=sms")
    assert page.status_code == 200
    assert "Survey invitation" in page.text and f"/s/{invited.token}/" in page.text


def test_the_commands_add_the_reply_connector_and_send_due_reminders(client, capsys, voima, invited):
    assert main(["connector", "add", "sms", "--workspace", "voima"]) == 0
    path = capsys.readouterr().out.strip().splitlines()[-1]
    assert path.startswith("/hooks/") and path.endswith("/")
    assert client.post(path, {"from": PHONE, "text": "kiitos"}, content_type="application/json").status_code == 200
    assert Answer.objects.get().text == "kiitos"
    Invitation.objects.filter(pk=invited.pk).update(status="sent", sent_at=timezone.now() - timedelta(days=3))
    Answer.objects.all().delete()
    Response.objects.all().delete()
    assert main(["feedback", "remind", "--workspace", "voima"]) == 0
    assert capsys.readouterr().out.strip() == "1 reminded, 0 failed."
    assert Delivery.objects.filter(channel="sms").count() == 2


def test_a_detractors_sms_score_opens_a_follow_up_as_the_web_page_does(client, invited, replies):
    assert hook(client, replies, **{"from": PHONE, "text": "3"}).json()["result"] == "answered"
    assert FollowUp.objects.get().reason == "NPS 3"


def test_the_connectors_page_lists_the_reply_connector_with_its_last_data(client, people, invited, replies):
    hook(client, replies, **{"from": PHONE, "text": "9"})
    page = login(client, people["aino"]).get("/w/voima/settings/connectors/")
    assert page.status_code == 200 and replies in page.text and "SMS replies" in page.text
    assert Connector.objects.get(kind="sms").last_seen_at is not None


def test_the_invitations_page_and_csv_say_it_went_by_sms(client, people, invited):
    client = login(client, people["cecilia"])
    assert "SMS" in client.get("/w/voima/feedback/invitations/").text
    rows = client.get("/w/voima/feedback/invitations/?export=csv").text.replace("\r", "").splitlines()
    assert rows[0].endswith(",delivery,phone,reminded_at") and rows[1].endswith(f",sms,{PHONE},")
