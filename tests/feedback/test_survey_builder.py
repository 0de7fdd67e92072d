"""The survey builder: a field per language, option rows, add / move / remove buttons, errors that keep
what was typed, and the phone preview rendered by the public page's own template."""

import pytest

from kohtaamo.feedback.models import Answer, Invitation, Response, Survey
from tests.factories import login
from tests.feedback.conftest import answer
from tests.feedback.test_survey_editor import QUESTION, form_of, specs_of, survey_post

CHOICE = {
    "key": "resolved",
    "type": "single_choice",
    "text": {"fi": "Ratkesiko asiasi?", "sv": "Blev ditt ärende löst?", "en": "Was your issue resolved?"},
    "choices": [
        {"key": "yes", "text": {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}},
        {"key": "no", "text": {"fi": "Ei", "sv": "Nej", "en": "No"}},
    ],
}


@pytest.fixture
def cecilia(client, people):
    return login(client, people["cecilia"])


def test_a_survey_round_trips_through_the_builder(cecilia, voima):
    created = cecilia.post("/w/voima/feedback/surveys/new/", survey_post(questions=(QUESTION, CHOICE)))
    survey = Survey.objects.get(workspace=voima, key="chat")
    assert created.status_code == 302
    before = list(survey.questions.values_list("pk", "key", "type", "text", "choices", "required"))
    page = cecilia.get(f"/w/voima/feedback/surveys/{survey.pk}/")
    fields = form_of(page)
    assert fields["q-count"] == "2"
    assert (fields["q-1-text-sv"], fields["q-1-c1-key"], fields["q-1-c1-sv"]) == ("Blev ditt ärende löst?", "no", "Nej")
    assert cecilia.post(f"/w/voima/feedback/surveys/{survey.pk}/", fields).status_code == 302
    assert list(survey.questions.values_list("pk", "key", "type", "text", "choices", "required")) == before


def test_every_option_has_a_field_per_language(cecilia, voima):
    choice = {
        **CHOICE,
        "choices": [
            {"key": "", "text": {"fi": "Puhelimessa", "sv": "I telefon", "en": "On the phone"}},
            {"key": "chat", "text": {"fi": "Chatissa", "sv": "I chatten", "en": "In the chat"}},
            {"key": "", "text": {"fi": "", "sv": "", "en": ""}},  # a spare row left empty is no option
        ],
    }
    assert cecilia.post("/w/voima/feedback/surveys/new/", survey_post(questions=(choice,))).status_code == 302
    question = Survey.objects.get(key="chat").questions.get()
    assert question.choices == [
        {"key": "on-the-phone", "text": {"fi": "Puhelimessa", "sv": "I telefon", "en": "On the phone"}},
        {"key": "chat", "text": {"fi": "Chatissa", "sv": "I chatten", "en": "In the chat"}},
    ]
    page = cecilia.get(f"/w/voima/feedback/surveys/{question.survey_id}/").text
    assert 'name="q-0-c0-sv" value="I telefon"' in page and 'name="q-0-c1-en" value="In the chat"' in page
    assert "|" not in form_of(cecilia.get(f"/w/voima/feedback/surveys/{question.survey_id}/")).get("q-0-c0-fi", "")


def test_adding_and_removing_options_keeps_what_was_typed(cecilia):
    half = {**CHOICE, "choices": [CHOICE["choices"][0], {"key": "", "text": {"fi": "Osittain", "sv": "", "en": ""}}]}
    added = cecilia.post("/w/voima/feedback/surveys/new/", survey_post(questions=(half,), action="add-choice:0"))
    assert added.status_code == 200 and not Survey.objects.exists()
    fields = form_of(added)
    assert (fields["q-0-choices"], fields["q-0-c1-fi"], fields["q-0-c2-fi"]) == ("3", "Osittain", "")
    fields["action"] = "remove-choice:0:0"
    removed = form_of(cecilia.post("/w/voima/feedback/surveys/new/", fields))
    assert (removed["q-0-c0-fi"], removed["q-0-text-sv"]) == ("Osittain", "Blev ditt ärende löst?")


def test_a_question_is_added_by_type(cecilia):
    page = cecilia.post("/w/voima/feedback/surveys/new/", survey_post(questions=(QUESTION,), action="add:text"))
    fields = form_of(page)
    assert (fields["q-count"], fields["q-1-type"], fields["q-0-text-fi"]) == ("2", "text", "Suosittelisitko meitä?")
    assert 'data-focus="q-1"' in page.text


def test_up_and_down_reorder_without_saving_until_save(cecilia, survey):
    address = f"/w/voima/feedback/surveys/{survey.pk}/"
    moved = cecilia.post(address, survey_post(name=survey.name, key="", questions=specs_of(survey), action="up:4"))
    assert moved.status_code == 200
    assert list(survey.questions.values_list("key", flat=True)) == ["csat", "ces", "resolved", "nps", "comment"]
    fields = form_of(moved)
    assert [fields[f"q-{n}-key"] for n in range(5)] == ["csat", "ces", "resolved", "comment", "nps"]
    fields["action"] = "down:0"
    fields = form_of(cecilia.post(address, fields))
    assert [fields[f"q-{n}-key"] for n in range(5)] == ["ces", "csat", "resolved", "comment", "nps"]
    fields["action"] = "save"
    assert cecilia.post(address, fields).status_code == 302
    assert list(survey.questions.values_list("key", flat=True)) == ["ces", "csat", "resolved", "comment", "nps"]


def test_an_error_keeps_everything_typed(cecilia, survey):
    questions = specs_of(survey, {"nps": {"text": {"fi": "Uusi teksti", "sv": "", "en": "New text"}}})
    questions.append({"type": "text", "text": {"fi": "Lisää?", "sv": "Mer?", "en": "More?"}})
    data = survey_post(name="Renamed", key="", questions=questions)
    page = cecilia.post(f"/w/voima/feedback/surveys/{survey.pk}/", data)
    assert page.status_code == 422
    assert "Question 4 · Swedish: Write the Swedish text." in page.text
    fields = form_of(page)
    assert (fields["name"], fields["q-3-text-fi"], fields["q-3-text-en"]) == ("Renamed", "Uusi teksti", "New text")
    assert (fields["q-5-text-sv"], fields["q-count"]) == ("Mer?", "6")
    assert 'id="q-3-text-sv" name="q-3-text-sv" rows="2" maxlength="500" aria-invalid="true"' in page.text
    survey.refresh_from_db()
    assert survey.name != "Renamed" and survey.questions.count() == 5


def test_a_refused_type_change_is_shown_on_the_question(cecilia, survey, contact):
    answer(survey, contact, csat=2, nps=4)
    questions = specs_of(survey, {"nps": {"type": "csat"}})
    data = survey_post(name=survey.name, key="", questions=questions)
    page = cecilia.post(f"/w/voima/feedback/surveys/{survey.pk}/", data)
    assert page.status_code == 422
    assert "Question 4 · Type: This question already has answers of type NPS (0–10)" in page.text
    assert "has answers: key and type are fixed" in page.text


def test_the_preview_renders_the_draft_with_the_public_pages_template(cecilia, voima):
    data = survey_post(questions=(QUESTION, CHOICE), **{"preview-lang": "sv", "preview-step": "1"})
    page = cecilia.post("/w/voima/feedback/surveys/preview/", data)
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "feedback/public/survey.html"
    assert "Blev ditt ärende löst?" in page.text and ">Nej</label>" in page.text
    assert '<html lang="sv">' in page.text
    assert "disabled" in page.text and voima.name in page.text
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert not Survey.objects.exists()


def test_the_preview_of_a_saved_survey_records_nothing(cecilia, survey, contact):
    answer(survey, contact, complete=False, csat=4)
    before = (Answer.objects.count(), Response.objects.count(), Invitation.objects.get().status)
    page = cecilia.get(f"/w/voima/feedback/surveys/{survey.pk}/preview/?preview-lang=fi&preview-step=0")
    assert page.status_code == 200 and "Kuinka tyytyväinen olit palveluun" in page.text
    assert (Answer.objects.count(), Response.objects.count(), Invitation.objects.get().status) == before
    assert before[2] == Invitation.Status.STARTED


def test_the_builder_pages_survey_surveys_are_for_managers_of_the_workspace(client, people, survey):
    for who in ("ville", "leena", "kalle"):
        client = login(client, people[who])
        assert client.get(f"/w/voima/feedback/surveys/{survey.pk}/").status_code == 403
        assert client.get(f"/w/voima/feedback/surveys/{survey.pk}/preview/").status_code == 403
        assert client.post("/w/voima/feedback/surveys/new/", survey_post(action="add:nps")).status_code == 403
        client.logout()
    client = login(client, people["outi"])
    assert client.get(f"/w/linkki/feedback/surveys/{survey.pk}/preview/").status_code == 404
    assert client.get(f"/w/voima/feedback/surveys/{survey.pk}/preview/").status_code == 404


def test_typed_text_is_escaped_in_the_builder_and_the_preview(cecilia):
    evil = '<script>alert("x")</script>'
    question = {**QUESTION, "text": {"fi": evil, "sv": evil, "en": evil}}
    for address in ("/w/voima/feedback/surveys/new/", "/w/voima/feedback/surveys/preview/"):
        page = cecilia.post(address, survey_post(questions=(question,), action="add:nps"))
        assert evil not in page.text and "&lt;script&gt;" in page.text
