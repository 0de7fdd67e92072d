# The kinds of personal data masked on ingest, shown on the interaction page.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0003_recordings"),
    ]

    operations = [
        migrations.AddField(
            model_name="interaction",
            name="redacted_kinds",
            field=models.JSONField(blank=True, default=list, verbose_name="personal data masked"),
        ),
    ]
