"""Actions: a baseline when created, and the before/after follow-up once done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kohtaamo.journeys import services
from kohtaamo.journeys.models import Action
from tests.factories import ingest, login, record
from tests.journeys.conftest import at


def today(workspace):
    return timezone.localdate(timezone.now(), workspace.tz)


def calls(days_ago_range, wait):
    return [
        record(channel="phone", started_at=at(d, hour=9 + i % 8), wait_seconds=wait + i % 7, contact_reason="laskutus",
               customer={"external_id": f"c{d}-{i}"})
        for d in days_ago_range for i in range(3)
    ]  # fmt: skip


@pytest.fixture
def waits(voima):
    """Billing calls waited about 300 s until 30 days ago and about 60 s since."""
    ingest(voima, *calls(range(31, 58), 300), *calls(range(3, 30), 60))
    return voima


def create(workspace, **fields):
    defaults = {"title": "Callback offer", "metric": "wait_seconds", "metric_filter": {"channel": "phone"}}
    return services.action_create(workspace=workspace, **{**defaults, **fields})


def test_the_baseline_is_the_metric_over_the_four_weeks_before_creation(waits):
    action = create(waits)
    assert 60 <= action.baseline <= 67
    assert action.baseline_n == 26 * 3  # days 3–28 ago: the four weeks end yesterday


def test_priority_is_impact_times_confidence_over_effort(waits):
    assert create(waits, impact=5, confidence=4, effort=2).priority == 10.0


def test_a_done_action_with_a_real_improvement_reached_its_goal(waits):
    action = create(waits, target_value=120, today=today(waits) - timedelta(days=40))
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    action.refresh_from_db()
    assert action.status == Action.Status.EVALUATED
    assert action.evaluation["outcome"] == "reached"
    assert action.evaluation["before_value"] > 290 and action.evaluation["after_value"] < 70
    assert action.evaluation["p_value"] < 0.001
    assert action.evaluation["seasonal_change"] is None  # no data a year earlier


def test_missing_the_target_is_said_plainly(waits):
    action = create(waits, target_value=20)
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    assert (action.evaluation["outcome"], action.evaluation["reason"]) == ("missed", "short_of_target")


def test_an_action_done_days_ago_cannot_be_evaluated_yet(waits):
    action = create(waits)
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=3))
    with pytest.raises(ValidationError, match="not over yet"):
        services.action_evaluate(action=action)


def test_too_few_contacts_make_the_outcome_not_measurable(waits):
    action = create(waits, metric_filter={"channel": "chat"})
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    assert (action.evaluation["outcome"], action.evaluation["reason"]) == ("not_measurable", "too_few")


def test_going_back_from_done_clears_the_verdict(waits):
    action = create(waits)
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    services.action_set_status(action=action, status=Action.Status.IN_PROGRESS)
    assert action.done_on is None and action.evaluation == {}


def test_the_owner_must_work_in_the_workspace(waits, people):
    with pytest.raises(ValidationError):
        create(waits, owner=people["outi"])


def test_the_action_page_leads_with_better_and_a_down_arrow_when_waits_fell(waits, client, people):
    action = create(waits, target_value=120, today=today(waits) - timedelta(days=40))
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    page = login(client, people["cecilia"]).get(f"/w/voima/journeys/actions/{action.pk}/").text
    badge = page.split('data-verdict="', 1)[1].split("</details>", 1)[0]
    assert badge.startswith('better"') and "↓</span> better</summary>" in badge  # lower waits are better
    assert "p &lt; 0.001" in badge and "n = 81 before and 81 after" in badge
    assert page.index('data-verdict="better"') < page.index("Goal reached")


def test_a_follow_up_with_too_few_contacts_says_too_few_to_say(waits, client, people):
    action = create(waits, metric_filter={"channel": "chat"})
    services.action_set_status(action=action, status=Action.Status.DONE, today=today(waits) - timedelta(days=30))
    services.action_evaluate(action=action)
    page = login(client, people["cecilia"]).get(f"/w/voima/journeys/actions/{action.pk}/").text
    assert 'data-verdict="too_few"' in page and "Not yet measurable" in page
