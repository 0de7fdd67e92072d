"""Saara, a Voima customer with something in every table that can hold a person's data, and Bertta, who
must come through Saara's erasure untouched.

Saara's distinctive strings (``SAARA``) are planted through the real ingestion, survey and notification
paths: her name, email, phone, postal code and a meter number in her attributes; a phrase from a
transcript; a survey comment; call-back notes; an evaluator's comment naming her; the notifications of an
outage where she lives. She was also known under a second external id and merged (a merged-away customer
keeps its own profile, so it is the same person's data).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.connectors.services.connectors import connector_add
from kohtaamo.connectors.services.conversations import conversations_record
from kohtaamo.connectors.updates import CUSTOMER, ConversationUpdate, Turn
from kohtaamo.feedback.models import FollowUp
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.lib.speechlike import speechlike_wav
from kohtaamo.notify.models import ChannelConfig
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain
from kohtaamo.quality.services.autoqa import autoqa_run
from kohtaamo.quality.services.evaluations import evaluation_save, evaluation_start
from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.timeline.services import recording_store
from tests.factories import ingest, record
from tests.quality.conftest import MINI_FORM, POOR

SAARA = {
    "name": "Saara Qwertyson",
    "email": "saara.qwertyson@example.fi",
    "phone": "+358401239876",
    "postal": "00990",
    "meter": "MTR-QZX-5501",
    "alias": "Saara Q. Qwertyson",
    "transcript": "purple elephant seventeen",
    "comment": "my neighbour zanzibar complained",
    "notes": "called back, spoke to her daughter Kukkamaria",
    "external": "CRM-QWERTY-1",
}


def contact(
    workspace, external_id: str, customer: dict, transcript: str, *, hours_ago: int = 3, agent_says: str = ""
) -> Interaction:
    started = timezone.now() - timedelta(hours=hours_ago)
    data = record(
        external_id=external_id,
        customer=customer,
        agent={"id": "ville", "name": "Ville"},
        team="kaakko",
        started_at=started.isoformat(),
        ended_at=(started + timedelta(minutes=7)).isoformat(),
        handle_seconds=420,
        transcript=[{"at": 0, "speaker": "customer", "text": transcript}]
        + ([{"at": 5, "speaker": "agent", "text": agent_says}] if agent_says else []),
    )
    ingest(workspace, data)
    return Interaction.objects.get(workspace=workspace, external_id=external_id)


@pytest.fixture
def household(voima, people):
    """Saara with everything, Bertta with her own answers; returns the two customers and Saara's first call."""
    survey = survey_create_standard(workspace=voima)
    saara_ref = {
        "external_id": SAARA["external"],
        "name": SAARA["name"],
        "email": SAARA["email"],
        "postal_code": SAARA["postal"],
        "attributes": {"meter": SAARA["meter"]},
    }
    first = contact(
        voima, "call-s1", saara_ref, f"Hello, {SAARA['transcript']} is my password hint",
        agent_says="Thank you, goodbye and have a nice day",
    )  # fmt: skip
    autoqa_run(workspace=voima)  # the automatic QA of her contacts (its evidence quotes her words)
    recording_store(interaction=first, audio=speechlike_wav(["customer"], seed="saara"), seconds=1.5)
    # The same person known by her phone only, then with phone and email: the two customers are merged.
    contact(voima, "call-s2", {"name": SAARA["alias"], "phone": SAARA["phone"]}, "hi")
    contact(voima, "call-s3", {"phone": SAARA["phone"], "email": SAARA["email"]}, "third call")
    bertta = contact(voima, "call-b1", {"external_id": "CRM-B-1", "name": "Bertta Bee", "email": "b@example.fi"}, "ok")

    for interaction, nps, comment in ((first, 2, SAARA["comment"]), (bertta, 9, "fine service")):
        invitation = invitation_create(survey=survey, interaction=interaction)
        response_save(invitation=invitation, answers={"csat": "2", "nps": str(nps), "comment": comment}, complete=True)
    FollowUp.objects.filter(customer=first.customer).update(notes=SAARA["notes"])

    scorecard = scorecard_create(workspace=voima, form_data=MINI_FORM, created_by=people["kalle"])
    evaluation = evaluation_start(interaction=first, version=scorecard.current, evaluator=people["kalle"])
    evaluation_save(
        evaluation=evaluation, answers=dict(POOR), comments={"tone": f"{SAARA['name']} was upset"},
        overall_comment=f"Should have confirmed {SAARA['email']}", submit=True,
    )  # fmt: skip

    # No quiet hours: the suite runs at any hour, and a held message is not sent (nor due for retention).
    config = channel_config_set(
        workspace=voima, channel="email", mode=ChannelConfig.Mode.LOG, rate_per_second=1000, quiet_hours=False
    )
    now = timezone.now()
    incident_receive(
        workspace=voima, source="test", now=now,
        payload={"external_id": "KATKO-9", "kind": "outage", "title": {"fi": "Katko", "en": "Power cut"},
                 "postal_codes": [SAARA["postal"]], "customer_ids": [SAARA["external"], "CRM-B-1"]},
    )  # fmt: skip
    deliveries_drain(config=config, clock=SimulatedClock(now))
    # A chat through a connector: the connector keeps its own copy of the contact and the messages.
    chatwoot = connector_add(workspace=voima, kind="chatwoot", name="Chatwoot", options={})
    said = Turn("message:1", now - timedelta(hours=1), CUSTOMER, f"chat: {SAARA['transcript']}")
    conversations_record(connector=chatwoot, updates=[
        ConversationUpdate(contact="9", customer={"email": SAARA["email"], "name": SAARA["name"]}, key="1:1",
                           turns=[said], facts={"channel": "chat"})])  # fmt: skip
    saara = Customer.objects.get(workspace=voima, identities__value=SAARA["email"])
    return {"saara": saara, "bertta": bertta.customer, "first": first, "survey": survey}
