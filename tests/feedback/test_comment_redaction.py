"""A customer's own words in survey answers are masked before they are stored (docs/privacy.md)."""

from kohtaamo.feedback.models import Answer
from kohtaamo.feedback.services.invitations import invitation_create
from kohtaamo.workspaces.services import workspace_redaction_set
from tests.feedback.test_api import answer_record as api_answer
from tests.feedback.test_api import post
from tests.timeline.test_redaction_on_ingest import every_value_in_the_database

EMAIL = "pekka.puro@example.com"
PHONE = "+358 40 765 4321"


def answer_record(contact, **overrides):
    """The API test's answer, a detractor's, with personal data and a date in its comment."""
    comment = f"Nobody called back. Reach me at {EMAIL} or {PHONE} before 12.3.2026."
    return api_answer(contact, **{"value": 3, "comment": comment, **overrides})


def test_a_public_survey_comment_is_masked(client, survey, contact):
    invitation = invitation_create(survey=survey, interaction=contact)
    for step, (key, value) in enumerate([("csat", "2"), ("ces", "3"), ("resolved", "no"), ("nps", "4")]):
        client.post(f"/s/{invitation.token}/", {"step": step, key: value, "action": "next"})
    client.post(f"/s/{invitation.token}/", {"step": 4, "comment": f"Write to {EMAIL}, please", "action": "next"})
    comment = Answer.objects.get(question_key="comment")
    assert (comment.text, comment.redacted_kinds) == ("Write to [EMAIL], please", ["email"])
    assert EMAIL not in every_value_in_the_database()
    assert Answer.objects.get(question_key="nps").redacted_kinds == []


def test_an_imported_comment_is_masked_and_sending_it_again_changes_nothing(api, contact):
    assert post(api, answer_record(contact)).json()["created"] == 1
    answer = Answer.objects.get()
    assert answer.text == "Nobody called back. Reach me at [EMAIL] or [PHONE] before 12.3.2026."
    assert answer.redacted_kinds == ["email", "phone"]
    assert not [original for original in (EMAIL, PHONE) if original in every_value_in_the_database()]
    assert post(api, answer_record(contact)).json()["unchanged"] == 1
    # The hash is of the masked comment: the masked version is the same answer.
    assert post(api, answer_record(contact, comment=answer.text)).json()["unchanged"] == 1


def test_a_free_text_answers_value_is_masked(api, contact):
    post(api, answer_record(contact, external_id="t1", type="text", value=f"mail {EMAIL}", comment=None))
    assert Answer.objects.get().text == "mail [EMAIL]"


def test_with_the_setting_off_a_comment_is_kept_as_written(api, voima, contact):
    workspace_redaction_set(workspace=voima, redact_personal_data=False)
    post(api, answer_record(contact))
    answer = Answer.objects.get()
    assert EMAIL in answer.text and answer.redacted_kinds == []
