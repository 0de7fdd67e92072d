"""The operations pages: leads plan, agents are refused, other brands see nothing, text is escaped."""

import pytest

from kohtaamo.operations.models import Forecast, Plan, ShiftPattern
from kohtaamo.workspaces.models import Team
from tests.factories import login

PAGES = ("", "forecasts/", "plans/", "compare/", "settings/")


@pytest.mark.parametrize("page", PAGES)
def test_an_agent_is_refused_every_page(client, people, page):
    assert login(client, people["ville"]).get(f"/w/voima/operations/{page}").status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_another_workspaces_pages_are_404(client, people, page):
    assert login(client, people["outi"]).get(f"/w/voima/operations/{page}").status_code == 404


def test_another_workspaces_plan_is_404_even_by_id(client, people, plan):
    assert login(client, people["outi"]).get(f"/w/linkki/operations/plans/{plan.pk}/").status_code == 404


def test_a_team_lead_sees_the_dashboard_with_its_figures(client, people, three_weeks):
    page = login(client, people["leena"]).get(
        "/w/voima/operations/?start=2026-03-02&end=2026-03-22&grain=week&by=channel&channel="
    )
    assert page.status_code == 200
    assert page.context["table"].overall.offered == 6 * 15 + 2 * 6
    assert b'id="dashboard-data"' in page.content


def test_the_navigation_shows_operations_to_leads_only(client, people, voima):
    assert b"/w/voima/operations/" in login(client, people["leena"]).get("/w/voima/customers/").content
    client.logout()
    assert b"/w/voima/operations/" not in login(client, people["ville"]).get("/w/voima/customers/").content


def test_a_lead_builds_forecasts_and_sees_the_backtest(client, people, three_weeks):
    login(client, people["leena"])
    response = client.post(
        "/w/voima/operations/forecasts/build/", {"start": "2026-03-23", "days": 7, "interval_minutes": 30}
    )
    assert response.status_code == 302
    page = client.get("/w/voima/operations/forecasts/")
    assert page.context["forecasts"][0].backtest["holdout_days"] == 7
    detail = client.get(f"/w/voima/operations/forecasts/{page.context['forecasts'][0].pk}/")
    assert detail.status_code == 200 and b'id="forecast-data"' in detail.content


def test_forecast_accuracy_leads_with_a_plain_verdict(client, people, voima, three_weeks):
    from kohtaamo.operations.services import forecasts_build

    forecasts_build(workspace=voima, start=three_weeks, days=7)
    forecast = Forecast.objects.get()
    login(client, people["leena"])
    # A week of 34 held-out calls: the backtest is shown but too small to judge.
    detail = client.get(f"/w/voima/operations/forecasts/{forecast.pk}/").text
    assert 'data-verdict="too_few"' in detail and "at least 7 days and 100 contacts are needed" in detail
    for wape_day, verdict in ((0.08, "good"), (0.2, "fair"), (0.35, "poor")):
        Forecast.objects.filter(pk=forecast.pk).update(
            backtest={**forecast.backtest, "actual": 640.0, "wape_day": wape_day, "wape_interval": 0.3, "bias": -0.02}
        )
        listing = client.get("/w/voima/operations/forecasts/").text
        assert f'data-verdict="{verdict}"' in listing and f"forecast accuracy {verdict}</summary>" in listing
        assert f"WAPE {wape_day * 100:.1f} % per day · 30.0 % per interval · bias −2.0 %" in listing


def test_a_plan_shows_its_staffing_table_and_gap(client, people, plan, voima):
    Team.objects.create(workspace=voima, key="hki", name="<b>Helsinki</b>")
    login(client, people["cecilia"])
    client.post(
        f"/w/voima/operations/plans/{plan.pk}/shifts/",
        {
            "team": Team.objects.get(key="hki").pk,
            "weekdays": [0, 1, 2, 3, 4],
            "start_time": "08:00",
            "end_time": "16:00",
            "heads": 3,
        },
    )
    assert ShiftPattern.objects.filter(plan=plan).count() == 1
    page = client.get(f"/w/voima/operations/plans/{plan.pk}/?day=2026-03-23")
    assert page.status_code == 200
    rows = page.context["interval_rows"]
    assert len(rows) == 48 and rows[16]["planned"] == 3
    chart = page.context["chart_data"]  # the chart shows the chosen day, interval by interval
    assert len(chart["x"]) == 48 and chart["x"][16] == "2026-03-23 08:00" and chart["planned"][16] == 3
    assert page.context["next_day"].isoformat() == "2026-03-24"
    assert b'href="?day=2026-03-24#day"' in page.content
    assert b"<b>Helsinki</b>" not in page.content and b"&lt;b&gt;Helsinki&lt;/b&gt;" in page.content


def test_a_plan_reads_in_finnish_without_offsets_or_keys(client, people, plan):
    """Every row said "0.00 +0200", the shrinkage "breaks 10 %", the heatmap "Mon 2026-03-23" and "08:00"."""
    login(client, people["cecilia"])
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    page = client.get(f"/w/voima/operations/plans/{plan.pk}/?day=2026-03-23")
    assert "tauot 10 %" in page.text and "breaks" not in page.text
    assert "+0200" not in page.text
    heatmap = page.context["chart_data"]["gap_heatmap"]
    assert heatmap["y"][0] == "ma 23.3.2026" and heatmap["x"][16] == "8.00"


def test_running_a_scenario_opens_the_comparison(client, people, plan):
    login(client, people["leena"])
    response = client.post(f"/w/voima/operations/plans/{plan.pk}/scenarios/", {"name": "Storm", "volume_percent": 30})
    storm = Plan.objects.get(name="Storm")
    assert response.status_code == 302 and response["Location"].endswith(f"?plans={plan.pk}&plans={storm.pk}")
    page = client.get(response["Location"])
    (_, base), (_, heavy) = page.context["columns"]
    assert storm.volume_factor == pytest.approx(1.3)
    assert heavy["volume"] == pytest.approx(1.3 * base["volume"])


def test_an_agent_cannot_post_a_scenario(client, people, plan):
    response = login(client, people["ville"]).post(f"/w/voima/operations/plans/{plan.pk}/scenarios/", {"name": "x"})
    assert response.status_code == 403 and not Plan.objects.filter(name="x").exists()


def test_shift_csv_upload_reports_bad_rows(client, people, plan, voima):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Team.objects.create(workspace=voima, key="hki", name="Helsinki")
    login(client, people["leena"])
    upload = SimpleUploadedFile("shifts.csv", b"team,weekdays,start,end,heads\nhki,0-4,08:00,16:00,5\nx,0,8,9,1\n")
    response = client.post(f"/w/voima/operations/plans/{plan.pk}/shifts/import/", {"file": upload}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert texts[0] == "Shifts imported: 1. Rows rejected: 1." and "Line 3" in texts[1]


def test_kpi_settings_change_the_service_level_goal(client, people, voima):
    login(client, people["cecilia"])
    data = {"short_abandon_seconds": 3}
    for channel in ("phone", "chat", "email", "whatsapp", "social", "sms", "in_person"):
        data[f"sl_{channel}_target"], data[f"sl_{channel}_seconds"] = 80, 30
    assert client.post("/w/voima/operations/settings/", data).status_code == 302
    assert voima.operations_settings.service_level("phone") == (0.8, 30.0)
