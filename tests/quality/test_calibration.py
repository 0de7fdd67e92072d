"""Calibration: blind until submitted, agreement statistics, never counted in IQS."""

import pytest

from kohtaamo.quality.selectors.calibration import calibration_stats
from kohtaamo.quality.selectors.reports import iqs_overall
from kohtaamo.quality.services.evaluations import evaluation_save
from kohtaamo.quality.services.sessions import calibration_evaluation_open, calibration_session_create
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import GOOD, POOR, call


@pytest.fixture
def session(voima, people, org, scorecard):
    calls = [call(voima, "A1"), call(voima, "A2")]
    return calibration_session_create(
        workspace=voima, name="March <calls>", version=scorecard.current, interactions=calls,
        participants=[people["kalle"], people["leena"], people["cecilia"]], reference=people["kalle"],
    )  # fmt: skip


def score(session, user, answers_per_call):
    for interaction, answers in zip(session.interactions.order_by("pk"), answers_per_call, strict=True):
        evaluation = calibration_evaluation_open(session=session, interaction=interaction, evaluator=user)
        evaluation_save(evaluation=evaluation, answers=dict(answers), submit=True)


def test_others_are_hidden_until_i_submit(client, people, session):
    score(session, people["kalle"], [GOOD, POOR])
    page = login(client, people["leena"]).get(f"/w/voima/quality/calibration/{session.pk}/").content.decode()
    assert "1 hidden until you submit" in page and "Kalle: 100" not in page
    assert "Agreement per question" not in page
    assert "March &lt;calls&gt;" in page


def test_after_submitting_everything_i_see_the_others_and_the_statistics(client, people, session):
    score(session, people["kalle"], [GOOD, POOR])
    score(session, people["leena"], [GOOD, {"greeting": 0, "tone": 2, "identity": 1}])
    page = login(client, people["leena"]).get(f"/w/voima/quality/calibration/{session.pk}/").content.decode()
    assert "hidden until you submit" not in page
    assert "Agreement per question" in page and "ICC(2,1)" in page


def test_two_interactions_are_too_few_to_say_how_well_totals_agree(client, people, session):
    score(session, people["kalle"], [GOOD, POOR])
    score(session, people["leena"], [GOOD, {"greeting": 0, "tone": 2, "identity": 1}])
    page = login(client, people["leena"]).get(f"/w/voima/quality/calibration/{session.pk}/").content.decode()
    total = page.split("Agreement on total scores", 1)[1]
    assert total.split('data-verdict="', 1)[1].startswith('too_few"')
    assert "n = 2 interactions scored by everyone · at least 5 are needed" in total


def test_five_interactions_scored_alike_read_as_excellent_and_reliable(client, voima, people, org, scorecard):
    calls = [call(voima, f"B{i}") for i in range(5)]
    session = calibration_session_create(
        workspace=voima, name="April", version=scorecard.current, interactions=calls,
        participants=[people["kalle"], people["leena"]], reference=None,
    )  # fmt: skip
    answers = [GOOD, POOR, GOOD, POOR, POOR]
    score(session, people["kalle"], answers)
    score(session, people["leena"], answers)
    page = login(client, people["leena"]).get(f"/w/voima/quality/calibration/{session.pk}/").content.decode()
    total = page.split("Agreement on total scores", 1)[1]
    assert "excellent agreement</summary>" in total.split("</details>", 1)[0]
    assert "ICC(2,1) = 1.00" in total
    questions = page.split("Agreement per question", 1)[1]
    # Greeting and tone vary between calls and everyone agreed: reliable; identity was always 1, so α is undefined.
    assert questions.count('data-verdict="reliable"') == 2 and questions.count('data-verdict="too_few"') == 1


def test_a_participant_cannot_open_anothers_calibration_evaluation(client, people, session):
    score(session, people["kalle"], [GOOD, POOR])
    kalles = session.evaluations.first()
    assert login(client, people["leena"]).get(f"/w/voima/quality/evaluations/{kalles.pk}/").status_code == 404


def test_statistics_against_hand_worked_values(voima, people, session):
    score(session, people["kalle"], [GOOD, POOR])  # totals 100, 33.3
    score(session, people["leena"], [GOOD, {"greeting": 0, "tone": 2, "identity": 1}])  # 100, 16.7
    stats = calibration_stats(session=session, language="en")
    by_question = {q.question_id: q for q in stats.questions}
    assert by_question["greeting"].percent_agreement == 100.0
    assert by_question["tone"].percent_agreement == 50.0 and by_question["tone"].units == 2
    bias = {b.rater: b for b in stats.bias}
    assert stats.reference == "Kalle" and list(bias) == ["Leena"]
    assert bias["Leena"].mean_deviation == pytest.approx((0 + (100 / 6 - 100 / 3)) / 2)
    assert bias["Leena"].verdict == "harsh"
    assert stats.icc2_1 is not None and stats.icc_units == 2


def test_calibration_scores_never_count_in_iqs(voima, people, session):
    score(session, people["kalle"], [GOOD, POOR])
    assert iqs_overall(actor=Actor(people["cecilia"], voima, "cx_manager")).n == 0


def test_only_participants_score(client, people, session):
    interaction = session.interactions.first()
    response = login(client, people["aino"]).post(f"/w/voima/quality/calibration/{session.pk}/score/{interaction.pk}/")
    assert response.status_code == 404


def test_a_session_is_created_from_the_page(client, voima, people, org, scorecard):
    first, second = call(voima, "A1"), call(voima, "A2")
    response = login(client, people["kalle"]).post(
        "/w/voima/quality/calibration/",
        {"name": "Week 12", "scorecard": scorecard.pk, "interactions": f"{first.pk}, {second.pk}",
         "participants": [people["kalle"].pk, people["leena"].pk]},
    )  # fmt: skip
    assert response.status_code == 302


def test_a_session_needs_two_evaluators(client, voima, people, org, scorecard):
    response = login(client, people["kalle"]).post(
        "/w/voima/quality/calibration/",
        {"name": "x", "scorecard": scorecard.pk, "interactions": str(call(voima, "A1").pk),
         "participants": [people["kalle"].pk]},
    )  # fmt: skip
    assert response.status_code == 422 and "Choose at least two evaluators." in response.content.decode()
