"""Transcripts as people read them: names instead of roles, offsets as a player's clock."""

import pytest

from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.presenters import clock, transcript_turns
from kohtaamo.workspaces.models import Agent


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (8, "0:08"), (760, "12:40"), (3725, "1:02:05")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown


def test_turns_name_the_agent_and_customer_and_keep_unknown_speakers(voima):
    agent = Agent(workspace=voima, key="A1", name="Ville Virtanen")
    interaction = Interaction(
        workspace=voima, agent=agent, transcript=[
            {"speaker": "agent", "at": 0, "text": "Hei"},
            {"speaker": "Customer", "at": 65, "text": "Moi"},
            {"speaker": "IVR", "text": "Valitse 1"},
            {"speaker": "agent", "at": "2026-01-01T10:00:00+00:00", "text": "Kiitos"},
        ],
    )  # fmt: skip
    turns = transcript_turns(interaction)
    assert [t.speaker for t in turns] == ["Ville Virtanen", "Customer", "IVR", "Ville Virtanen"]
    assert [t.at for t in turns] == ["0:00", "1:05", "", "0:00"]
