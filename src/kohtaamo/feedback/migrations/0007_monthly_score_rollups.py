"""Monthly score roll-ups beside the daily ones, counted from the daily rows already stored.

The dashboard reads a period's whole months from the MONTHLY rows; a database from before them gets them
here, summed from its daily rows (which equal the answers), so no figure changes on upgrade.
"""

from django.db import migrations

from kohtaamo.feedback.services.rollups import months_from_days

def count_months(apps, schema_editor) -> None:
    table = schema_editor.connection.ops.quote_name(apps.get_model("feedback", "ScoreRollup")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        months_from_days(cursor, table)


def drop_months(apps, schema_editor) -> None:
    apps.get_model("feedback", "ScoreRollup").objects.filter(slice__endswith="/month").delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_sms_invitations_reminders")]

    operations = [migrations.RunPython(count_months, drop_months)]
