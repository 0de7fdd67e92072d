"""Quality fixtures: Voima's agents Ville (with a login) and Veera, a team led by Leena, a small form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Agent, Team
from tests.factories import ingest, record

MINI_FORM = {
    "id": "mini",
    "title": {"fi": "Minilomake", "sv": "Miniformulär", "en": "Mini form"},
    "sections": [
        {
            "id": "service",
            "title": "Service",
            "questions": [
                {"id": "greeting", "text": "Greeted the customer", "weight": 1},
                {"id": "tone", "text": "Tone", "weight": 2, "scale": "1-5"},
                {"id": "identity", "text": "Verified identity", "weight": 0, "kind": "fail_all", "na_allowed": True},
            ],
        }
    ],
}
GOOD = {"greeting": 1, "tone": 5, "identity": 1}  # 100
POOR = {"greeting": 0, "tone": 3, "identity": 1}  # (0 + 2×50) / 3 = 33.33


@pytest.fixture
def org(voima, people):
    """Two teams: Helsinki (lead Leena, agents Ville and Veera) and Vaasa (agent Vilja)."""
    helsinki = Team.objects.create(workspace=voima, key="hki", name="Helsinki", lead=people["leena"])
    vaasa = Team.objects.create(workspace=voima, key="vaasa", name="Vaasa")
    return {
        "helsinki": helsinki,
        "vaasa": vaasa,
        "ville": Agent.objects.create(workspace=voima, key="A1", name="Ville", team=helsinki, user=people["ville"]),
        "veera": Agent.objects.create(workspace=voima, key="A2", name="Veera", team=helsinki),
        "vilja": Agent.objects.create(workspace=voima, key="A3", name="Vilja", team=vaasa),
    }


@pytest.fixture
def scorecard(voima, people):
    return scorecard_create(workspace=voima, form_data=MINI_FORM, created_by=people["kalle"])


_calls = iter(range(1, 10**6))


def call(workspace, agent_key: str, started_at: str | None = None, **overrides) -> Interaction:
    """One phone call handled by an agent (ingested the real way), by default five minutes ago."""
    started_at = started_at or (timezone.now() - timedelta(minutes=5)).isoformat()
    external_id = overrides.pop("external_id", f"call-{next(_calls)}")
    ingest(
        workspace,
        record(external_id=external_id, channel=overrides.pop("channel", "phone"), started_at=started_at,
               agent=agent_key, handle_seconds=overrides.pop("handle_seconds", 300), **overrides),
    )  # fmt: skip
    return Interaction.objects.get(workspace=workspace, external_id=external_id)
