# Masking personal data on ingest: on for every workspace created from now on. Workspaces that exist
# already keep storing free text as before until an admin turns it on (Workspace settings): switching it
# on changes every record's content hash, so their next full re-sync would rewrite every interaction.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0003_apitoken_scope_and_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="redact_personal_data",
            field=models.BooleanField(default=False, verbose_name="mask personal data in incoming free text"),
        ),
        migrations.AlterField(
            model_name="workspace",
            name="redact_personal_data",
            field=models.BooleanField(default=True, verbose_name="mask personal data in incoming free text"),
        ),
    ]
