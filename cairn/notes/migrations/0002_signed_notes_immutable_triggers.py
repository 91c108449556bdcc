"""On PostgreSQL, the database itself refuses to change signed notes (issue 7.3; DESIGN.md
principle 2): UPDATE of a signed note's clinical content, DELETE of a signed note, any change to
a signed group note's entries, and any UPDATE or DELETE of addenda and counseling notes. The
one later write a signed note accepts is its co-signature, once (and the lock counter).
SQLite relies on the model layer (models.py), which refuses the same changes."""

from django.db import migrations

#: Columns a signed row still accepts changes to.
MUTABLE = {"version", "updated_at", "cosigner_id", "cosigned_at", "cosigned_by_id"}

SERVICE_COLUMNS = [
    "id", "program_id", "format", "service_date", "starts_at", "ends_at", "mode", "location",
    "modalities", "author_id", "status", "due_at", "version", "created_at", "updated_at",
    "signed_at", "signed_by_id", "cosign_required", "cosigner_id", "cosigned_at", "cosigned_by_id",
]
NOTE_COLUMNS = SERVICE_COLUMNS + [
    "client_id", "session_id", "group_note_id", "note_type", "shared_sections", "sections",
]
GROUP_NOTE_COLUMNS = SERVICE_COLUMNS + ["session_id", "shared_sections"]


def _signed_guard(table: str, columns: list[str]) -> str:
    changed = " OR ".join(
        f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns if c not in MUTABLE
    )
    return f"""
CREATE OR REPLACE FUNCTION cairn_{table}_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'signed' THEN
            RAISE EXCEPTION 'signed notes are never deleted ({table} %)', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'signed' AND ({changed}) THEN
        RAISE EXCEPTION 'a signed note cannot be changed; add an addendum ({table} %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.cosigned_at IS NOT NULL AND (NEW.cosigned_at IS DISTINCT FROM OLD.cosigned_at
            OR NEW.cosigned_by_id IS DISTINCT FROM OLD.cosigned_by_id) THEN
        RAISE EXCEPTION 'a co-signature cannot be changed ({table} %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION cairn_{table}_immutable();
"""


ENTRY_GUARD = """
CREATE OR REPLACE FUNCTION cairn_notes_groupnoteentry_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM notes_groupnote WHERE id = OLD.group_note_id AND status = 'signed') THEN
        RAISE EXCEPTION 'a signed group note cannot be changed (entry %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notes_groupnoteentry_immutable BEFORE UPDATE OR DELETE ON notes_groupnoteentry
    FOR EACH ROW EXECUTE FUNCTION cairn_notes_groupnoteentry_immutable();
"""


def _append_only(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION cairn_{table}_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} rows are never changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION cairn_{table}_append_only();
"""


CREATE = [
    _signed_guard("notes_note", NOTE_COLUMNS),
    _signed_guard("notes_groupnote", GROUP_NOTE_COLUMNS),
    ENTRY_GUARD,
    _append_only("notes_addendum"),
    _append_only("notes_counselingnote"),
]

DROP = [
    "DROP TRIGGER IF EXISTS notes_note_immutable ON notes_note;"
    "DROP FUNCTION IF EXISTS cairn_notes_note_immutable();",
    "DROP TRIGGER IF EXISTS notes_groupnote_immutable ON notes_groupnote;"
    "DROP FUNCTION IF EXISTS cairn_notes_groupnote_immutable();",
    "DROP TRIGGER IF EXISTS notes_groupnoteentry_immutable ON notes_groupnoteentry;"
    "DROP FUNCTION IF EXISTS cairn_notes_groupnoteentry_immutable();",
    "DROP TRIGGER IF EXISTS notes_addendum_append_only ON notes_addendum;"
    "DROP FUNCTION IF EXISTS cairn_notes_addendum_append_only();",
    "DROP TRIGGER IF EXISTS notes_counselingnote_append_only ON notes_counselingnote;"
    "DROP FUNCTION IF EXISTS cairn_notes_counselingnote_append_only();",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_notes_group_notes_addenda_counseling")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
