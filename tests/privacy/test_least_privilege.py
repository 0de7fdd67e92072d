"""Least privilege: agents read their own contacts' transcripts only; a setting masks phone and email for them."""

from kohtaamo.privacy.policy import mask_identifier
from kohtaamo.privacy.services.retention import retention_policy_set
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent
from tests.factories import login

from .conftest import SAARA


def test_an_agent_reads_the_transcript_of_their_own_contact_only(client, household, voima, people):
    first = household["first"]  # handled by agent "ville", who has no login yet
    url = f"/w/voima/interactions/{first.pk}/"
    login(client, people["ville"])
    assert SAARA["transcript"] not in client.get(url).content.decode()
    Agent.objects.of(voima).filter(key="ville").update(user=people["ville"])
    assert SAARA["transcript"] in client.get(url).content.decode()
    other = Interaction.objects.of(voima).get(external_id="call-s1")
    Interaction.objects.of(voima).filter(pk=other.pk).update(agent=None)
    assert SAARA["transcript"] not in client.get(url).content.decode()
    client.logout()
    assert SAARA["transcript"] in login(client, people["leena"]).get(url).content.decode()


def test_the_workspace_masks_phone_and_email_for_agents_only(client, household, voima, people):
    url = f"/w/voima/customers/{household['saara'].pk}/"
    login(client, people["ville"])
    assert SAARA["email"] in client.get(url).content.decode()
    retention_policy_set(actor=Actor.system(voima), mask_identifiers_for_agents=True)
    page = client.get(url).content.decode()
    assert SAARA["email"] not in page and SAARA["phone"] not in page
    assert mask_identifier("email", SAARA["email"]) in page
    client.logout()
    assert SAARA["email"] in login(client, people["leena"]).get(url).content.decode()


def test_masks_keep_only_a_little():
    assert mask_identifier("email", "saara@example.fi") == "s•••@example.fi"
    assert mask_identifier("phone", "+358401239876") == "+3584••••••76"
    assert mask_identifier("external_id", "CRM-1") == "CRM-1"
