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


def test_the_dashboard_leads_with_the_verdict_and_keeps_the_interval_in_its_details(client, voima, people):
    nps_answers(voima, 10, days_ago=5, count=30, prefix="now")
    nps_answers(voima, 0, days_ago=100, count=30, prefix="before")
    client.login(username="cecilia@voima.fi", password="correct-horse-battery")
    page = client.get("/w/voima/feedback/")
    nps = page.text.split('data-verdict="', 1)[1]
    assert nps.startswith('better"') and "↑</span> better</summary>" in nps
    details = nps.split('<span class="verdict-details">', 1)[1].split("</span>", 1)[0]
    assert "+200.0 vs the previous period" in details and "p &lt; 0.001" in details and "n = 30 and 30" in details
    # CSAT had no answers in either period: nothing to say, and the page says so rather than "no difference".
    assert page.text.count('data-verdict="too_few"') == 2


def test_the_dashboard_says_worse_in_finnish_when_the_score_fell(client, voima, people):
    nps_answers(voima, 0, days_ago=5, count=30, prefix="now")
    nps_answers(voima, 10, days_ago=100, count=30, prefix="before")
    client.login(username="cecilia@voima.fi", password="correct-horse-battery")
    page = client.get("/w/voima/feedback/", HTTP_ACCEPT_LANGUAGE="fi")
    assert 'data-verdict="worse"' in page.text and "↓</span> heikompi</summary>" in page.text


def test_breakdown_rows_lead_with_the_corrected_verdict():
    import math
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    from kohtaamo.feedback.selectors.metrics import GroupRow
    from kohtaamo.lib.cxmetrics import Estimate

    def row(label, flag, n, difference=math.nan, p=math.nan):
        return GroupRow(label, label, Estimate(40.0, n, 30.0, 50.0, n < 30), None, flag, p, difference)

    report = SimpleNamespace(
        groups=[
            row("Phone", "above", 120, 12.5, 0.004),
            row("Chat", "below", 80, -9.0, 0.03),
            row("Email", "no_evidence", 60, 1.2, 0.7),
            row("Web", "too_few", 12),
            row("Daily", "", 50),  # a period row: a trend, never compared
        ]
    )
    html = render_to_string("feedback/_metric_table.html", {"report": report, "group_title": "Channel"})
    rows = {r.split("</th>", 1)[0]: r for r in html.split('<th scope="row">')[1:]}
    assert 'data-verdict="better"' in rows["Phone"] and "+12.5 vs the rest" in rows["Phone"]
    assert "p = 0.004, corrected for multiple testing · n = 120" in rows["Phone"]
    assert 'data-verdict="worse"' in rows["Chat"] and "↓" in rows["Chat"]
    assert 'data-verdict="no_difference"' in rows["Email"]
    assert 'data-verdict="too_few"' in rows["Web"] and "at least 30 answers are needed" in rows["Web"]
    assert "data-verdict" not in rows["Daily"]
