"""Feedback fixtures: Voima's standard survey, interactions handled by Ville in Leena's team, and answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.models import Invitation
from kohtaamo.feedback.services.invitations import invitation_create, invitations_generate
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.feedback.services.sending import invitations_send
from kohtaamo.feedback.services.surveys import survey_create, survey_create_standard, trigger_create
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Team
from tests.factories import ingest, record
from tests.notify.servers import HttpReceiver


@pytest.fixture
def survey(voima):
    return survey_create_standard(workspace=voima)


@pytest.fixture
def contact(voima, people):
    """One finished phone call by Ville (team Kaakko, led by Leena) with an emailable customer."""
    return interaction(voima, lead=people["leena"])


def interaction(workspace, *, lead=None, **overrides):
    """Ingest one interaction (agent ville, team kaakko) and return it; overrides go into the record."""
    started = timezone.now() - timedelta(hours=2)
    fields = {
        "agent": {"id": "ville", "name": "Ville"},
        "team": "kaakko",
        "queue": "billing",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=10)).isoformat(),
    }
    data = record(**{**fields, **overrides})
    data["customer"].setdefault("email", f"{data['customer']['external_id']}@example.fi")
    ingest(workspace, data)
    found = Interaction.objects.get(workspace=workspace, external_id=data["external_id"])
    if lead is not None:
        Team.objects.filter(pk=found.team_id).update(lead=lead)
    return found


def answer(survey, contact, *, complete=True, **answers):
    """Invite the contact's customer and answer with ``answers`` (question key → value)."""
    invitation = invitation_create(survey=survey, interaction=contact)
    response_save(invitation=invitation, answers={k: str(v) for k, v in answers.items()}, complete=complete)
    return invitation


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    """The public page's rate limits live in the shared (database) cache; every test starts with none used."""
    from django.core.cache import cache

    cache.clear()


# Surveys by SMS (test_sms.py, test_sms_reminders.py)

PHONE = "+358401234567"
QUESTION = {
    "fi": "Kuinka todennäköisesti suosittelisit meitä ystävällesi?",
    "sv": "Hur troligt är det att du rekommenderar oss till en vän?",
    "en": "How likely are you to recommend us to a friend?",
}


@pytest.fixture
def public_address(monkeypatch, settings):
    monkeypatch.setenv("KOHTAAMO_PUBLIC_URL", "https://kysely.voima.fi/")
    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]  # the receiver below listens on loopback


@pytest.fixture
def provider():
    """The SMS provider: a real HTTP server on loopback that records every message posted to it."""
    with HttpReceiver() as receiver:
        yield receiver


@pytest.fixture
def sms_channel(voima, provider, public_address):
    return channel_config_set(workspace=voima, channel="sms", options={"url": provider.url}, rate_per_second=1000,
                              quiet_hours=False)  # fmt: skip


@pytest.fixture
def sms_survey(voima):
    return survey_create(
        workspace=voima, key="sms-nps", name="SMS NPS", reminder_days=2,
        questions=[
            {"key": "nps", "type": "nps", "text": QUESTION},
            {"key": "comment", "type": "text", "text": {"fi": "Kerro", "sv": "Berätta", "en": "Tell us"}},
        ],
    )  # fmt: skip


@pytest.fixture
def sms_rule(sms_survey):
    return trigger_create(survey=sms_survey, name="Calls by SMS", channels=["phone"], delay_minutes=0, delivery="sms")


def contact_with_phone(workspace, *, language="sv", phone="040 123 4567"):
    return interaction(workspace, customer={"external_id": "c-sms", "name": "Stina", "language": language,
                                            "phone": phone})  # fmt: skip


def send_and_drain(workspace, config, now):
    invitations_send(workspace=workspace, now=now)
    return deliveries_drain(config=config, clock=SimulatedClock(now))


@pytest.fixture
def invited(voima, sms_rule, sms_channel, provider):
    """Stina (Swedish, with a phone number; the rule sends by SMS) was sent the SMS invitation, and it went out."""
    contact_with_phone(voima)
    now = timezone.now()
    sms_rule.refresh_from_db()
    invitations_generate(trigger=sms_rule, now=now)
    send_and_drain(voima, sms_channel, now)
    return Invitation.objects.get()
