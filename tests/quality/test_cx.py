"""QA-to-CX: CSAT and NPS where a question passed vs failed, on a small hand-built dataset."""

import pytest

from kohtaamo.quality.selectors.cx import qa_to_cx
from kohtaamo.quality.selectors.reports import ReportFilter
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import GOOD, POOR
from .factories import submitted


@pytest.fixture
def dataset(voima, people, org, scorecard):
    """Greeting passed on 4 calls (CSAT 5, 5, 4, 4) and failed on 4 (CSAT 2, 1, 4, 2)."""
    for csat in (5, 5, 4, 4):
        submitted(voima, scorecard, people["kalle"], "A1", GOOD, attributes={"csat": csat, "nps": 9})
    for csat in (2, 1, 4, 2):
        submitted(voima, scorecard, people["kalle"], "A2", POOR, attributes={"csat": csat})
    submitted(voima, scorecard, people["kalle"], "A3", POOR)  # no survey: left out


def result(voima, people, scorecard, min_n):
    rows = qa_to_cx(actor=Actor(people["cecilia"], voima, "cx_manager"), filters=ReportFilter(scorecard=scorecard),
                    language="en", min_n=min_n)  # fmt: skip
    return {row.question_id: row for row in rows}


def test_the_csat_difference_between_passed_and_failed(voima, people, scorecard, dataset):
    greeting = result(voima, people, scorecard, min_n=3)["greeting"]
    # CSAT %: passed 4/4 satisfied, failed 1/4 → +75 points.
    assert greeting.csat.difference.difference == pytest.approx(75.0)
    assert (greeting.csat.difference.n1, greeting.csat.difference.n2) == (4, 4)
    assert greeting.csat.difference.ci_low < 75 < greeting.csat.difference.ci_high
    assert greeting.csat.verdict == "helps"


def test_too_few_answers_is_no_evidence_yet(voima, people, scorecard, dataset):
    rows = result(voima, people, scorecard, min_n=30)
    assert rows["greeting"].csat.verdict == "no_evidence"
    assert rows["greeting"].nps.verdict == "no_evidence" and rows["greeting"].nps.difference.n2 == 0


def test_a_question_that_always_passes_has_no_comparison(voima, people, scorecard, dataset):
    identity = result(voima, people, scorecard, min_n=3)["identity"]
    assert identity.csat.difference.n2 == 0 and identity.csat.verdict == "no_evidence"


def test_the_page_shows_n_and_the_verdict(client, people, scorecard, dataset):
    page = login(client, people["cecilia"]).get(f"/w/voima/quality/cx/?scorecard={scorecard.pk}").content.decode()
    assert "Greeted the customer" in page and "4 / 4" in page
    greeting = page.split("Greeted the customer", 1)[1].split("</tr>", 1)[0]
    assert greeting.count('data-verdict="too_few"') == 2 and "too few to say</summary>" in greeting
    assert "at least 30 answers are needed on each side" in greeting
