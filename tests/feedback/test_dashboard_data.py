"""The dashboard's figures: the period against the one before, and an agent's own figures only."""

from datetime import timedelta

from django.utils import timezone

from kohtaamo.feedback.filters import parse_filters
from kohtaamo.feedback.selectors.dashboard import dashboard_data
from kohtaamo.feedback.services.imports import responses_import
from kohtaamo.workspaces.access import Actor


def nps_answers(workspace, value: int, days_ago: int, count: int, prefix: str):
    at = (timezone.now() - timedelta(days=days_ago)).isoformat()
    records = [{"external_id": f"{prefix}{i}", "type": "nps", "value": value, "answered_at": at} for i in range(count)]
    assert responses_import(workspace=workspace, records=enumerate(records)).created == count


def test_the_period_is_compared_with_the_one_before(voima, people):
    nps_answers(voima, 10, days_ago=5, count=30, prefix="now")
    nps_answers(voima, 0, days_ago=40, count=30, prefix="before")
    filters = parse_filters({"from": (timezone.localdate() - timedelta(days=29)).isoformat()}, voima)
    data = dashboard_data(actor=Actor(people["cecilia"], voima, "cx_manager"), filters=filters)
    change = data.changes["nps"]
    assert (change.difference, change.n1, change.n2) == (200, 30, 30)
    assert change.p_value < 0.001 and not change.too_few
    assert data.changes["csat"].too_few


def test_the_dashboard_shows_the_change_with_its_interval(client, voima, people):
    nps_answers(voima, 10, days_ago=5, count=30, prefix="now")
    nps_answers(voima, 0, days_ago=100, count=30, prefix="before")
    client.login(username="cecilia@voima.fi", password="correct-horse-battery")
    page = client.get("/w/voima/feedback/")
    assert "+200.0 vs the previous period" in page.text and "significant" in page.text
