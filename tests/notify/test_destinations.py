"""Where a channel may send (no SSRF) and how its secrets are kept (encrypted, never shown back)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kohtaamo.notify.models import ChannelConfig, Delivery
from kohtaamo.notify.services.channels import channel_config_set
from tests.factories import login

from .conftest import customer, drain, outage
from .servers import HttpReceiver

SETTINGS = "/w/voima/incidents/settings/"


@pytest.fixture
def http():
    with HttpReceiver() as receiver:
        yield receiver


@pytest.mark.parametrize(
    "channel, options",
    [("webhook", {"url": "file:///etc/passwd"}), ("sms", {"url": "http://127.0.0.1:5432/"}),
     ("webhook", {"url": "http://169.254.169.254/latest/meta-data/"}), ("email", {"host": "localhost"}),
     ("apprise", {"url": "json://10.0.0.7/{external_id}"}), ("sms", {"url": "gopher://sms.example/"})],
)  # fmt: skip
def test_a_channel_cannot_point_at_this_servers_networks(voima, settings, channel, options):
    settings.KOHTAAMO_OUTBOUND_ALLOW = []
    with pytest.raises(ValidationError) as caught:
        channel_config_set(workspace=voima, channel=channel, options=options)
    assert "options" in caught.value.message_dict


def test_the_worker_does_not_post_customer_data_to_loopback(voima, settings, http):
    hook = channel_config_set(workspace=voima, channel="webhook", options={"url": http.url})
    settings.KOHTAAMO_OUTBOUND_ALLOW = []  # saved while allowed, then the operator withdrew it
    customer(voima, preferred="web", email=False, phone=False)
    outage(voima)
    drain(hook)
    assert http.requests == []
    dead = Delivery.objects.get()
    assert dead.status == Delivery.Status.DEAD and dead.dead_reason == Delivery.DeadReason.CONFIG


def test_a_closed_port_reads_as_could_not_connect_not_as_the_networks_answer(client, people, voima):
    sms = channel_config_set(workspace=voima, channel="sms", options={"url": "http://127.0.0.1:9/send"})
    customer(voima, preferred="sms")
    outage(voima)
    drain(sms)
    delivery = Delivery.objects.get()
    assert delivery.last_error == "could not connect to the receiver"
    login(client, people["aino"])
    page = client.get(f"/w/voima/incidents/{delivery.incident_id}/").content.decode()
    assert "Errno" not in page and "Connection refused" not in page


def test_secrets_are_encrypted_at_rest_and_still_sign(voima, http):
    hook = channel_config_set(workspace=voima, channel="webhook", options={"url": http.url, "secret": "s3cret-XyZ"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT options, secrets FROM notify_channelconfig WHERE id = %s", [hook.pk])
        options, sealed = cursor.fetchone()
    assert "s3cret-XyZ" not in str(options) and "s3cret-XyZ" not in sealed and sealed.startswith("fernet:")
    assert ChannelConfig.objects.of(voima).get(pk=hook.pk).secrets == {"secret": "s3cret-XyZ"}
    customer(voima, preferred="web", email=False, phone=False)
    outage(voima)
    drain(hook)
    [(headers, _body)] = http.requests
    assert headers["X-Kohtaamo-Signature"].startswith("sha256=")


def test_the_settings_page_never_shows_a_secret_and_a_blank_keeps_it(client, people, voima, http):
    channel_config_set(workspace=voima, channel="webhook", options={"url": http.url}, secrets={"token": "t0k-SeCrEt"})
    login(client, people["aino"])
    page = client.get(SETTINGS).content.decode()
    assert "t0k-SeCrEt" not in page and "Set · type a new one to change it." in page
    form = {"channel": "webhook", "webhook-enabled": "on", "webhook-mode": "live", "webhook-rate_per_second": "5",
            "webhook-workers": "1", "webhook-url": http.url, "webhook-token": ""}  # fmt: skip
    assert client.post(SETTINGS, form).status_code == 302
    assert ChannelConfig.objects.of(voima).get(channel="webhook").secrets == {"token": "t0k-SeCrEt"}
    assert client.post(SETTINGS, {**form, "webhook-token": "new-one"}).status_code == 302
    assert ChannelConfig.objects.of(voima).get(channel="webhook").secrets == {"token": "new-one"}


def test_the_settings_form_names_a_forbidden_address(client, people, voima, settings):
    settings.KOHTAAMO_OUTBOUND_ALLOW = []
    login(client, people["aino"])
    form = {"channel": "sms", "sms-enabled": "on", "sms-mode": "live", "sms-rate_per_second": "5",
            "sms-workers": "1", "sms-url": "http://10.1.2.3/send"}  # fmt: skip
    answer = client.post(SETTINGS, form)
    assert answer.status_code == 200
    assert "private networks are not allowed" in answer.content.decode()
