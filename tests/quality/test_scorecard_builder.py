"""The scorecard builder: the page a QA lead edits a scorecard on without JSON.

Kalle (QA evaluator, who may manage scorecards) builds and edits; Ville (agent) may not; Outi belongs to
Linkki and must not reach Voima's scorecards. The page is driven the way a browser would: its fields are
read from the rendered HTML and posted back with the button pressed.
"""

import copy
import json
from html.parser import HTMLParser

import pytest

from kohtaamo.lib.qa.form_json import form_to_dict, load_form
from kohtaamo.quality.models import Scorecard
from kohtaamo.quality.scorecard_templates import load_template, template_names
from kohtaamo.quality.services.scorecards import scorecard_create, scorecard_from_template
from tests.factories import login

from .conftest import MINI_FORM
from .factories import submitted

NEW = "/w/voima/quality/scorecards/new/"
PREVIEW = "/w/voima/quality/scorecards/preview/"


class _Fields(HTMLParser):
    """What a browser would send for the builder form: its named fields, checked boxes and chosen options."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "builder":
            self._in_form = True
        if not (self._in_form or a.get("form") == "builder") or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in {"checkbox", "radio"}:
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and "checked" in a:
            self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._select[1].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [options[0][0]]
            self.fields.append((name, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def fields_of(response) -> dict[str, str]:
    parser = _Fields()
    parser.feed(response.content.decode())
    return dict(parser.fields)


def press(client, url, response, action, **changes):
    """Post the page back as a browser would after ``changes`` were typed, pressing the ``action`` button."""
    return client.post(url, {**fields_of(response), **changes, "action": action})


@pytest.fixture
def kalle(client, people):
    return login(client, people["kalle"])


def builder_url(scorecard) -> str:
    return f"/w/voima/quality/scorecards/{scorecard.pk}/builder/"


@pytest.mark.parametrize("template", template_names())
def test_saving_a_template_unchanged_in_the_builder_writes_the_same_json(voima, kalle, template):
    scorecard = scorecard_from_template(workspace=voima, template=template)
    page = kalle.get(builder_url(scorecard))
    assert page.status_code == 200
    response = press(kalle, builder_url(scorecard), page, "save")
    assert response.status_code == 302
    scorecard.refresh_from_db()
    assert scorecard.versions.count() == 1
    assert scorecard.current.form == form_to_dict(load_template(template))


def test_a_scorecard_typed_into_the_builder_is_the_json_an_import_writes(voima, linkki, kalle):
    typed = {
        "sections": "1", "s0-questions": "3",
        "title-fi": "Minilomake", "title-sv": "Miniformulär", "title-en": "Mini form",
        "s0-title-fi": "Service", "s0-title-sv": "Service", "s0-title-en": "Service",
        "s0-q0-text-fi": "Greeted the customer", "s0-q0-text-sv": "Greeted the customer",
        "s0-q0-text-en": "Greeted the customer", "s0-q0-weight": "1", "s0-q0-scale": "yes_no",
        "s0-q0-kind": "normal",
        "s0-q1-id": "tone", "s0-q1-text-fi": "Tone", "s0-q1-text-sv": "Tone", "s0-q1-text-en": "Tone",
        "s0-q1-weight": "2", "s0-q1-scale": "1-5", "s0-q1-kind": "normal",
        "s0-q2-id": "identity", "s0-q2-text-fi": "Verified identity", "s0-q2-text-sv": "Verified identity",
        "s0-q2-text-en": "Verified identity", "s0-q2-weight": "0", "s0-q2-scale": "yes_no",
        "s0-q2-kind": "fail_all", "s0-q2-na": "1",
        "action": "save",
    }  # fmt: skip
    assert kalle.post(NEW, typed).status_code == 302
    built = Scorecard.objects.get(workspace=voima)
    expected = copy.deepcopy(MINI_FORM)
    expected["id"], expected["sections"][0]["id"] = "mini_form", "service"
    expected["sections"][0]["questions"][0]["id"] = "greeted_the_customer"
    assert built.current.form == scorecard_create(workspace=linkki, form_data=expected).current.form
    assert built.titles == {"fi": "Minilomake", "sv": "Miniformulär", "en": "Mini form"}


def test_a_new_scorecard_never_takes_over_an_existing_key(voima, kalle, scorecard):
    page = kalle.get(NEW)
    typed = {"title-en": "mini", "s0-title-en": "Opening", "s0-q0-text-en": "Greeted"}
    assert press(kalle, NEW, page, "save", **typed).status_code == 302
    assert scorecard.versions.count() == 1
    assert Scorecard.objects.get(workspace=voima, key="mini_2").current.form["title"] == {"en": "mini"}


def test_sections_and_questions_are_added_moved_and_removed(kalle, scorecard):
    url = builder_url(scorecard)
    page = press(kalle, url, kalle.get(url), "add_section")
    page = press(kalle, url, page, "add_question:s1", **{"s1-title-en": "Closing", "s1-q0-text-en": "Said goodbye"})
    assert fields_of(page)["s1-q0-id"] == ""  # named when saved, from the words it has by then
    page = press(kalle, url, page, "down_question:s0:0")  # greeting goes below tone
    page = press(kalle, url, page, "down_question:s0:2")  # identity, last of its section, opens the next
    page = press(kalle, url, page, "up_section:s1")
    page = press(kalle, url, page, "remove_question:s0:2")  # the blank question the new section came with
    assert press(kalle, url, page, "save").status_code == 302
    form = Scorecard.objects.get(pk=scorecard.pk).current.form
    assert [s["title"] for s in form["sections"]] == [{"en": "Closing"}, "Service"]
    assert [q["id"] for q in form["sections"][0]["questions"]] == ["identity", "said_goodbye"]
    assert [q["id"] for q in form["sections"][1]["questions"]] == ["tone", "greeting"]
    assert form["sections"][0]["questions"][0]["kind"] == "fail_all"


def test_errors_name_the_place_and_keep_everything_typed(kalle, scorecard):
    url = builder_url(scorecard)
    typed = {"s0-q1-weight": "heavy", "s0-q0-text-fi": "Tervehti", "s0-q0-text-sv": "", "s0-q0-text-en": "",
             "s0-q2-text-fi": "", "s0-q2-text-sv": "", "s0-q2-text-en": "", "s0-q2-help-sv": "Bara om …"}  # fmt: skip
    response = press(kalle, url, kalle.get(url), "save", **typed)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Section 1 “Service”, question 2, Weight: A weight is a number, 0 or more." in page
    assert "Section 1 “Service”, question 3, Question: Write it in at least one language." in page
    kept = fields_of(response)
    assert kept["s0-q1-weight"] == "heavy" and kept["s0-q0-text-fi"] == "Tervehti"
    assert kept["s0-q2-help-sv"] == "Bara om …" and kept["s0-q2-kind"] == "fail_all"
    assert Scorecard.objects.get(pk=scorecard.pk).current.form == scorecard.current.form


def test_load_forms_own_refusal_is_placed_at_the_question(kalle, scorecard):
    url = builder_url(scorecard)
    response = press(kalle, url, kalle.get(url), "save", **{"s0-q1-auto_check": "greeting"})
    assert response.status_code == 422
    assert "only a Yes / No question can carry one" in response.content.decode()
    assert fields_of(response)["s0-q1-auto_check"] == "greeting"


def test_critical_fail_section_na_and_checks_survive(voima, kalle, scorecard):
    url = builder_url(scorecard)
    changes = {
        "s0-q0-kind": "fail_section", "s0-q0-auto_check": "forbidden_phrases",
        "s0-q0-auto_phrases": "ei kuulu minulle\n\n  not my problem ", "s0-q1-scale": "custom",
        "s0-q1-points": "0; 0,5; 1", "s0-q1-na": "1",
    }  # fmt: skip
    assert press(kalle, url, kalle.get(url), "save", **changes).status_code == 302
    questions = Scorecard.objects.get(pk=scorecard.pk).current.form["sections"][0]["questions"]
    assert questions[0] | {"text": None} == {
        "id": "greeting", "text": None, "weight": 1, "scale": "yes_no", "na_allowed": False,
        "kind": "fail_section", "auto_check": "forbidden_phrases",
        "auto_phrases": ["ei kuulu minulle", "not my problem"],
    }  # fmt: skip
    assert questions[1]["scale"] == [0, 0.5, 1] and questions[1]["na_allowed"] is True
    assert questions[2]["kind"] == "fail_all" and questions[2]["na_allowed"] is True
    again = fields_of(kalle.get(url))
    assert again["s0-q0-kind"] == "fail_section" and again["s0-q1-points"] == "0 0.5 1" and "s0-q2-na" in again


def test_a_used_version_is_kept_and_the_edit_becomes_version_2(voima, people, org, kalle, scorecard):
    submitted(voima, scorecard, people["kalle"], "A1")
    url = builder_url(scorecard)
    response = press(kalle, url, kalle.get(url), "save", **{"s0-q1-weight": "3"})
    assert response.status_code == 302
    assert [v.number for v in scorecard.versions.order_by("number")] == [1, 2]
    assert scorecard.versions.get(number=1).form == form_to_dict(load_form(MINI_FORM))


def test_the_preview_draws_the_evaluation_form_in_the_chosen_language(kalle, scorecard):
    url = builder_url(scorecard)
    fields = fields_of(kalle.get(url)) | {"s0-q1-text-sv": "Tonfall", "preview_language": "sv"}
    response = kalle.post(PREVIEW, fields)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'name="q-tone"' in page and "Tonfall" in page and "> Ja</label>" in page  # Swedish, words and all
    assert 'value="na"' in page  # identity allows N/A, as the evaluator will see it
    assert kalle.get(PREVIEW).status_code == 405


def test_the_preview_says_what_is_missing_on_an_empty_form(kalle):
    response = kalle.post(PREVIEW, {"sections": "0"})
    assert response.status_code == 200 and "Nothing to preview yet" in response.content.decode()


def test_another_workspaces_scorecard_is_not_found(client, linkki, people, scorecard):
    outi = login(client, people["outi"])
    assert outi.get(builder_url(scorecard)).status_code == 404
    assert outi.post(builder_url(scorecard), {"action": "save"}).status_code == 404
    linkki_card = scorecard_create(workspace=linkki, form_data=MINI_FORM)
    assert outi.get(f"/w/linkki/quality/scorecards/{linkki_card.pk}/builder/").status_code == 200
    assert outi.get(f"/w/linkki/quality/scorecards/{scorecard.pk}/builder/").status_code == 404


def test_an_agent_may_not_build_scorecards(client, people, scorecard):
    ville = login(client, people["ville"])
    assert ville.get(NEW).status_code == 403
    assert ville.get(builder_url(scorecard)).status_code == 403
    assert ville.post(PREVIEW, {"sections": "0"}).status_code == 403


def test_the_builder_and_the_json_editor_link_to_each_other(kalle, scorecard):
    builder = kalle.get(builder_url(scorecard)).content.decode()
    assert f'href="/w/voima/quality/scorecards/{scorecard.pk}/"' in builder
    editor = kalle.get(f"/w/voima/quality/scorecards/{scorecard.pk}/").content.decode()
    assert f'href="{builder_url(scorecard)}"' in editor
    assert 'href="/w/voima/quality/scorecards/new/"' in kalle.get("/w/voima/quality/scorecards/").content.decode()
    assert json.loads(kalle.get(f"/w/voima/quality/scorecards/{scorecard.pk}/v1.json").content)["id"] == "mini"


def test_texts_in_further_languages_are_kept(voima, kalle):
    form = copy.deepcopy(MINI_FORM)
    form["sections"][0]["questions"][1]["text"] = {"fi": "Äänensävy", "en": "Tone", "de": "Tonfall"}
    scorecard = scorecard_create(workspace=voima, form_data=form)
    page = kalle.get(builder_url(scorecard))
    assert "Texts in other languages (de) are kept as they are" in page.content.decode()
    page = press(kalle, builder_url(scorecard), page, "add_question:s0", **{"s0-q0-text-sv": "Hälsade"})
    assert press(kalle, builder_url(scorecard), page, "save", **{"s0-q3-text-en": "Thanked"}).status_code == 302
    questions = Scorecard.objects.get(pk=scorecard.pk).current.form["sections"][0]["questions"]
    assert questions[1]["text"] == {"fi": "Äänensävy", "en": "Tone", "de": "Tonfall"}
    assert questions[3]["text"] == {"en": "Thanked"}
