"""Disputes: a reason is required, accept / partially accept re-score, reject keeps the score, history kept."""

import pytest
from django.core.exceptions import ValidationError

from kohtaamo.quality.models import Dispute
from kohtaamo.quality.services.disputes import dispute_open, dispute_resolve
from tests.factories import login

from .conftest import POOR
from .factories import submitted


@pytest.fixture
def evaluation(voima, people, org, scorecard):
    return submitted(voima, scorecard, people["kalle"], "A1", POOR)


def url(evaluation, suffix=""):
    return f"/w/voima/quality/evaluations/{evaluation.pk}/{suffix}"


def test_the_agent_acknowledges_their_evaluation(client, people, evaluation):
    login(client, people["ville"]).post(url(evaluation, "acknowledge/"))
    evaluation.refresh_from_db()
    assert evaluation.status == "acknowledged" and evaluation.acknowledged_at is not None


def test_a_dispute_needs_a_reason(client, people, evaluation):
    client = login(client, people["ville"])
    response = client.post(url(evaluation, "dispute/"), {"reason": "   "}, follow=True)
    assert "Say why you dispute the evaluation." in response.content.decode()
    assert not Dispute.objects.exists()


def test_the_agent_disputes_and_the_evaluator_sees_it(client, people, evaluation):
    login(client, people["ville"]).post(url(evaluation, "dispute/"), {"reason": "I did greet <b>them</b>"})
    evaluation.refresh_from_db()
    assert evaluation.status == "disputed"
    page = login(client, people["kalle"]).get(url(evaluation)).content.decode()
    assert "I did greet &lt;b&gt;them&lt;/b&gt;" in page and "Partially accept" in page


def test_only_the_agent_may_dispute(client, people, evaluation):
    assert login(client, people["leena"]).post(url(evaluation, "dispute/"), {"reason": "x"}).status_code == 404


def test_the_agent_cannot_resolve_their_own_dispute(client, people, evaluation):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="I greeted")
    client = login(client, people["ville"])
    assert client.post(f"/w/voima/quality/disputes/{dispute.pk}/resolve/", {"decision": "rejected"}).status_code == 403


def test_accepting_rescores_and_keeps_the_history(client, people, evaluation):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="I greeted", questions=["greeting"])
    login(client, people["kalle"]).post(
        f"/w/voima/quality/disputes/{dispute.pk}/resolve/",
        {"decision": "accepted", "resolution": "You did.", "q-greeting": "1", "q-tone": "3", "q-identity": "1"},
    )
    dispute.refresh_from_db()
    evaluation.refresh_from_db()
    assert dispute.status == "accepted" and dispute.score_before == pytest.approx(100 / 3)
    assert dispute.score_after == pytest.approx(200 / 3) == evaluation.total
    assert dispute.answers_before == {"greeting": 0, "tone": 3, "identity": 1}
    assert evaluation.status == "submitted"


def test_partial_acceptance_gives_a_new_score(people, evaluation):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Tone was fine")
    dispute_resolve(dispute=dispute, resolved_by=people["leena"], decision="partial", resolution="Tone 4, not 5",
                    answers={"greeting": 0, "tone": 4, "identity": 1})  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.total == pytest.approx(50.0)


def test_accepting_without_changing_an_answer_is_refused(people, evaluation):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Unfair")
    with pytest.raises(ValidationError):
        dispute_resolve(dispute=dispute, resolved_by=people["kalle"], decision="accepted", resolution="ok",
                        answers=dict(evaluation.answers))  # fmt: skip


def test_rejecting_keeps_the_score_and_the_agent_may_dispute_again(people, evaluation):
    first = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Unfair")
    dispute_resolve(dispute=first, resolved_by=people["kalle"], decision="rejected", resolution="It was right.")
    evaluation.refresh_from_db()
    assert evaluation.total == pytest.approx(100 / 3) and evaluation.status == "submitted"
    dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Please listen again")
    assert list(evaluation.disputes.values_list("status", flat=True)) == ["rejected", "open"]


def test_a_resolved_dispute_cannot_be_resolved_again(people, evaluation):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Unfair")
    dispute_resolve(dispute=dispute, resolved_by=people["kalle"], decision="rejected", resolution="No.")
    with pytest.raises(ValidationError):
        dispute_resolve(dispute=dispute, resolved_by=people["kalle"], decision="rejected", resolution="No.")
