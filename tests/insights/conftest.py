"""Insights fixtures: Voima's texts — transcripts and survey comments — read as the worker reads them."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.insights.services.readings import readings_refresh
from tests.factories import ingest, record


def call(text: str, **overrides) -> dict:
    """A phone call record whose customer says ``text`` (the agent only greets)."""
    started = overrides.pop("started_at", None) or (timezone.now() - timedelta(days=2)).isoformat()
    transcript = [{"speaker": "agent", "text": "Hyvää päivää, Voima Sähkö."}, {"speaker": "customer", "text": text}]
    return record(started_at=started, transcript=transcript, **overrides)


def comments(workspace, *scored: tuple[int, str], days_ago: int = 3, prefix: str = "r") -> None:
    """One NPS answer with its comment per (score, comment), each its own response; then read them."""
    answered = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    records = [
        {"external_id": f"{prefix}-{n}", "answered_at": answered, "type": "nps", "value": score, "comment": text}
        for n, (score, text) in enumerate(scored)
    ]
    report = responses_import(workspace=workspace, records=enumerate(records))
    assert report.created == len(records), report.rejected
    readings_refresh(workspace=workspace)


def calls(workspace, *texts: str, **overrides) -> None:
    report = ingest(workspace, *(call(text, **overrides) for text in texts))
    assert not report.rejected, report.rejected
    readings_refresh(workspace=workspace)
