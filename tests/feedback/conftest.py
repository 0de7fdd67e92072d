"""Feedback fixtures: Voima's standard survey, interactions handled by Ville in Leena's team, and answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.feedback.services.responses import response_save
from kohtaamo.feedback.services.surveys import survey_create_standard
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Team
from tests.factories import ingest, record


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
