# The kinds of personal data masked in an answer's text before it was stored.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_score_rollups"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="redacted_kinds",
            field=models.JSONField(blank=True, default=list, verbose_name="personal data masked"),
        ),
    ]
