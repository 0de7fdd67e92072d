"""AQS (automatic) beside IQS in the reports: its own mean, n and interval per group, never mixed into IQS."""

import csv
import io
import math
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.quality.models import AutoReview
from kohtaamo.quality.selectors.aqs import aqs_by_group, with_aqs
from kohtaamo.quality.selectors.reports import ReportFilter, iqs_report
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import GOOD, POOR, call
from .factories import submitted


def automatic(interaction, aqs, *, applicable=True):
    """Give an interaction an automatic review with this score (whatever ingest may have made)."""
    AutoReview.objects.update_or_create(
        interaction=interaction,
        defaults={"workspace": interaction.workspace, "content_hash": "x", "applicable": applicable, "aqs": aqs,
                  "interaction_at": interaction.started_at, "agent": interaction.agent,
                  "checked_at": timezone.now()},
    )  # fmt: skip


@pytest.fixture
def crafted(voima, people, org, scorecard):
    """Ville: IQS from 3 evaluations, AQS 50/70/90 (mean 70) plus reviews that must not count; Vilja: no AQS."""
    for answers in (GOOD, GOOD, POOR):
        submitted(voima, scorecard, people["kalle"], "A1", answers)
    submitted(voima, scorecard, people["kalle"], "A3", POOR)
    for score in (50.0, 70.0, 90.0):
        automatic(call(voima, "A1"), score)
    automatic(call(voima, "A1"), None)  # checks not applicable: no score
    automatic(call(voima, "A1"), 0.0, applicable=False)
    old = (timezone.now() - timedelta(days=400)).isoformat()
    automatic(call(voima, "A1", started_at=old), 0.0)  # outside the report's months


def manager(voima, people):
    return Actor(people["cecilia"], voima, "cx_manager")


def report_range(voima):
    now = timezone.now()
    return ReportFilter(start=now - timedelta(days=30), end=now + timedelta(days=1))


def test_aqs_per_agent_has_its_own_mean_n_and_interval(voima, people, org, crafted):
    actor, filters = manager(voima, people), report_range(voima)
    rows = {r.label: r for r in with_aqs(actor=actor, by="agent", filters=filters,
                                         rows=iqs_report(actor=actor, by="agent", filters=filters))}  # fmt: skip
    ville = rows["Ville"]
    assert ville.aqs.n == 3 and ville.aqs.value == pytest.approx(70.0)
    # sd of (50, 70, 90) = 20; t(2) = 4.303: 70 ± 49.7, clipped at 100.
    assert ville.aqs.ci_low == pytest.approx(70 - 4.3027 * 20 / math.sqrt(3), abs=0.01) and ville.aqs.ci_high == 100
    # IQS is untouched by the automatic scores.
    assert ville.estimate.n == 3 and ville.estimate.value == pytest.approx((100 + 100 + 100 / 3) / 3)
    assert rows["Vilja"].aqs is None


@pytest.mark.parametrize(("by", "expected"), [("team", 3), ("channel", 3), ("queue", 3), ("month", 3), ("version", 0)])
def test_aqs_in_every_grouping(voima, people, crafted, by, expected):
    found = aqs_by_group(actor=manager(voima, people), by=by, filters=report_range(voima))
    assert sum(e.n for e in found.values()) == expected


def test_a_lead_sees_only_their_teams_aqs(voima, people, org, crafted):
    automatic(call(voima, "A3"), 10.0)  # Vilja is in Vaasa, not Leena's team
    lead = Actor(people["leena"], voima, "team_lead")
    found = aqs_by_group(actor=lead, by="agent", filters=report_range(voima))
    assert set(found) == {org["ville"].pk}


def _row(page: str, name: str) -> str:
    return re.search(rf">{name}</a></td>(.*?)</tr>", page, re.S).group(1)


def test_the_report_page_shows_aqs_beside_iqs(client, people, crafted):
    page = login(client, people["cecilia"]).get("/w/voima/quality/reports/?by=agent").content.decode()
    assert "AQS (automatic)" in page
    ville, vilja = _row(page, "Ville"), _row(page, "Vilja")
    iqs_cell, aqs_cell = ville.split("</td>")[:2]
    assert "n=3" in iqs_cell and '"aqs">70.0<' in aqs_cell and "n=3" in aqs_cell
    assert vilja.split("</td>")[1].strip().startswith('<td><span class="muted"') and ">–</span>" in vilja


def test_the_csv_has_aqs_columns_at_the_end(client, people, crafted):
    response = login(client, people["cecilia"]).get("/w/voima/quality/reports/iqs.csv?by=agent")
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["agent"] == ["agent", "evaluations", "iqs", "ci95_low", "ci95_high", "too_few",
                             "aqs_interactions", "aqs_automatic", "aqs_ci95_low", "aqs_ci95_high"]  # fmt: skip
    assert rows["Ville"][1] == "3" and rows["Ville"][6:8] == ["3", "70.0"] and rows["Ville"][9] == "100.0"
    assert rows["Vilja"][6:] == ["0", "", "", ""]
