"""Automatic QA stored apart from evaluations: queued per ingest batch, run in bulk, overrides keep the original."""

import pytest
from django_tasks_db.models import DBTaskResult

from kohtaamo.cli import main
from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.privacy.models import AuditEvent
from kohtaamo.quality.models import AutoAnswer, AutoReview
from kohtaamo.quality.services.autoqa import auto_answer_override, autoqa_pending_count, autoqa_run
from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.quality.tasks import autoqa_catch_up
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest, record

from .conftest import MINI_FORM

TRANSCRIPT = [
    {"speaker": "agent", "text": "Hei, Voima Sähkö, Ville puhelimessa", "at": 0},
    {"speaker": "customer", "text": "Hei, laskussa on virhe", "at": 4},
    {"speaker": "agent", "text": "Selvä, hetki, tarkistan", "at": 8},
    {"speaker": "agent", "text": "No niin, korjasin sen", "at": 90},  # the hold is not thanked
    {"speaker": "customer", "text": "Kiitos", "at": 95},
    {"speaker": "agent", "text": "Hyvää päivänjatkoa!", "at": 98},
]


def store(voima, external_id, transcript=TRANSCRIPT, **fields):
    ingest(voima, record(external_id=external_id, agent={"id": "A1", "name": "Ville"}, transcript=transcript, **fields))
    return Interaction.objects.get(workspace=voima, external_id=external_id)


def queued():
    return DBTaskResult.objects.filter(task_path="kohtaamo.quality.tasks.autoqa_catch_up").count()


def answers_of(interaction):
    return {a.check_name: a for a in AutoAnswer.objects.filter(review__interaction=interaction)}


@pytest.mark.django_db(transaction=True)
def test_an_ingest_batch_with_transcripts_queues_one_run(voima):
    ingest(voima, *(record(transcript=TRANSCRIPT) for _ in range(3)))
    assert queued() == 1  # per batch, not per record
    ingest(voima, record())  # no transcript: nothing to check
    assert queued() == 1


@pytest.mark.django_db(transaction=True)
def test_batches_while_a_run_waits_queue_no_second_one(voima):
    for _ in range(3):
        ingest(voima, record(transcript=TRANSCRIPT))
    assert queued() == 1  # the waiting run checks all three batches


def test_the_background_run_stores_answers_with_evidence(voima):
    interaction = store(voima, "c1", customer={"external_id": "k1", "name": "Mikko Virtanen"})
    assert autoqa_catch_up.call(voima.pk) == {"checked": 1, "skipped": 0}
    review = AutoReview.objects.get(interaction=interaction)
    answers = answers_of(interaction)
    assert (answers["greeting"].passed, answers["greeting"].evidence_turn) == (True, 0)
    assert "hei" in answers["greeting"].matched and "voima sähkö" in answers["greeting"].matched
    assert (answers["closing"].passed, answers["closing"].evidence_turn) == (True, 5)
    assert (answers["hold_announced"].passed, answers["hold_announced"].evidence_turn) == (False, 2)
    assert (answers["customer_name_used"].passed, answers["customer_name_used"].evidence_turn) == (False, None)
    assert "forbidden_phrases" not in answers  # no scorecard gives phrases
    assert review.aqs == 50.0 and review.agent.name == "Ville"
    assert review.sentiment_start is not None and review.agent_max_response_seconds is None  # a call


def test_only_conversations_with_both_speakers_get_answers(voima):
    lonely = store(voima, "c2", transcript=[{"speaker": "agent", "text": "Hei, olen Ville", "at": 0}])
    store(voima, "c3", transcript=[])
    report = autoqa_run(workspace=voima)
    assert (report.checked, report.skipped) == (0, 1)
    assert AutoReview.objects.get(interaction=lonely).applicable is False
    assert not AutoAnswer.objects.exists()
    assert AutoReview.objects.count() == 1  # nothing for the interaction without a transcript


def test_a_run_checks_only_what_changed(voima):
    interaction = store(voima, "c4")
    autoqa_run(workspace=voima)
    assert autoqa_pending_count(workspace=voima) == 0
    assert autoqa_run(workspace=voima).checked == 0
    thanked = [*TRANSCRIPT[:3], {**TRANSCRIPT[3], "text": "Kiitos odotuksesta, korjasin sen"}, *TRANSCRIPT[4:]]
    store(voima, "c4", transcript=thanked)
    assert autoqa_pending_count(workspace=voima) == 1
    assert autoqa_run(workspace=voima).checked == 1
    assert answers_of(interaction)["hold_announced"].passed is True


def test_an_override_keeps_the_original_and_moves_the_aqs(voima, people):
    interaction = store(voima, "c5")
    autoqa_run(workspace=voima)
    answer = answers_of(interaction)["hold_announced"]
    actor = Actor(people["kalle"], voima, "admin")
    auto_answer_override(actor=actor, answer=answer, value=True, note="thanked in the next sentence")
    answer.refresh_from_db()
    assert (answer.passed, answer.override, answer.answer) == (False, True, True)
    assert answer.overridden_by == people["kalle"]
    assert AutoReview.objects.get(interaction=interaction).aqs == 75.0
    event = AuditEvent.objects.get(action="autoqa.override")
    assert (event.object_id, event.detail["automatic"], event.detail["override"]) == (str(answer.pk), False, True)
    autoqa_run(workspace=voima, again=True)  # the same transcript again: the override stays
    again = answers_of(interaction)["hold_announced"]
    assert (again.passed, again.override) == (False, True)
    assert AutoReview.objects.get(interaction=interaction).aqs == 75.0
    store(voima, "c5", transcript=[*TRANSCRIPT, {"speaker": "customer", "text": "Moi", "at": 99}])
    autoqa_run(workspace=voima)  # a changed transcript: the override was about another text
    assert answers_of(interaction)["hold_announced"].override is None
    auto_answer_override(actor=actor, answer=answers_of(interaction)["hold_announced"], value=None)
    assert AutoReview.objects.get(interaction=interaction).aqs == 50.0
    assert AuditEvent.objects.filter(action="autoqa.override_undo").count() == 1


def test_scorecard_phrases_drive_the_phrase_checks(voima, people):
    form = {**MINI_FORM, "sections": [{**MINI_FORM["sections"][0], "questions": [
        *MINI_FORM["sections"][0]["questions"],
        {"id": "no_blame", "text": "No blaming", "auto_check": "forbidden_phrases",
         "auto_phrases": ["ei kuulu minulle"]},
    ]}]}  # fmt: skip
    scorecard_create(workspace=voima, form_data=form, created_by=people["kalle"])
    said = [*TRANSCRIPT[:2], {"speaker": "agent", "text": "Se ei kuulu minulle.", "at": 10}]
    interaction = store(voima, "c6", transcript=said)
    autoqa_run(workspace=voima)
    forbidden = answers_of(interaction)["forbidden_phrases"]
    assert (forbidden.passed, forbidden.evidence_turn, forbidden.matched) == (False, 2, ["ei kuulu minulle"])


def test_the_bulk_command_reports_what_it_checked(voima, capsys):
    store(voima, "c7")
    store(voima, "c8", transcript=[{"speaker": "customer", "text": "Hei", "at": 0}])
    assert main(["quality", "autoqa-run", "--workspace", voima.slug]) == 0
    assert "1 interactions checked, 1 without an agent and a customer turn" in capsys.readouterr().out
    assert main(["quality", "autoqa-run", "--workspace", "nope"]) == 2


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"auto_check": "smile"}, "must be one of greeting"),
        ({"auto_check": "greeting", "scale": "1-5"}, "only a yes_no question"),
        ({"auto_check": "greeting", "auto_phrases": ["x"]}, "takes no phrases"),
        ({"auto_check": "forbidden_phrases"}, "must be a list of 1–200 phrases"),
        ({"auto_check": "example_phrases", "auto_phrases": [""]}, "must be a list"),
        ({"auto_phrases": ["x"]}, "needs an auto_check"),
    ],
)
def test_a_scorecard_names_only_known_checks_on_yes_no_questions(question, message):
    form = {**MINI_FORM, "sections": [{"id": "s", "title": "S", "questions": [{"id": "q", "text": "Q", **question}]}]}
    with pytest.raises(FormError, match=message):
        load_form(form)


def test_a_scorecard_question_carries_its_check_through_a_round_trip():
    from kohtaamo.lib.qa.form_json import form_to_dict

    question = {"id": "q", "text": "Q", "auto_check": "example_phrases", "auto_phrases": ["ymmärrän hyvin"]}
    form = load_form({**MINI_FORM, "sections": [{"id": "s", "title": "S", "questions": [question]}]})
    assert form.question("q").auto_phrases == ("ymmärrän hyvin",)
    assert load_form(form_to_dict(form)) == form
