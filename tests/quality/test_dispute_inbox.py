"""The disputes inbox: categories name an arbitrator, the arbitrator decides, the decision is recorded."""

import pytest
from django.core.exceptions import ValidationError

from kohtaamo.quality.models import Dispute, DisputeCategory
from kohtaamo.quality.services.disputes import dispute_category_save, dispute_open
from kohtaamo.workspaces.access import Role
from tests.factories import login, person

from .conftest import POOR
from .factories import submitted


@pytest.fixture
def helena(voima):
    """A second QA evaluator, not assigned to any team: she sees an evaluation only as its arbitrator."""
    return person("helena@voima.fi", voima, Role.QA_EVALUATOR)


@pytest.fixture
def category(voima, helena):
    return dispute_category_save(workspace=voima, name="Question scored wrong", arbitrator=helena)


@pytest.fixture
def evaluation(voima, people, org, scorecard):
    return submitted(voima, scorecard, people["kalle"], "A1", POOR)


def test_the_agent_chooses_a_category_and_its_arbitrator_gets_the_dispute(client, people, evaluation, category):
    client = login(client, people["ville"])
    page = client.get(f"/w/voima/quality/evaluations/{evaluation.pk}/").content.decode()
    assert "Question scored wrong" in page
    response = client.post(
        f"/w/voima/quality/evaluations/{evaluation.pk}/dispute/",
        {"reason": "I did greet", "category": str(category.pk)},
        follow=True,
    )
    assert "Your dispute was sent to Helena." in response.content.decode()
    dispute = Dispute.objects.get()
    assert dispute.category == category and dispute.arbitrator.email == "helena@voima.fi"


def test_the_arbitrator_finds_it_in_the_inbox_and_decides(client, people, evaluation, category, helena):
    dispute = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="I did greet", category=category)
    client = login(client, helena)
    inbox = client.get("/w/voima/quality/disputes/?mine=1").content.decode()
    assert "I did greet" in inbox and "Question scored wrong" in inbox and "Decide" in inbox
    # The evaluator is not the judge of their own evaluation once an arbitrator is named.
    kalle = login(client.__class__(), people["kalle"])
    assert "Partially accept" not in kalle.get(f"/w/voima/quality/evaluations/{evaluation.pk}/").content.decode()
    assert kalle.post(f"/w/voima/quality/disputes/{dispute.pk}/resolve/", {"decision": "rejected"}).status_code == 404

    response = login(client, helena).post(
        f"/w/voima/quality/disputes/{dispute.pk}/resolve/",
        {"decision": "rejected", "resolution": "Greeting was missing."},
        follow=True,
    )
    assert "The dispute is resolved" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.status == "rejected" and dispute.resolved_by == helena and dispute.resolved_at is not None
    assert "No dispute is waiting for a decision." in client.get("/w/voima/quality/disputes/").content.decode()
    decided = client.get("/w/voima/quality/disputes/?status=resolved").content.decode()
    assert "Greeting was missing." in decided and "Rejected" in decided


def test_without_an_arbitrator_the_evaluator_decides(client, people, evaluation, voima):
    open_ = dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="Tone was fine")
    inbox = login(client, people["kalle"]).get("/w/voima/quality/disputes/?mine=1").content.decode()
    assert "Tone was fine" in inbox and "(evaluator)" in inbox
    assert open_.arbitrator is None


def test_the_inbox_filters_by_category(client, people, evaluation, voima, category, scorecard):
    other = dispute_category_save(workspace=voima, name="Wrong call", arbitrator=None)
    dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="first one", category=category)
    second = submitted(voima, scorecard, people["kalle"], "A1", POOR)
    dispute_open(evaluation=second, opened_by=people["ville"], reason="second one", category=other)
    page = login(client, people["cecilia"]).get(f"/w/voima/quality/disputes/?category={other.pk}").content.decode()
    assert "second one" in page and "first one" not in page


def test_the_qa_lead_adds_a_category_and_names_are_unique(client, people, voima, helena):
    client = login(client, people["kalle"])
    client.post("/w/voima/quality/disputes/categories/", {"name": "Rule misread", "arbitrator": str(helena.pk)})
    assert DisputeCategory.objects.get(workspace=voima).arbitrator == helena
    response = client.post("/w/voima/quality/disputes/categories/", {"name": "Rule misread"}, follow=True)
    assert "There is already a category with this name." in response.content.decode()
    assert (
        login(client, people["leena"]).post("/w/voima/quality/disputes/categories/", {"name": "x"}).status_code == 403
    )
    assert login(client, people["ville"]).get("/w/voima/quality/disputes/").status_code == 403


def test_a_category_of_another_workspace_is_refused(people, evaluation, linkki):
    foreign = dispute_category_save(workspace=linkki, name="Elsewhere", arbitrator=None)
    with pytest.raises(ValidationError):
        dispute_open(evaluation=evaluation, opened_by=people["ville"], reason="x", category=foreign)


def test_another_workspaces_category_id_in_the_form_is_ignored(client, people, evaluation, linkki):
    foreign = dispute_category_save(workspace=linkki, name="Elsewhere", arbitrator=None)
    login(client, people["ville"]).post(
        f"/w/voima/quality/evaluations/{evaluation.pk}/dispute/", {"reason": "x", "category": str(foreign.pk)}
    )
    assert Dispute.objects.get().category is None
