"""Who gets which message, on which channel, and when: consent, quiet hours, storm control, coalescing."""

from datetime import timedelta

from kohtaamo.notify.models import Delivery
from kohtaamo.notify.services.channels import notify_policy_set
from kohtaamo.notify.services.deliveries import customer_service_consent_set

from .conftest import AFTERNOON, NIGHT, customer, drain, outage


def delivery_of(c) -> Delivery:
    return Delivery.objects.get(customer=c)


def test_the_outbox_row_is_written_with_the_update(voima, channels):
    c = customer(voima)
    received = outage(voima)
    d = delivery_of(c)
    assert d.update == received.update and d.status == "queued" and d.channel == "email"
    assert d.address == c.identities.get(kind="email").value
    assert received.update.outcome["queued"] == 1


def test_the_preferred_channel_wins_and_language_follows_the_customer(voima, channels):
    c = customer(voima, preferred="phone", language="sv")
    outage(voima)
    d = delivery_of(c)
    assert (d.channel, d.language) == ("sms", "sv")


def test_a_customer_whose_language_lacks_a_text_gets_the_whole_message_in_the_fallback(voima, channels):
    c = customer(voima, preferred="email", language="sv")
    outage(voima, title={"fi": "Sähkökatko", "sv": "Elavbrott"}, message={"fi": "Puu kaatui linjalle."})
    d = delivery_of(c)
    assert d.language == "fi"  # voima's first language; Swedish has no message text
    drain(channels["email"])
    d.refresh_from_db()
    assert "Puu kaatui linjalle." in d.body and "Elavbrott" not in d.subject + d.body


def test_it_falls_back_to_another_channel_the_customer_has(voima, channels):
    c = customer(voima, preferred="email", email=False)
    outage(voima)
    assert delivery_of(c).channel == "sms"


def test_a_service_opt_out_is_respected_and_another_channel_used(voima, channels):
    c = customer(voima, preferred="sms", consent={"service_sms": {"value": False, "source": "crm"}})
    outage(voima)
    d = delivery_of(c)
    assert d.channel == "email" and d.consent_source == "default: service message"


def test_marketing_consent_does_not_decide_service_messages(voima, channels):
    c = customer(voima, consent={"marketing_email": {"value": False, "source": "web"}})
    outage(voima)
    assert delivery_of(c).channel == "email"


def test_a_customer_who_opted_out_everywhere_gets_nothing(voima, channels):
    no = {"value": False, "source": "phone call"}
    customer(voima, consent={"service_sms": no, "service_email": no})
    received = outage(voima)
    assert received.update.outcome["opted_out"] == 1
    assert not Delivery.objects.exists()


def test_the_consent_source_is_recorded_with_the_message(voima, channels):
    c = customer(voima, preferred="sms", consent={"service_sms": {"value": True, "source": "crm"}})
    outage(voima)
    assert delivery_of(c).consent_source == "service_sms: crm"


def test_opting_out_later_stops_waiting_messages(voima, channels):
    c = customer(voima, preferred="sms")
    outage(voima, now=NIGHT, severity="major")
    customer_service_consent_set(customer=c, channel="sms", allowed=False, source="reply STOP")
    d = delivery_of(c)
    assert (d.status, d.dead_reason) == ("dead", "opted_out")
    c.refresh_from_db()
    assert c.consent["service_sms"] == {"value": False, "source": "reply STOP"}


def test_quiet_hours_hold_a_non_critical_sms_until_morning(voima, channels):
    c = customer(voima, preferred="sms")
    outage(voima, now=NIGHT, severity="major")
    d = delivery_of(c)
    assert d.status == "held"
    assert d.next_attempt_at.astimezone(voima.tz).hour == 8
    assert d.next_attempt_at > NIGHT


def test_a_critical_outage_overrides_quiet_hours_and_says_so(voima, channels):
    c = customer(voima, preferred="sms")
    outage(voima, now=NIGHT, severity="critical")
    d = delivery_of(c)
    assert d.status == "queued" and d.quiet_override


def test_email_is_not_held_when_its_channel_ignores_quiet_hours(voima, channels):
    channels["email"].quiet_hours = False
    channels["email"].save()
    c = customer(voima)
    outage(voima, now=NIGHT, severity="major")
    assert delivery_of(c).status == "queued"


def test_storm_control_keeps_minor_updates_off_sms_but_sends_them_by_email(voima, channels):
    by_sms = customer(voima, preferred="sms", email=False)
    by_email = customer(voima)
    outage(voima)
    Delivery.objects.update(status="sent")
    received = outage(voima, now=AFTERNOON + timedelta(hours=1), status="repairing")
    assert not received.update.material
    assert received.update.outcome["storm_control"] == 1
    assert Delivery.objects.filter(update=received.update).get().customer == by_email
    assert Delivery.objects.filter(customer=by_sms).count() == 1


def test_an_eta_moved_beyond_the_threshold_goes_by_sms(voima, channels):
    c = customer(voima, preferred="sms")
    outage(voima)
    Delivery.objects.update(status="sent")
    small = outage(voima, now=AFTERNOON + timedelta(hours=1), eta="2026-03-03T18:30:00+02:00")
    big = outage(voima, now=AFTERNOON + timedelta(hours=2), eta="2026-03-03T21:00:00+02:00")
    assert not small.update.material and big.update.material
    assert Delivery.objects.filter(customer=c, channel="sms").count() == 2


def test_the_all_clear_always_goes_by_sms(voima, channels):
    c = customer(voima, preferred="sms")
    outage(voima)
    Delivery.objects.update(status="sent")
    received = outage(voima, now=AFTERNOON + timedelta(hours=3), status="resolved")
    assert received.update.event == "all_clear" and received.update.material
    assert Delivery.objects.filter(customer=c, update=received.update, channel="sms").exists()


def test_updates_within_the_window_are_coalesced_into_the_latest(voima, channels):
    c = customer(voima)
    outage(voima)
    Delivery.objects.update(status="sent")
    first = outage(voima, now=AFTERNOON + timedelta(minutes=30), status="identified")
    second = outage(voima, now=AFTERNOON + timedelta(minutes=32), status="repairing")
    assert Delivery.objects.get(update=first.update).status == "superseded"
    waiting = Delivery.objects.get(update=second.update)
    assert waiting.status == "queued" and waiting.next_attempt_at == AFTERNOON + timedelta(minutes=37)
    assert Delivery.objects.filter(customer=c).exclude(status="superseded").count() == 2


def test_a_customer_gets_at_most_the_cap_per_incident_but_always_the_all_clear(voima, channels):
    notify_policy_set(workspace=voima, cap_per_incident=2)
    c = customer(voima)
    outage(voima)
    for hours, status in ((1, "identified"), (2, "repairing"), (3, "monitoring")):
        Delivery.objects.update(status="sent")
        received = outage(voima, now=AFTERNOON + timedelta(hours=hours), status=status)
    assert received.update.outcome["capped"] == 1
    Delivery.objects.update(status="sent")
    outage(voima, now=AFTERNOON + timedelta(hours=4), status="resolved")
    assert Delivery.objects.filter(customer=c).count() == 3


def test_sending_the_same_state_again_notifies_nobody(voima, channels):
    customer(voima)
    outage(voima)
    again = outage(voima, now=AFTERNOON + timedelta(minutes=5))
    assert again.update is None and not again.created
    assert Delivery.objects.count() == 1


def test_an_update_that_does_not_notify_queues_nothing(voima, channels):
    customer(voima)
    outage(voima)
    received = outage(voima, now=AFTERNOON + timedelta(hours=1), status="repairing", notify=False)
    assert received.update is not None and Delivery.objects.count() == 1


def test_an_update_can_be_limited_to_some_channels(voima, channels):
    customer(voima)
    sms_only = customer(voima, preferred="sms")
    received = outage(voima, channels=["sms"])
    assert set(Delivery.objects.filter(update=received.update).values_list("customer", "channel")) == {
        (sms_only.pk, "sms"),
        (Delivery.objects.exclude(customer=sms_only).get().customer_id, "sms"),
    }
