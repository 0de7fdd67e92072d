"""Reports: IQS with n and a t interval per group, pass rates, trends, worst questions, CSV."""

import csv
import io
import math
from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.quality.selectors.reports import ReportFilter, agent_trends, iqs_report, pass_rates
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import GOOD, POOR
from .factories import submitted


@pytest.fixture
def scored(voima, people, org, scorecard):
    for answers in (GOOD, GOOD, POOR):
        submitted(voima, scorecard, people["kalle"], "A1", answers)
    submitted(voima, scorecard, people["kalle"], "A3", POOR)
    submitted(voima, scorecard, people["ville"], "A1", POOR, kind="self")


def manager(voima, people):
    return Actor(people["cecilia"], voima, "cx_manager")


def test_iqs_per_agent_has_n_and_a_t_interval(voima, people, scored):
    rows = {r.label: r.estimate for r in iqs_report(actor=manager(voima, people), by="agent")}
    ville = rows["Ville"]
    assert ville.n == 3 and ville.value == pytest.approx((100 + 100 + 100 / 3) / 3)
    # t(2) = 4.303; sd of (100, 100, 33.3) = 38.49; half width 95.6, clipped to the 0–100 range.
    assert (ville.ci_low, ville.ci_high) == (0.0, 100.0) and ville.too_few
    assert rows["Vilja"].n == 1 and math.isnan(rows["Vilja"].ci_low)


def test_self_evaluations_do_not_count(voima, people, scored):
    rows = {r.label: r.estimate.n for r in iqs_report(actor=manager(voima, people), by="agent")}
    assert rows == {"Ville": 3, "Vilja": 1}


@pytest.mark.parametrize("by", ["team", "channel", "queue", "month", "version"])
def test_every_grouping_adds_up(voima, people, scored, by):
    assert sum(r.estimate.n for r in iqs_report(actor=manager(voima, people), by=by)) == 4


def test_pass_rates_per_question(voima, people, scorecard, scored):
    found = pass_rates(actor=manager(voima, people), filters=ReportFilter(scorecard=scorecard), language="en")
    rates = {r.question_id: r for r in found}
    assert (rates["greeting"].answered, rates["greeting"].rate.value) == (4, 50.0)
    assert rates["tone"].rate.value == 100.0 and rates["greeting"].text == "Greeted the customer"


def test_trend_per_month(voima, people, org, scorecard):
    for days in (0, 35, 36):
        when = (timezone.now() - timedelta(days=days)).isoformat()
        submitted(voima, scorecard, people["kalle"], "A1", started_at=when)
    trend = agent_trends(actor=manager(voima, people), agents=[org["ville"]])[org["ville"].pk]
    assert [r.estimate.n for r in trend] in ([2, 1], [1, 1, 1], [3])  # month boundaries vary with today's date


def test_the_report_page_and_csv(client, people, scored):
    client = login(client, people["cecilia"])
    page = client.get("/w/voima/quality/reports/?by=team").content.decode()
    assert "Helsinki" in page and "n=3" in page and "too few to rank" in page and "agents-trend" in page
    response = client.get("/w/voima/quality/reports/iqs.csv?by=agent")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["agent", "evaluations", "iqs", "ci95_low", "ci95_high", "too_few"]
    assert rows[1][:2] == ["Ville", "3"]


def test_csv_cells_cannot_become_formulas(client, voima, people, org, scored):
    org["ville"].name = "=HYPERLINK(1)"
    org["ville"].save()
    response = login(client, people["cecilia"]).get("/w/voima/quality/reports/iqs.csv?by=agent")
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_agent_names_are_escaped_on_the_report(client, voima, people, org, scored):
    org["vilja"].name = "<b>Vilja</b>"
    org["vilja"].save()
    page = login(client, people["cecilia"]).get("/w/voima/quality/reports/?by=agent").content.decode()
    assert "<b>Vilja</b>" not in page and "&lt;b&gt;Vilja&lt;/b&gt;" in page


def test_the_agent_table_finds_an_agent_by_name_and_keeps_the_filters(client, people, scored):
    client = login(client, people["cecilia"])
    page = client.get("/w/voima/quality/reports/?by=agent&team=&find=vil")
    assert [row.label for row in page.context["rows"].rows] == ["Ville", "Vilja"]
    html = page.content.decode()
    assert 'name="find" value="vil"' in html and '<input type="hidden" name="by" value="agent">' in html
    assert "2 of 2 match “vil”." in html
    nobody = client.get("/w/voima/quality/reports/?by=agent&find=zz").content.decode()
    assert "No name matches the search." in nobody


def test_the_report_is_in_sections_with_contents(client, people, scored):
    html = login(client, people["cecilia"]).get("/w/voima/quality/reports/").content.decode()
    for anchor in ("overview", "by-group", "trends", "questions"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
