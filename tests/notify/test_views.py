"""The incident pages: who may see and do what, forms, and untrusted text escaped."""

import pytest

from kohtaamo.notify.incoming import IncidentInvalid, parse_incident
from kohtaamo.notify.models import Delivery, Incident
from tests.factories import login

from .conftest import customer, drain, outage

BASE = "/w/voima/incidents/"


@pytest.fixture
def incident(voima, channels):
    customer(voima)
    return outage(voima).incident


@pytest.mark.parametrize("name", ["aino", "cecilia", "leena", "kalle", "ville"])
def test_every_role_sees_the_incidents(client, people, incident, name):
    login(client, people[name])
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}{incident.pk}/").status_code == 200
    assert client.get(f"{BASE}report/").status_code == 200


@pytest.mark.parametrize("path", ["new/", "settings/", "dead-letters/"])
@pytest.mark.parametrize("name", ["kalle", "leena", "ville"])
def test_only_managers_declare_and_configure(client, people, name, path):
    login(client, people[name])
    assert client.get(BASE + path).status_code == 403


def test_an_agent_cannot_post_an_update(client, people, incident):
    login(client, people["ville"])
    assert client.post(f"{BASE}{incident.pk}/change/", {"status": "resolved"}).status_code == 403
    assert Incident.objects.get().status == "investigating"


def test_another_workspaces_incident_is_not_found(client, people, incident):
    login(client, people["outi"])
    assert client.get(f"{BASE}{incident.pk}/").status_code == 404
    assert client.get(f"/w/linkki/incidents/{incident.pk}/").status_code == 404


def test_a_manager_declares_an_incident_with_the_form(client, people, voima, channels):
    c = customer(voima, postal_code="00530")
    login(client, people["cecilia"])
    form = {"kind": "outage", "severity": "major", "title_fi": "Katko Kalliossa", "postal_codes": "00530, 00100",
            "eta": "2026-03-03T18:00", "notify": "on"}  # fmt: skip
    response = client.post(f"{BASE}new/", form)
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{incident.pk}/")
    assert incident.postal_codes == ["00530", "00100"] and incident.eta.astimezone(voima.tz).hour == 18
    assert Delivery.objects.get().customer == c


def test_the_form_shows_field_errors(client, people, channels):
    login(client, people["aino"])
    response = client.post(f"{BASE}new/", {"kind": "outage", "severity": "major", "notify": "on"})
    assert response.status_code == 200
    assert b"is required in at least one of fi, sv, en" in response.content
    assert not Incident.objects.exists()


def test_the_preview_shows_the_message_in_three_languages_and_the_reach(client, people, voima, channels):
    customer(voima)
    login(client, people["aino"])
    form = {"kind": "outage", "severity": "major", "title_fi": "Katko", "title_sv": "Avbrott", "title_en": "Cut",
            "postal_codes": "00100"}  # fmt: skip
    response = client.post(f"{BASE}preview/", form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 customer affected" in text
    assert "Selvitämme häiriötä." in text and "Vi utreder störningen." in text and "We are looking into" in text
    assert not Incident.objects.exists()


def test_the_preview_flags_a_missing_translation_and_shows_what_is_received(client, people, voima, channels):
    login(client, people["aino"])
    form = {"kind": "outage", "severity": "major", "title_fi": "Katko", "title_sv": "Avbrott",
            "message_fi": "Puu kaatui.", "postal_codes": "00100"}  # fmt: skip
    text = client.post(f"{BASE}preview/", form).content.decode()
    assert "Missing translation: customers who read SV, EN will receive the whole message in FI" in text
    assert "Avbrott" not in text  # nobody gets a Swedish title around a Finnish message


def test_a_note_in_none_of_the_titles_languages_is_refused(client, people, incident):
    login(client, people["aino"])
    client.post(f"{BASE}{incident.pk}/change/", {"status": "repairing", "note_en": "Crew out"})
    assert incident.updates.count() == 2  # the title has English: accepted
    with pytest.raises(IncidentInvalid, match="title's languages"):
        parse_incident({"external_id": "X", "kind": "outage", "title": {"fi": "Katko"}, "note": {"en": "Crew out"},
                        "postal_codes": ["00100"]})  # fmt: skip


def test_a_manager_posts_an_update(client, people, incident):
    login(client, people["aino"])
    response = client.post(f"{BASE}{incident.pk}/change/", {"status": "repairing", "eta": "2026-03-03T20:00",
                                                              "notify": "on"})  # fmt: skip
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "repairing" and incident.updates.count() == 2


def test_untrusted_text_is_escaped(client, people, voima, channels):
    customer(voima)
    evil = "<script>alert(1)</script>"
    received = outage(voima, title={"en": evil, "fi": evil}, external_id="<b>x</b>", segment={"segment": evil})
    login(client, people["aino"])
    for path in ("", f"{received.incident.pk}/", "report/"):
        content = client.get(BASE + path).content
        assert b"<script>alert(1)</script>" not in content and b"&lt;script&gt;" in content


def test_the_customer_page_shows_the_incident_and_every_message(client, people, voima, channels):
    c = customer(voima)
    outage(voima)
    drain(channels["email"])
    login(client, people["ville"])
    text = client.get(f"/w/voima/customers/{c.pk}/").content.decode()
    assert "Incident messages" in text and "notified" in text and "ETA 3 Mar 2026, 18:00" in text  # with its day


def test_the_progress_partial_counts_the_messages(client, people, incident, channels):
    login(client, people["aino"])
    text = client.get(f"{BASE}{incident.pk}/progress/").content.decode()
    assert "0 of 1 messages done" in text
    drain(channels["email"])
    assert "1 of 1 messages done" in client.get(f"{BASE}{incident.pk}/progress/").content.decode()


def test_a_manager_changes_a_channels_rate(client, people, channels):
    login(client, people["aino"])
    form = {"channel": "sms", "sms-enabled": "on", "sms-mode": "live", "sms-rate_per_second": "50",
            "sms-workers": "2", "sms-url": "http://sms.example/send"}  # fmt: skip
    assert client.post(f"{BASE}settings/", form).status_code == 302
    channels["sms"].refresh_from_db()
    assert channels["sms"].rate_per_second == 50 and channels["sms"].options["url"] == "http://sms.example/send"


def test_reading_the_settings_saves_no_policy_until_a_manager_changes_it(client, people, voima, channels):
    from kohtaamo.notify.models import NotifyPolicy

    login(client, people["aino"])
    assert client.get(f"{BASE}settings/").status_code == 200
    outage(voima)  # the fan-out reads the rules too
    assert not NotifyPolicy.objects.of(voima).exists()
    rules = {"quiet_start": 22, "quiet_end": 7, "eta_threshold_minutes": 60, "coalesce_minutes": 5,
             "cap_per_incident": 6, "max_attempts": 5}  # fmt: skip
    form = {"channel": "policy", **{f"policy-{name}": str(value) for name, value in rules.items()}}
    assert client.post(f"{BASE}settings/", form).status_code == 302
    assert NotifyPolicy.objects.of(voima).get().quiet_start == 22


def test_the_sent_messages_page_shows_what_customers_received(client, people, voima, channels):
    c = customer(voima, preferred="email", name="Maija <b>Mehiläinen</b>")
    outage(voima)
    drain(channels["email"])
    login(client, people["aino"])
    page = client.get(f"{BASE}messages/?channel=email").content.decode()
    assert "Sähkökatko Kalliossa" in page and c.identities.get(kind="email").value in page
    assert "&lt;b&gt;Mehiläinen" in page
    assert "Sähkökatko" not in client.get(f"{BASE}messages/?channel=sms").content.decode()
    login(client, people["ville"])
    assert client.get(f"{BASE}messages/").status_code == 403


def test_sent_messages_come_a_page_at_a_time_with_the_filter_kept(client, people, voima, channels):
    """One outage is thousands of messages: the page listed 200 of them at once, 27,000 px long."""
    for _ in range(27):
        customer(voima)
    outage(voima)
    login(client, people["aino"])
    first = client.get(f"{BASE}messages/?channel=email")
    assert len(first.context["page"].object_list) == 25 and "page 1 of 2" in first.text
    assert "?channel=email&amp;page=2" in first.text
    assert len(client.get(f"{BASE}messages/?channel=email&page=2").context["page"].object_list) == 2
