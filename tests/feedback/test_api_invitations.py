"""Survey invitations out through the API: the way each went (email or SMS, the number), its reminder, the
answer it got, the response rate per way of sending; and the delivery on responses and answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.models import Invitation
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.reminders import invitations_remind
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.services import api_token_create
from tests.paging import every, exported

from .conftest import PHONE, interaction
from .test_sms import hook, replies  # noqa: F401  (the reply connector fixture)


def test_an_sms_invitation_shows_its_number_its_reminder_and_then_its_answer(api, voima, invited, replies):  # noqa: F811
    [item] = every(api, "/api/v1/invitations?delivery=sms")
    assert (item["id"], item["delivery"], item["phone"], item["channel"]) == (invited.pk, "sms", PHONE, "phone")
    assert (item["survey"], item["status"], item["reminder_days"], item["response_id"]) == ("sms-nps", "sent", 2, None)
    assert item["reminder_due_at"].startswith((invited.sent_at + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    invitations_remind(workspace=voima, now=invited.sent_at + timedelta(days=2, minutes=1))
    reminded = api.get(f"/api/v1/invitations/{invited.pk}").json()
    assert reminded["reminded_at"] and reminded["reminder_due_at"] is None
    assert hook(api, replies, **{"from": PHONE, "text": "9"}).json()["result"] == "answered"
    answered = api.get(f"/api/v1/invitations/{invited.pk}").json()
    assert answered["status"] == "completed" and answered["response_id"]
    response = api.get(f"/api/v1/responses/{answered['response_id']}").json()
    assert response["delivery"] == "sms" and response["invitation_id"] == invited.pk
    assert [a["delivery"] for a in every(api, f"/api/v1/answers?response={response['id']}")] == ["sms"]
    assert exported(api, "/api/v1/invitations/export?status=completed") == [answered]


def test_invitations_filter_by_delivery_status_survey_and_time_and_page_through_once(api, voima, survey):
    email = [invitation_create(survey=survey, interaction=interaction(voima)) for _ in range(5)]
    Invitation.objects.filter(pk=email[0].pk).update(delivery="sms", phone=PHONE, email="")
    for sort in ("id", "-send_after", "created_at"):
        assert sorted(i["id"] for i in every(api, f"/api/v1/invitations?limit=2&sort={sort}")) == [i.pk for i in email]
    assert [i["id"] for i in every(api, "/api/v1/invitations?delivery=sms")] == [email[0].pk]
    by_email = every(api, "/api/v1/invitations?delivery=email&status=pending")
    assert len(by_email) == 4 and all(i["email"].endswith("@example.fi") and i["phone"] == "" for i in by_email)
    assert {i["reminder_due_at"] for i in by_email} == {None}  # not sent yet: no reminder is waiting
    assert every(api, "/api/v1/invitations?survey=no-such-survey") == []
    after = (email[0].send_after + timedelta(hours=1)).isoformat().replace("+", "%2B")
    assert every(api, f"/api/v1/invitations?from={after}") == []
    assert len(every(api, f"/api/v1/invitations?to={after}")) == 5


def test_an_imported_answer_has_no_delivery(api, voima):
    from kohtaamo.feedback.services.imports import responses_import

    responses_import(workspace=voima, records=enumerate([{"external_id": "x-1", "type": "nps", "value": 8,
                                                          "answered_at": "2026-03-02T10:00:00+02:00"}]))  # fmt: skip
    [response] = every(api, "/api/v1/responses")
    assert response["delivery"] is None and response["answers"][0]["delivery"] is None


def test_another_workspaces_invitation_is_404_and_a_read_only_token_reads_them(client, voima, linkki, survey):
    theirs = invitation_create(survey=survey, interaction=interaction(voima))
    Invitation.objects.filter(pk=theirs.pk).update(workspace=linkki)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(workspace=voima, name='bi', read_only=True)[1]}"}
    assert client.get(f"/api/v1/invitations/{theirs.pk}", **auth).status_code == 404
    assert client.get("/api/v1/invitations", **auth).json()["items"] == []
    assert client.get("/api/v1/response-rates", **auth).status_code == 200


def test_response_rates_per_delivery_with_their_interval(api, voima, survey):
    now = timezone.now()
    for n, (delivery, status) in enumerate([("sms", "completed"), ("sms", "sent"), ("email", "sent")]):
        Invitation.objects.create(workspace=voima, survey=survey, token=f"t-{n}", delivery=delivery, status=status,
                                  send_after=now, expires_at=now + timedelta(days=14),
                                  reminded_at=now if status == "sent" else None)  # fmt: skip
    today = timezone.localdate(timezone=voima.tz).isoformat()
    body = api.get(f"/api/v1/response-rates?from={today}&to={today}").json()
    rates = {row["delivery"]: row for row in body["deliveries"]}
    assert (rates["sms"]["sent"], rates["sms"]["answered"], rates["sms"]["reminded"]) == (2, 1, 1)
    assert rates["sms"]["rate"]["value"] == 50.0 and rates["sms"]["rate"]["n"] == 2
    assert rates["sms"]["rate"]["too_few"] and rates["sms"]["rate"]["ci_low"] < 50 < rates["sms"]["rate"]["ci_high"]
    assert rates["email"]["answered"] == 0 and body["period_from"] == today


@pytest.mark.parametrize("query", ["invitations?delivery=pigeon", "invitations?status=lost", "invitations?from=soon",
                                   "invitations?sort=phone", "invitations/0", "response-rates?from=2026-02-30",
                                   "response-rates?from=2026-03-02&to=2026-03-01"])  # fmt: skip
def test_bad_values_are_400_json(api, voima, query):
    refused = api.get(f"/api/v1/{query}")
    assert refused.status_code == 400 and "detail" in refused.json()


def test_an_interaction_without_an_invitation_is_not_listed(api, voima):
    interaction(voima)
    assert Interaction.objects.filter(workspace=voima).exists() and every(api, "/api/v1/invitations") == []
