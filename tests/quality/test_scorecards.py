"""Scorecards: templates, import/export, validation errors shown clearly, and versioning."""

import copy
import json

import pytest

from kohtaamo.lib.qa.form_json import FormError
from kohtaamo.quality.models import Scorecard
from kohtaamo.quality.services.scorecards import scorecard_create, scorecard_from_template, scorecard_update
from tests.factories import login

from .conftest import MINI_FORM
from .factories import submitted


def edited(**question_changes):
    form = copy.deepcopy(MINI_FORM)
    form["sections"][0]["questions"][1].update(question_changes)
    return form


def test_editing_an_unused_form_keeps_its_version(scorecard):
    version = scorecard_update(scorecard=scorecard, form_data=edited(weight=3))
    assert version.number == 1 and scorecard.versions.count() == 1
    assert version.form["sections"][0]["questions"][1]["weight"] == 3


def test_editing_a_used_form_creates_a_new_version_and_old_scores_stay(voima, people, org, scorecard):
    evaluation = submitted(voima, scorecard, people["kalle"], "A1", {"greeting": 0, "tone": 5, "identity": 1})
    assert evaluation.total == pytest.approx(200 / 3)
    version = scorecard_update(scorecard=scorecard, form_data=edited(weight=0))
    assert version.number == 2 and scorecard.current == version
    evaluation.refresh_from_db()
    assert evaluation.version.number == 1 and evaluation.total == pytest.approx(200 / 3)
    later = submitted(voima, scorecard, people["kalle"], "A1", {"greeting": 0, "tone": 5, "identity": 1})
    assert later.version == version and later.total == 0


def test_an_unchanged_form_is_not_a_new_version(voima, people, org, scorecard):
    submitted(voima, scorecard, people["kalle"], "A1")
    assert scorecard_update(scorecard=scorecard, form_data=copy.deepcopy(MINI_FORM)).number == 1


def test_the_form_id_cannot_change(scorecard):
    with pytest.raises(FormError, match="must stay 'mini'"):
        scorecard_update(scorecard=scorecard, form_data={**MINI_FORM, "id": "other"})


def test_both_templates_are_shipped(voima):
    service = scorecard_from_template(workspace=voima, template="customer_service")
    sales = scorecard_from_template(workspace=voima, template="telesales")
    assert service.current.form["title"]["sv"] and sales.current.form["allow_above_100"] is True


def test_export_and_import_into_another_workspace(client, voima, linkki, people, scorecard):
    exported = login(client, people["kalle"]).get(f"/w/voima/quality/scorecards/{scorecard.pk}/v1.json")
    assert exported["Content-Disposition"] == 'attachment; filename="mini-v1.json"'
    copied = scorecard_create(workspace=linkki, form_data=json.loads(exported.content))
    assert copied.current.form == scorecard.current.form


def test_reimporting_a_known_key_adds_a_version(voima, people, org, scorecard):
    submitted(voima, scorecard, people["kalle"], "A1")
    assert scorecard_create(workspace=voima, form_data=edited(weight=5)) == scorecard
    assert scorecard.versions.count() == 2


def test_the_editor_names_the_bad_field_and_keeps_the_text(client, people, scorecard):
    text = json.dumps(edited(wieght=2))
    response = login(client, people["kalle"]).post(f"/w/voima/quality/scorecards/{scorecard.pk}/", {"json": text})
    assert response.status_code == 422
    page = response.content.decode()
    assert "wieght" in page and "unknown field" in page.lower()
    assert scorecard.versions.count() == 1


def test_the_editor_reports_json_syntax_errors_by_line(client, people, scorecard):
    response = login(client, people["kalle"]).post(
        f"/w/voima/quality/scorecards/{scorecard.pk}/", {"json": '{\n  "id": "mini",\n  oops\n}'}
    )
    assert response.status_code == 422 and "line 3, column 3" in response.content.decode()


def test_a_template_is_created_from_the_list_page(client, people, voima):
    response = login(client, people["kalle"]).post(
        "/w/voima/quality/scorecards/", {"action": "template", "template": "telesales"}
    )
    assert response.status_code == 302
    assert Scorecard.objects.get(workspace=voima).key == "telesales"


def test_an_uploaded_form_text_is_escaped_in_the_preview(client, people, voima):
    form = copy.deepcopy(MINI_FORM)
    form["sections"][0]["questions"][0]["text"] = "<img src=x onerror=alert(1)>"
    login(client, people["kalle"]).post("/w/voima/quality/scorecards/", {"action": "import", "json": json.dumps(form)})
    scorecard = Scorecard.objects.get(workspace=voima)
    page = client.get(f"/w/voima/quality/scorecards/{scorecard.pk}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_scorecard_is_named_in_the_page_language_where_its_form_has_a_title_in_it(voima, people, client):
    from django.utils import translation

    scorecard = scorecard_from_template(workspace=voima, template="customer_service")
    assert set(scorecard.titles) == {"fi", "sv", "en"}
    with translation.override("fi"):
        finnish = scorecard.display_name
    with translation.override("sv"):
        swedish = scorecard.display_name
    assert finnish == scorecard.titles["fi"] and swedish == scorecard.titles["sv"] and finnish != scorecard.name
    with translation.override("de"):
        assert scorecard.display_name == scorecard.name  # no German title: the stored (English) name
    login(client, people["aino"])
    page = client.get(f"/w/voima/quality/scorecards/{scorecard.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f"<h1>{finnish} " in page
    form = copy.deepcopy(scorecard.current.form)
    form["title"] = {"fi": "Uusi nimi", "en": "New name"}
    scorecard_update(scorecard=scorecard, form_data=form)
    scorecard.refresh_from_db()
    assert scorecard.titles == {"fi": "Uusi nimi", "en": "New name"} and scorecard.name == "New name"


def test_a_plain_string_title_leaves_only_the_name(voima):
    from django.utils import translation

    form = {**copy.deepcopy(MINI_FORM), "id": "plain", "title": "Plain form"}
    scorecard = scorecard_create(workspace=voima, form_data=form)
    assert scorecard.titles == {}
    with translation.override("fi"):
        assert scorecard.display_name == "Plain form" and str(scorecard.current) == "Plain form v1"
