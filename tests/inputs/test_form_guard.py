"""The guard in front of every page: query and form fields with a NUL are a 400 naming the field,
every value reaches the view in NFC, and JSON inside a form field is held to the same rule."""

import json

from django.urls import reverse

from kohtaamo.journeys.models import Persona
from kohtaamo.quality.models import Scorecard
from tests.factories import login


def url(name, ws="voima", **kwargs):
    return reverse(name, kwargs={"ws": ws, **kwargs})


def test_a_nul_in_a_form_field_is_a_400_naming_the_field_and_nothing_is_saved(client, people):
    login(client, people["cecilia"])
    response = client.post(url("journeys-personas"), {"name": "Se\x00niors", "rules": "channel_90d = phone"})
    assert response.status_code == 400
    assert "“name”" in response.content.decode() and "NUL" in response.content.decode()
    assert not Persona.objects.exists()


def test_a_nul_in_a_page_filter_is_a_400(client, people):
    login(client, people["cecilia"])
    response = client.get(reverse("customers", kwargs={"ws": "voima"}) + "?q=%00")
    assert response.status_code == 400 and "“q”" in response.content.decode()


def test_form_values_reach_the_view_in_nfc(client, people):
    login(client, people["cecilia"])
    response = client.post(url("journeys-personas"), {"name": "Pe\u0301rez", "rules": "channel_90d = phone"})
    assert response.status_code == 302
    assert Persona.objects.get().name == "P\u00e9rez"


def test_a_lone_surrogate_in_pasted_scorecard_json_is_a_form_error(client, people):
    login(client, people["cecilia"])
    pasted = json.dumps({"name": "Laatu\ud800", "sections": []})
    response = client.post(reverse("quality-scorecards", kwargs={"ws": "voima"}), {"json": pasted})
    assert response.status_code == 422
    assert "surrogate" in response.content.decode()
    assert not Scorecard.objects.exists()


def test_non_ascii_digits_in_a_persona_rule_are_a_line_error(client, people):
    login(client, people["cecilia"])
    response = client.post(url("journeys-personas"), {"name": "Usein", "rules": "contacts_90d >= ²"})
    assert response.status_code in (200, 422) and "contacts_90d needs a whole number" in response.content.decode()
    assert not Persona.objects.exists()
