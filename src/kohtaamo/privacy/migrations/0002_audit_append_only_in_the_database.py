"""The database itself refuses to change an audit event (and, on PostgreSQL, to delete one).

The model already refuses (``AuditEvent.save``/``delete`` and its queryset); these triggers also stop raw
SQL and other programs. Nulling the user or token column stays possible, so deleting a person's login or a
token still works (``SET_NULL``); the event keeps ``actor_label``. SQLite gets no DELETE trigger: Django's
test flush empties tables with DELETE there (PostgreSQL truncates, which row triggers do not see).
"""

from django.db import migrations

COLUMNS = ("workspace_id", "actor_label", "action", "object_type", "object_id", "client_address", "at", "detail")

SQLITE = f"""
CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE OF {", ".join(COLUMNS)} ON privacy_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""

POSTGRES = """
CREATE OR REPLACE FUNCTION privacy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  IF (NEW.workspace_id, NEW.actor_label, NEW.action, NEW.object_type, NEW.object_id, NEW.client_address,
      NEW.at, NEW.detail::text) IS DISTINCT FROM
     (OLD.workspace_id, OLD.actor_label, OLD.action, OLD.object_type, OLD.object_id, OLD.client_address,
      OLD.at, OLD.detail::text) THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_auditevent_append_only BEFORE UPDATE OR DELETE ON privacy_auditevent
FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_auditevent_no_update")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_auditevent_append_only ON privacy_auditevent")
        schema_editor.execute("DROP FUNCTION IF EXISTS privacy_auditevent_append_only()")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_audit_erasure_retention")]
    operations = [migrations.RunPython(forwards, backwards)]
