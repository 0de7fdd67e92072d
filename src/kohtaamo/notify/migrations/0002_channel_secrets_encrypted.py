"""Move SMTP passwords and webhook tokens/secrets out of the plain options into an encrypted field."""

from django.db import migrations

import kohtaamo.db.secrets

SECRET_OPTIONS = ("password", "token", "secret")


def seal_secrets(apps, schema_editor):
    ChannelConfig = apps.get_model("notify", "ChannelConfig")
    for config in ChannelConfig.objects.all():
        secrets = {k: config.options.pop(k) for k in SECRET_OPTIONS if config.options.get(k)}
        for k in SECRET_OPTIONS:
            config.options.pop(k, None)
        if secrets:
            config.secrets = secrets
            config.save(update_fields=["options", "secrets"])


def unseal_secrets(apps, schema_editor):
    ChannelConfig = apps.get_model("notify", "ChannelConfig")
    for config in ChannelConfig.objects.all():
        if config.secrets:
            config.options = {**config.options, **config.secrets}
            config.save(update_fields=["options"])


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="channelconfig",
            name="secrets",
            field=kohtaamo.db.secrets.EncryptedJSONField(blank=True, default=dict, verbose_name="secrets"),
        ),
        migrations.RunPython(seal_secrets, unseal_secrets),
    ]
