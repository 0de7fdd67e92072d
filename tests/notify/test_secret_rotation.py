"""Rotating the encryption key: old secrets still open, and `kohtaamo secrets rotate` reseals them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kohtaamo.cli import main
from kohtaamo.notify.models import ChannelConfig
from kohtaamo.notify.services.channels import channel_config_set


def _sealed(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secrets FROM notify_channelconfig WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_new_key_with_the_old_one_listed_reads_and_reseals(voima, settings, capsys):
    settings.KOHTAAMO_ENCRYPTION_KEY = "first-key"
    config = channel_config_set(workspace=voima, channel="sms", options={"url": "https://sms.example.com/"},
                                secrets={"token": "t0k"})  # fmt: skip
    before = _sealed(config.pk)
    settings.KOHTAAMO_ENCRYPTION_KEY = "second-key"
    settings.KOHTAAMO_ENCRYPTION_OLD_KEYS = ["first-key"]
    assert ChannelConfig.objects.of(voima).get(pk=config.pk).secrets == {"token": "t0k"}
    assert main(["secrets", "rotate"]) == 0
    assert "1 channel" in capsys.readouterr().out
    assert _sealed(config.pk) != before
    settings.KOHTAAMO_ENCRYPTION_OLD_KEYS = []
    assert ChannelConfig.objects.of(voima).get(pk=config.pk).secrets == {"token": "t0k"}


def test_a_lost_key_is_a_clear_error_not_garbage(voima, settings):
    settings.KOHTAAMO_ENCRYPTION_KEY = "first-key"
    config = channel_config_set(workspace=voima, channel="sms", secrets={"token": "t0k"})
    settings.KOHTAAMO_ENCRYPTION_KEY = "another-key"
    with pytest.raises(ImproperlyConfigured, match="KOHTAAMO_ENCRYPTION_OLD_KEYS"):
        ChannelConfig.objects.of(voima).get(pk=config.pk)
