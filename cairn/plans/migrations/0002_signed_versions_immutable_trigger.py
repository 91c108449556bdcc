"""On PostgreSQL, refuse in the database itself any change to a signed plan version
(DESIGN.md principle 2: signed plans are immutable, enforced in the database on PostgreSQL).

- A version row, once the clinician signed (clinician_signed_at set): never deleted; only the
  lifecycle columns change, and the client's signature columns are written once.
- A content row (problem, goal, objective, intervention, review rating) of a signed version:
  never inserted, changed or deleted.

The column lists match ``cairn/plans/models/base.py``. SQLite relies on the model layer.
"""

from django.db import migrations

VERSION_TABLES = ["plans_treatmentplanversion", "plans_relapsepreventionversion"]
CONTENT_TABLES = [
    "plans_problem",
    "plans_goal",
    "plans_objective",
    "plans_intervention",
    "plans_objectiveprogress",
]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION cairn_plans_version_guard() RETURNS trigger AS $$
DECLARE
    allowed text[] := ARRAY['status', 'activated_at', 'superseded_at'];
BEGIN
    IF OLD.clinician_signed_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'signed plan versions are never deleted (%, id %)', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.client_signed_at IS NULL THEN
        allowed := allowed || ARRAY['client_signed_at', 'client_signature_name',
            'client_signature_method', 'client_signature_witness_id', 'client_signature_user_id'];
    END IF;
    IF (to_jsonb(NEW) - allowed) IS DISTINCT FROM (to_jsonb(OLD) - allowed) THEN
        RAISE EXCEPTION 'signed plan versions are immutable (%, id %)', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cairn_plans_content_guard() RETURNS trigger AS $$
DECLARE
    signed timestamptz;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT clinician_signed_at FROM %I WHERE id = $1', TG_ARGV[0])
            INTO signed USING OLD.version_id;
        IF signed IS NOT NULL THEN
            RAISE EXCEPTION 'content of a signed plan version is immutable (%, id %)',
                TG_TABLE_NAME, OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('SELECT clinician_signed_at FROM %I WHERE id = $1', TG_ARGV[0])
            INTO signed USING NEW.version_id;
        IF signed IS NOT NULL THEN
            RAISE EXCEPTION 'content of a signed plan version is immutable (%)', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""


def _triggers() -> str:
    statements = [
        f"CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION cairn_plans_version_guard();"
        for table in VERSION_TABLES
    ]
    statements += [
        f"CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION cairn_plans_content_guard('plans_treatmentplanversion');"
        for table in CONTENT_TABLES
    ]
    return "\n".join(statements)


def _drop() -> str:
    statements = [
        f"DROP TRIGGER IF EXISTS {table}_guard ON {table};"
        for table in VERSION_TABLES + CONTENT_TABLES
    ]
    statements += [
        "DROP FUNCTION IF EXISTS cairn_plans_version_guard();",
        "DROP FUNCTION IF EXISTS cairn_plans_content_guard();",
    ]
    return "\n".join(statements)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The SQL holds % (format() and RAISE placeholders): no parameter interpolation.
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(_triggers(), params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_drop(), params=None)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_treatment_and_relapse_prevention_plans")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
