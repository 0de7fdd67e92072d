"""One reminder for an unanswered invitation (by SMS and by email), booked on the worker's task queue,
never after an answer, counted by the fatigue rule; and response rates per delivery channel."""

from datetime import timedelta

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kohtaamo.feedback.filters import MetricFilters
from kohtaamo.feedback.models import Invitation
from kohtaamo.feedback.selectors.invitations import response_rates, response_rates_by_delivery
from kohtaamo.feedback.services.invitations import invitation_create, invitations_generate
from kohtaamo.feedback.services.reminders import invitations_remind, next_reminder_due
from kohtaamo.feedback.services.replies import sms_reply_receive
from kohtaamo.feedback.services.sending import invitations_send
from kohtaamo.feedback.services.surveys import trigger_create
from kohtaamo.feedback.tasks import invitation_reminders
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain
from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent
from tests.factories import login
from tests.feedback.conftest import PHONE, interaction

TASK = "kohtaamo.feedback.tasks.invitation_reminders"


def drain(config, now):
    return deliveries_drain(config=config, clock=SimulatedClock(now))


def test_one_reminder_goes_out_after_n_days_and_never_a_second(voima, invited, sms_channel, provider):
    sent = invited.sent_at
    assert invitations_remind(workspace=voima, now=sent + timedelta(days=1)).reminded == 0
    later = sent + timedelta(days=2, minutes=1)
    assert invitations_remind(workspace=voima, now=later).reminded == 1
    drain(sms_channel, later)
    assert len(provider.requests) == 2
    text = provider.requests[1][1]["text"]
    assert text.startswith("Påminnelse från Voima") and f"/s/{invited.token}/" in text
    assert invitations_remind(workspace=voima, now=later + timedelta(days=3)).reminded == 0
    drain(sms_channel, later + timedelta(days=3))
    assert len(provider.requests) == 2
    invited.refresh_from_db()
    assert invited.reminded_at == later and invited.status == "sent"


def test_no_reminder_after_an_answer_or_a_started_response(voima, invited, sms_survey):
    later = invited.sent_at + timedelta(days=3)
    sms_reply_receive(workspace=voima, sender=PHONE, text="8")
    assert invitations_remind(workspace=voima, now=later).reminded == 0
    Invitation.objects.filter(pk=invited.pk).update(status="started")
    assert invitations_remind(workspace=voima, now=later).reminded == 0
    assert Invitation.objects.get().reminded_at is None


def test_zero_days_means_no_reminder(voima, invited, sms_survey):
    sms_survey.reminder_days = 0
    sms_survey.save()
    assert invitations_remind(workspace=voima, now=invited.sent_at + timedelta(days=5)).reminded == 0
    assert next_reminder_due(workspace=voima, now=invited.sent_at) is None


def test_sending_books_the_reminder_run_on_the_worker_queue_and_the_run_books_the_next(
    voima, sms_rule, sms_channel, django_capture_on_commit_callbacks
):
    interaction(voima, customer={"external_id": "c-r", "phone": "040 7654321"})
    now = timezone.now()
    sms_rule.refresh_from_db()
    invitations_generate(trigger=sms_rule, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(workspace=voima, now=now)
        invitations_send(workspace=voima, now=now)  # nothing new: no second booking
    booked = DBTaskResult.objects.filter(task_path=TASK, status=TaskResultStatus.READY)
    assert booked.count() == 1
    assert booked.get().run_after == now + timedelta(days=2)
    assert booked.get().args_kwargs["args"] == [voima.pk]
    # Run early, the task sends nothing and keeps one run waiting for the due moment.
    booked.delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders.call(voima.pk) == {"reminded": 0, "failed": 0}
    assert DBTaskResult.objects.filter(task_path=TASK, status=TaskResultStatus.READY).count() == 1


def test_an_email_invitation_gets_its_reminder_by_email(voima, survey, contact):
    invitation = invitation_create(survey=survey, interaction=contact)
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(send_after=now - timedelta(minutes=1))
    invitations_send(workspace=voima, now=now)
    assert invitations_remind(workspace=voima, now=now + timedelta(days=2)).reminded == 1
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("Muistutus:")
    assert mail.outbox[1].to == [invitation.email]


def test_a_reminder_counts_for_the_fatigue_rule(voima, survey):
    first = interaction(voima)
    Invitation.objects.create(
        workspace=voima, survey=survey, token="old", customer=first.customer,
        send_after=timezone.now() - timedelta(days=40), expires_at=timezone.now() - timedelta(days=26),
        reminded_at=timezone.now() - timedelta(days=10), status="sent",
    )  # fmt: skip
    rule = trigger_create(survey=survey, name="Calls", delay_minutes=0, fatigue_days=30)
    report = invitations_generate(trigger=rule, now=timezone.now())
    assert (report.created, report.fatigued) == (0, 1)


def test_response_rates_per_delivery_channel_with_n(voima, survey, client, people):
    now = timezone.now()
    statuses = {"email": ["sent", "sent", "completed", "pending"], "sms": ["completed", "started", "sent"]}
    for delivery, states in statuses.items():
        for n, status in enumerate(states):
            Invitation.objects.create(
                workspace=voima, survey=survey, token=f"{delivery}-{n}", delivery=delivery, status=status,
                send_after=now, expires_at=now + timedelta(days=14),
                reminded_at=now if delivery == "sms" and n == 2 else None,
            )  # fmt: skip
    today = timezone.localdate(now)  # the period is in Helsinki days: at 23 UTC it is tomorrow there
    filters = MetricFilters(start=today - timedelta(days=1), end=today)
    rates = {r["delivery"]: r for r in response_rates_by_delivery(actor=Actor.system(voima), filters=filters)}
    assert (rates["email"]["sent"], rates["email"]["answered"], rates["email"]["reminded"]) == (3, 1, 0)
    assert (rates["sms"]["sent"], rates["sms"]["answered"], rates["sms"]["reminded"]) == (3, 2, 1)
    assert rates["sms"]["rate"].n == 3
    page = login(client, people["cecilia"]).get("/w/voima/feedback/")
    assert "Response rate per delivery channel" in page.text and "SMS" in page.text
    csv = client.get("/w/voima/feedback/?export=response-rates-by-channel")
    assert csv["Content-Type"].startswith("text/csv")
    assert "sms,3,2,1," in csv.text.replace("\r", "")


@pytest.fixture(autouse=True)
def outbox_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_an_agents_response_rates_count_only_their_own_contacts(voima, survey, people):
    """The agent's dashboard is "your contacts only": its rates showed the workspace's invitations."""
    now = timezone.now()
    ville = Agent.objects.create(workspace=voima, key="A1", name="Ville", user=people["ville"])
    other = Agent.objects.create(workspace=voima, key="A2", name="Outi")
    for n, (agent, status) in enumerate([(ville, "completed"), (ville, "sent"), (other, "sent"), (None, "sent")]):
        Invitation.objects.create(
            workspace=voima, survey=survey, token=f"t{n}", delivery="email", status=status, agent=agent,
            send_after=now, expires_at=now + timedelta(days=14),
        )  # fmt: skip
    today = timezone.localdate(now)
    filters = MetricFilters(start=today - timedelta(days=1), end=today)
    as_agent = Actor(people["ville"], voima, Role.AGENT)
    assert [(r["sent"], r["answered"]) for r in response_rates_by_delivery(actor=as_agent, filters=filters)] == [(2, 1)]
    assert [(r["sent"], r["answered"]) for r in response_rates(actor=as_agent, filters=filters)] == [(2, 1)]
    everyone = response_rates_by_delivery(actor=Actor(people["cecilia"], voima, Role.CX_MANAGER), filters=filters)
    assert [(r["sent"], r["answered"]) for r in everyone] == [(4, 1)]
