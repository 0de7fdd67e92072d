from django.db import migrations, models


def copy_titles(apps, schema_editor):
    """Each scorecard's titles from its newest version's form (a plain-string title leaves them empty)."""
    Scorecard = apps.get_model("quality", "Scorecard")
    ScorecardVersion = apps.get_model("quality", "ScorecardVersion")
    for scorecard in Scorecard.objects.all().iterator():
        version = ScorecardVersion.objects.filter(scorecard=scorecard).order_by("-number").first()
        title = (version.form or {}).get("title") if version is not None else None
        if isinstance(title, dict):
            scorecard.titles = {str(k): str(v)[:200] for k, v in title.items() if str(v).strip()}
            scorecard.save(update_fields=["titles"])


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0003_merge_0002_automatic_qa_0002_dispute_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="scorecard",
            name="titles",
            field=models.JSONField(blank=True, default=dict, verbose_name="titles"),
        ),
        migrations.RunPython(copy_titles, migrations.RunPython.noop),
    ]
