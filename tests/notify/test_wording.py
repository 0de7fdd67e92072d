from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from kohtaamo.notify.models import Incident, IncidentUpdate
from kohtaamo.notify.policy import complete_languages, fallback_language, message_language, update_languages
from kohtaamo.notify.wording import render

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


def message(language, *, kind="outage", status="repairing", eta=datetime(2026, 3, 3, 16, 0, tzinfo=UTC), **kw):
    incident = Incident(kind=kind, status=status, title={"fi": "Sähkökatko Kalliossa", "sv": "Elavbrott i Berghäll",
                        "en": "Power cut in Kallio"}, message={}, eta=eta)  # fmt: skip
    update = IncidentUpdate(incident=incident, status=status, eta=eta, note=kw.pop("note", {}))
    return render(incident, update, language, tz=HELSINKI, now=NOW, **kw)


def test_it_writes_finnish_with_the_local_eta():
    m = message("fi")
    assert m.subject == "Katko: Sähkökatko Kalliossa"
    assert "Vikaa korjataan parhaillaan." in m.body
    assert "Arvioitu korjausaika: klo 18.00." in m.body


def test_it_writes_swedish():
    m = message("sv")
    assert m.subject == "Avbrott: Elavbrott i Berghäll"
    assert "Beräknad reparationstid: kl. 18.00." in m.body


def test_it_writes_english():
    m = message("en")
    assert m.subject == "Outage: Power cut in Kallio"
    assert "Estimated fix: 18:00." in m.body


def test_an_eta_on_another_day_carries_the_date():
    m = message("fi", eta=datetime(2026, 3, 4, 4, 0, tzinfo=UTC))
    assert "4.3. klo 6.00" in m.body
    assert "4 mars kl. 6.00" in message("sv", eta=datetime(2026, 3, 4, 4, 0, tzinfo=UTC)).body
    assert "06:00 on 4 March" in message("en", eta=datetime(2026, 3, 4, 4, 0, tzinfo=UTC)).body


def test_the_all_clear_drops_the_eta_and_the_no_need_to_call_line():
    m = message("en", status="resolved")
    assert "It is over." in m.body
    assert "Estimated fix" not in m.body and "No need to call" not in m.body


def test_maintenance_has_its_own_wording():
    assert "Huoltotyö on käynnissä." in message("fi", kind="maintenance").body
    assert "Underhållsarbetet pågår." in message("sv", kind="maintenance").body


def test_a_missing_language_sends_the_whole_message_in_the_fallback_never_a_mix():
    incident = Incident(kind="outage", status="investigating", title={"fi": "Katko", "sv": "Avbrott"},
                        message={"fi": "Linja poikki."})  # fmt: skip
    update = IncidentUpdate(incident=incident, status="investigating", note={})
    available = update_languages(incident, update)
    assert available == ["fi"]  # Swedish has a title but no message
    language = message_language("sv", available, fallback_language(["sv", "fi"]))
    assert language == "fi"
    m = render(incident, update, language, tz=HELSINKI, now=NOW)
    assert m.subject == "Katko: Katko" and "Linja poikki." in m.body and "Avbrott" not in m.body


def test_the_customers_own_language_wins_when_the_update_is_complete_in_it():
    assert message_language("sv", ["fi", "sv"], "fi") == "sv"
    assert message_language("de", ["fi", "sv"], "sv") == "sv"
    assert message_language("en", ["sv", "en"], "fi") == "en"
    assert message_language("fi", ["sv", "en"], "fi") == "sv"  # the fallback lacks a text too
    assert complete_languages({"fi": "a", "en": "b"}, {}, {"en": "c"}) == ["en"]


def test_a_message_sent_in_quiet_hours_says_why():
    assert "quiet hours because the outage is critical" in message("en", quiet_override=True).body


def test_the_sms_is_one_short_line():
    sms = message("fi").sms
    assert "\n" not in sms and len(sms) < 160
    assert sms.startswith("Katko: Sähkökatko Kalliossa.")


def test_template_syntax_in_a_title_is_not_executed():
    incident = Incident(kind="outage", status="investigating", title={"en": "{{ sign }} {% now 'Y' %}"}, message={})
    update = IncidentUpdate(incident=incident, status="investigating")
    assert "{{ sign }} {% now 'Y' %}" in render(incident, update, "en", tz=HELSINKI, now=NOW).subject
