"""On PostgreSQL the database itself refuses to edit or delete change records (no-op on SQLite).

The one exception is `zhenxing audit purge`: it sets `zhenxing.audit_purge` for its transaction,
and even then only records older than 183 days (the six months GB/T 22239 asks to keep) go.
"""

from django.db import migrations

MINIMUM_RETENTION_DAYS = 183

CREATE = f"""
CREATE OR REPLACE FUNCTION audit_changerecord_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('zhenxing.audit_purge', true) = 'on'
       AND OLD.time < now() - interval '{MINIMUM_RETENTION_DAYS} days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_changerecord is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_changerecord_append_only
    BEFORE UPDATE OR DELETE ON audit_changerecord
    FOR EACH ROW EXECUTE FUNCTION audit_changerecord_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_changerecord_append_only ON audit_changerecord;
DROP FUNCTION IF EXISTS audit_changerecord_append_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_change_record_hash_chain")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
