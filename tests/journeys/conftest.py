"""Small histories for the journeys tests, ingested through the real import path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ingest, record


def at(days_ago: float, hour: int = 10) -> str:
    moment = timezone.now().astimezone(timezone.get_default_timezone()) - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def contact(customer: str, channel: str, days_ago: float, **fields) -> dict:
    return record(channel=channel, started_at=at(days_ago), customer={"external_id": customer}, **fields)


@pytest.fixture
def history(voima, people):
    """Matti: web → chat → phone on one case (resolved on the phone); Liisa: one phone call, resolved;
    Pekka: chat then phone on a billing case, unresolved and escalated."""
    ingest(
        voima,
        contact("matti", "web", 5, contact_reason="muutto", case_ref="M-1", outcome="unresolved"),
        contact("matti", "chat", 4.9, contact_reason="muutto", case_ref="M-1", outcome="unresolved"),
        contact("matti", "phone", 4, contact_reason="muutto", case_ref="M-1", outcome="resolved", wait_seconds=30),
        contact("liisa", "phone", 3, contact_reason="laskutus", outcome="resolved", wait_seconds=20),
        contact("pekka", "chat", 2, contact_reason="laskutus", outcome="unresolved", wait_seconds=40),
        contact("pekka", "phone", 1, contact_reason="laskutus", outcome="escalated", wait_seconds=900),
    )
    return voima
