"""Imported low scores about a handled contact open the same follow-up a survey answer does, once."""

from datetime import timedelta

from kohtaamo.feedback.models import FollowUp
from kohtaamo.feedback.services.imports import responses_import


def low_score(contact, **overrides) -> dict:
    data = {
        "external_id": f"imp-{contact.external_id}-csat",
        "response_id": f"imp-{contact.external_id}",
        "source": "qualtrics",
        "interaction_external_id": contact.external_id,
        "type": "csat",
        "value": 1,
        "answered_at": (contact.ended_at + timedelta(hours=1)).isoformat(),
    }
    return {**data, **overrides}


def run(workspace, *records):
    return responses_import(workspace=workspace, records=list(enumerate(records)))


def test_an_imported_detractor_gets_a_follow_up_for_the_team_lead(voima, people, contact):
    run(voima, low_score(contact))
    follow_up = FollowUp.objects.get()
    assert (follow_up.agent_id, follow_up.team_id, follow_up.assignee) == (
        contact.agent_id,
        contact.team_id,
        people["leena"],
    )
    assert follow_up.reason == "CSAT 1" and follow_up.customer_id == contact.customer_id


def test_re_importing_or_updating_the_answers_adds_no_second_follow_up(voima, contact):
    run(voima, low_score(contact))
    report = run(voima, low_score(contact), low_score(contact, value=2))
    run(voima, low_score(contact, external_id="imp-nps", type="nps", value=0))
    assert (report.unchanged, report.updated) == (1, 1)
    assert FollowUp.objects.count() == 1


def test_a_good_score_or_a_score_without_a_contact_opens_nothing(voima, contact):
    email = contact.customer.identities.filter(kind="email").values_list("value", flat=True).first()
    report = run(
        voima,
        low_score(contact, value=5),
        low_score(
            contact, external_id="anon", response_id="anon", interaction_external_id=None, customer={"email": email}
        ),
    )
    assert report.created == 2 and not report.rejected
    assert not FollowUp.objects.exists()
