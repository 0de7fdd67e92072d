"""The survey editor: only managers, only their workspace, clear field errors, and answers keep their meaning."""

from html.parser import HTMLParser

import pytest

from kohtaamo.feedback.models import Answer, Question, Survey, TriggerRule
from kohtaamo.feedback.services.surveys import SurveyInvalid, survey_update, trigger_create
from kohtaamo.workspaces.models import Queue
from tests.factories import login
from tests.feedback.conftest import answer

QUESTION = {
    "key": "nps",
    "type": "nps",
    "text": {"fi": "Suosittelisitko meitä?", "sv": "Skulle du rekommendera oss?", "en": "Would you recommend us?"},
}


def question_fields(n: int, question: dict) -> dict:
    """One question of the builder as the page posts it: a field per language, a row per option."""
    data = {
        f"q-{n}-id": str(question.get("id") or ""),
        f"q-{n}-key": question.get("key", ""),
        f"q-{n}-type": question.get("type", ""),
        **{f"q-{n}-text-{lang}": text for lang, text in question.get("text", {}).items()},
        f"q-{n}-choices": str(len(question.get("choices", []))),
    }
    if question.get("required"):
        data[f"q-{n}-required"] = "on"
    for m, choice in enumerate(question.get("choices", [])):
        data[f"q-{n}-c{m}-key"] = choice.get("key", "")
        data.update({f"q-{n}-c{m}-{lang}": text for lang, text in choice.get("text", {}).items()})
    return data


def survey_post(name="Chat survey", key="chat", questions=(QUESTION,), action="save", **fields) -> dict:
    """The builder's form data: the survey's fields and its questions in their order on the page."""
    data = {"name": name, "key": key, "active": "on", "q-count": str(len(questions)), "action": action, **fields}
    for n, question in enumerate(questions):
        data.update(question_fields(n, question))
    return data


def specs_of(survey, changes: dict | None = None) -> list[dict]:
    """The survey's questions as the builder shows them, with ``changes`` (question key → field → value)."""
    changes = changes or {}
    return [
        {
            "id": q.pk,
            "key": q.key,
            "type": q.type,
            "text": dict(q.text),
            "choices": q.choices,
            "required": q.required,
            **changes.get(q.key, {}),
        }
        for q in survey.questions.all()
    ]


def edit_post(survey, changes: dict | None = None, **fields) -> dict:
    """Form data resubmitting ``survey`` as it is, with ``changes``."""
    return survey_post(name=survey.name, key="", questions=specs_of(survey, changes), **fields)


@pytest.mark.parametrize("who", ["leena", "ville", "kalle"])
def test_only_managers_may_open_the_editor(client, people, survey, who):
    client = login(client, people[who])
    for address in (
        "/w/voima/feedback/surveys/",
        "/w/voima/feedback/surveys/new/",
        f"/w/voima/feedback/surveys/{survey.pk}/",
    ):
        assert client.get(address).status_code == 403
    assert client.post("/w/voima/feedback/surveys/new/", survey_post()).status_code == 403
    assert not Survey.objects.filter(key="chat").exists()


def test_another_workspaces_surveys_are_404(client, people, survey):
    trigger = trigger_create(survey=survey, name="Phone")
    client = login(client, people["outi"])
    for address in (
        "/w/voima/feedback/surveys/",
        f"/w/voima/feedback/surveys/{survey.pk}/",
        f"/w/voima/feedback/surveys/{survey.pk}/triggers/{trigger.pk}/",
    ):
        assert client.get(address).status_code == 404
    assert client.post(f"/w/linkki/feedback/surveys/{survey.pk}/").status_code == 404
    assert client.post(f"/w/linkki/feedback/surveys/{survey.pk}/triggers/{trigger.pk}/toggle/").status_code == 404


def test_managers_see_the_editor_in_the_navigation(client, people, survey):
    assert "/w/voima/feedback/surveys/" in login(client, people["cecilia"]).get("/w/voima/feedback/").text
    client.logout()
    assert "/w/voima/feedback/surveys/" not in login(client, people["leena"]).get("/w/voima/feedback/").text


def test_a_manager_creates_a_survey_with_a_single_choice_question(client, people, voima):
    choice = {
        "key": "resolved",
        "type": "single_choice",
        "text": {"fi": "Ratkesiko?", "sv": "Löstes det?", "en": "Was it solved?"},
        "choices": [
            {"key": "yes", "text": {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}},
            {"key": "no", "text": {"fi": "Ei", "sv": "Nej", "en": "No"}},
        ],
        "required": True,
    }
    page = login(client, people["cecilia"]).post(
        "/w/voima/feedback/surveys/new/", survey_post(questions=(choice, QUESTION))
    )
    survey = Survey.objects.get(workspace=voima, key="chat")
    assert page.status_code == 302 and page.url == f"/w/voima/feedback/surveys/{survey.pk}/"
    resolved, nps = survey.questions.all()
    assert (resolved.key, resolved.required, [c["key"] for c in resolved.choices]) == ("resolved", True, ["yes", "no"])
    assert resolved.choices[1]["text"] == {"fi": "Ei", "sv": "Nej", "en": "No"}
    assert (nps.type, nps.scale, nps.text["sv"]) == ("nps", "nps_0_10", "Skulle du rekommendera oss?")
    assert "Chat survey" in client.get("/w/voima/feedback/surveys/").text


def test_bad_questions_get_clear_errors_naming_the_question_and_field(client, people, survey):
    one_option = {
        **QUESTION,
        "key": "pick",
        "type": "single_choice",
        "choices": [{"key": "only", "text": {"fi": "Yksi", "sv": "En", "en": "One"}}],
    }
    no_swedish = {**QUESTION, "text": {**QUESTION["text"], "sv": ""}}
    page = login(client, people["cecilia"]).post(
        "/w/voima/feedback/surveys/new/", survey_post(key=survey.key, questions=(one_option, no_swedish))
    )
    assert page.status_code == 422
    assert "Another survey already has this key." in page.text
    assert "Question 1 · Options: A single-choice question needs at least two options." in page.text
    assert "Question 2 · Swedish: Write the Swedish text." in page.text
    assert 'href="#q-1-text-sv"' in page.text
    assert Survey.objects.count() == 1


def test_a_survey_needs_a_question_and_keys_of_its_own(client, people):
    client = login(client, people["cecilia"])
    empty = client.post("/w/voima/feedback/surveys/new/", survey_post(questions=()))
    assert empty.status_code == 422 and "A survey needs at least one question." in empty.text
    twins = client.post("/w/voima/feedback/surveys/new/", survey_post(questions=(QUESTION, QUESTION)))
    assert twins.status_code == 422 and "Another question already has this key." in twins.text


def test_a_manager_reorders_rewords_and_removes_questions(client, people, survey):
    questions = specs_of(survey, {"comment": {"text": {"fi": "Muuta?", "sv": "Annat?", "en": "Anything else?"}}})
    questions = [questions[-1]] + [q for q in questions[:-1] if q["key"] != "ces"]
    page = login(client, people["cecilia"]).post(
        f"/w/voima/feedback/surveys/{survey.pk}/", survey_post(name=survey.name, key="", questions=questions)
    )
    assert page.status_code == 302
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys == ["comment", "csat", "resolved", "nps"]
    assert survey.questions.get(key="comment").text["en"] == "Anything else?"


def test_an_answered_questions_type_cannot_change(client, people, survey, contact):
    answer(survey, contact, csat=2, nps=4)
    changes = {"nps": {"type": "csat"}}
    page = login(client, people["cecilia"]).post(f"/w/voima/feedback/surveys/{survey.pk}/", edit_post(survey, changes))
    assert page.status_code == 422
    assert "already has answers of type NPS (0–10), so its type cannot change" in page.text
    assert survey.questions.get(key="nps").type == "nps"
    assert Answer.objects.get(question_key="nps").scale == "nps_0_10"


def test_an_unanswered_questions_type_may_change(survey):
    specs = [
        {"id": q.pk, "key": q.key, "type": "ces" if q.key == "nps" else q.type, "text": q.text, "choices": q.choices}
        for q in survey.questions.all()
    ]
    survey_update(survey=survey, name=survey.name, active=True, questions=specs)
    assert survey.questions.values_list("type", "scale").get(key="nps") == ("ces", "ces_1_7")


def test_deleting_an_answered_question_keeps_its_answers(survey, contact):
    answer(survey, contact, csat=5, nps=9)
    specs = [{"id": q.pk, "key": q.key, "type": q.type, "text": q.text} for q in survey.questions.exclude(key="nps")]
    survey_update(survey=survey, name=survey.name, active=True, questions=specs)
    kept = Answer.objects.get(question_key="nps")
    assert (kept.question_id, kept.question_type, kept.scale, kept.value) == (None, "nps", "nps_0_10", 9)


def test_a_refused_edit_changes_nothing(survey, contact):
    answer(survey, contact, csat=4)
    specs = [{"id": q.pk, "key": q.key, "type": q.type, "text": {"en": "changed"}} for q in survey.questions.all()]
    specs[0]["key"] = "satisfaction"
    with pytest.raises(SurveyInvalid) as refused:
        survey_update(survey=survey, name="Renamed", active=True, questions=specs)
    assert refused.value.errors == {0: {"key": "This question already has answers, so its key cannot change."}}
    survey.refresh_from_db()
    assert survey.name != "Renamed" and not Question.objects.filter(text__en="changed").exists()


def trigger_post(**overrides) -> dict:
    data = {
        "name": "After chats",
        "channels": ["chat"],
        "outcomes": "resolved, escalated",
        "contact_reasons": "billing",
        "sampling_rate": "0.25",
        "delay_minutes": "15",
        "fatigue_days": "60",
        "active": "on",
    }
    return {**data, **overrides}


def test_a_manager_creates_and_edits_a_trigger_rule(client, people, survey, voima):
    queue = Queue.objects.create(workspace=voima, key="chat-fi", name="Chat FI")
    client = login(client, people["cecilia"])
    created = client.post(f"/w/voima/feedback/surveys/{survey.pk}/triggers/new/", trigger_post(queues=[queue.pk]))
    assert created.status_code == 302
    trigger = TriggerRule.objects.get(survey=survey)
    assert (trigger.channels, trigger.outcomes, trigger.contact_reasons) == (
        ["chat"],
        ["resolved", "escalated"],
        ["billing"],
    )
    assert (trigger.sampling_rate, trigger.delay_minutes, trigger.fatigue_days) == (0.25, 15, 60)
    assert list(trigger.queues.all()) == [queue]
    edit = client.post(
        f"/w/voima/feedback/surveys/{survey.pk}/triggers/{trigger.pk}/", trigger_post(channels=[], outcomes="")
    )
    assert edit.status_code == 302
    trigger.refresh_from_db()
    assert (trigger.channels, trigger.outcomes, list(trigger.queues.all())) == ([], [], [])
    assert "After chats" in client.get(f"/w/voima/feedback/surveys/{survey.pk}/").text


def test_a_bad_trigger_rule_gets_field_errors(client, people, survey):
    page = login(client, people["cecilia"]).post(
        f"/w/voima/feedback/surveys/{survey.pk}/triggers/new/", trigger_post(sampling_rate="1.5", channels=["fax"])
    )
    assert page.status_code == 422
    assert "Ensure this value is less than or equal to 1." in page.text
    assert "Select a valid choice. fax is not one of the available choices." in page.text
    assert not TriggerRule.objects.exists()


def test_another_workspaces_queue_cannot_be_chosen(client, people, survey, linkki):
    foreign = Queue.objects.create(workspace=linkki, key="x", name="X")
    page = login(client, people["cecilia"]).post(
        f"/w/voima/feedback/surveys/{survey.pk}/triggers/new/", trigger_post(queues=[foreign.pk])
    )
    assert page.status_code == 422 and not TriggerRule.objects.exists()


def test_disabling_and_re_enabling_a_rule_skips_the_contacts_in_between(client, people, survey):
    trigger = trigger_create(survey=survey, name="Phone")
    client = login(client, people["cecilia"])
    toggle = f"/w/voima/feedback/surveys/{survey.pk}/triggers/{trigger.pk}/toggle/"
    assert client.post(toggle).status_code == 302
    trigger.refresh_from_db()
    assert not trigger.active and trigger.checked_until is None
    client.post(toggle)
    trigger.refresh_from_db()
    assert trigger.active and trigger.checked_until is not None


def test_survey_and_trigger_names_are_escaped(client, people, survey):
    evil = '<script>alert("x")</script>'
    trigger_create(survey=survey, name=evil)
    Survey.objects.filter(pk=survey.pk).update(name=evil)
    client = login(client, people["cecilia"])
    for address in ("/w/voima/feedback/surveys/", f"/w/voima/feedback/surveys/{survey.pk}/"):
        page = client.get(address)
        assert evil not in page.text and "&lt;script&gt;" in page.text


class FormFields(HTMLParser):
    """The values a browser would submit for the editor's form (ticked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._inside = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "fb-editor" in attrs.get("class", ""):
            self._inside = True
        if not self._inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and (attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs):
            self.data.setdefault(attrs["name"], []).append(
                attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
            )
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] = [self.data[self._textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            # Browsers drop the newline that starts a textarea's content.
            self.data[self._textarea] = [self.data[self._textarea][0].removeprefix("\n")]
            self._textarea = None
        elif tag == "form":
            self._inside = False


def form_of(page) -> dict:
    parser = FormFields()
    parser.feed(page.text)
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def test_saving_the_page_unchanged_changes_nothing(client, people, survey):
    before = list(survey.questions.values_list("key", "type", "scale", "text", "choices", "required"))
    client = login(client, people["cecilia"])
    address = f"/w/voima/feedback/surveys/{survey.pk}/"
    assert client.post(address, form_of(client.get(address))).status_code == 302
    assert list(survey.questions.values_list("key", "type", "scale", "text", "choices", "required")) == before


def test_the_new_survey_page_saves_its_first_question_once_written(client, people, voima):
    client = login(client, people["cecilia"])
    data = form_of(client.get("/w/voima/feedback/surveys/new/"))
    data.update({"name": "Email survey", "key": "email", "action": "save"})
    data.update({f"q-0-text-{lang}": text for lang, text in QUESTION["text"].items()})
    assert client.post("/w/voima/feedback/surveys/new/", data).status_code == 302
    assert list(Survey.objects.get(key="email").questions.values_list("key", "type")) == [("csat", "csat")]


def test_the_editor_sets_the_reminder_days_and_a_rule_sends_by_sms(client, people):
    client = login(client, people["cecilia"])
    assert client.post("/w/voima/feedback/surveys/new/", survey_post(reminder_days="3")).status_code == 302
    survey = Survey.objects.get(key="chat")
    assert survey.reminder_days == 3
    assert (
        client.post("/w/voima/feedback/surveys/new/", survey_post(key="other", reminder_days="-1")).status_code == 422
    )
    created = client.post(f"/w/voima/feedback/surveys/{survey.pk}/triggers/new/", trigger_post(delivery="sms"))
    assert created.status_code == 302 and TriggerRule.objects.get(survey=survey).delivery == "sms"
    refused = client.post(f"/w/voima/feedback/surveys/{survey.pk}/triggers/new/", trigger_post(delivery="fax"))
    assert refused.status_code == 422
