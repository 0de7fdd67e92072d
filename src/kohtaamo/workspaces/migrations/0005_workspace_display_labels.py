from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0004_workspace_redact_personal_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="display_labels",
            field=models.JSONField(blank=True, default=dict, verbose_name="display labels"),
        ),
    ]
