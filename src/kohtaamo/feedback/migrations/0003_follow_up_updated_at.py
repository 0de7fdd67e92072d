from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone


def from_history(apps, schema_editor):
    """An existing follow-up last changed when it was called back, or else when it was opened."""
    FollowUp = apps.get_model("feedback", "FollowUp")
    FollowUp.objects.update(updated_at=Coalesce(F("called_back_at"), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_follow_up_overdue_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(from_history, migrations.RunPython.noop),
    ]
