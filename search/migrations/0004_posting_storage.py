"""Postings stored in key order, so that the ranking reads a term's postings as one range.

SQLite: the table becomes WITHOUT ROWID, its rows kept in the primary key's b-tree (term
first). A rowid table keeps the key in a separate index, and every posting read for a term is
a lookup in the table at a random place; the rowid table also costs one more b-tree to write.

PostgreSQL: the primary key index also carries frequency and document length (INCLUDE), so
the ranking is answered from the index alone once the table has been vacuumed.

Django knows neither option. A later migration that makes Django's SQLite schema editor
rebuild this table (altering a field) gives a rowid table again: repeat this step after it.
"""

from django.db import migrations

TABLE = "govpages_search_posting"
COLUMNS = '"term", "content_type_id", "object_id", "frequency", "document_length"'
KEY = '"term", "content_type_id", "object_id"'
CREATE = (
    'CREATE TABLE "{name}" ("term" varchar(100) NOT NULL, "content_type_id" integer NOT NULL, '
    '"object_id" varchar(255) NOT NULL, "frequency" real NOT NULL, '
    '"document_length" real NOT NULL, PRIMARY KEY (' + KEY + ")){options}"
)


def _rebuild_sqlite_table(schema_editor, options):
    new = f"{TABLE}__new"
    for statement in (
        CREATE.format(name=new, options=options),
        f'INSERT INTO "{new}" ({COLUMNS}) SELECT {COLUMNS} FROM "{TABLE}" ORDER BY {KEY}',
        f'DROP TABLE "{TABLE}"',
        f'ALTER TABLE "{new}" RENAME TO "{TABLE}"',
        f'CREATE INDEX "search_posting_object" ON "{TABLE}" ("content_type_id", "object_id")',
    ):
        schema_editor.execute(statement)


def _replace_postgres_key(schema_editor, include):
    schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP CONSTRAINT "{TABLE}_pkey"')
    schema_editor.execute(
        f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{TABLE}_pkey" PRIMARY KEY ({KEY}){include}'
    )


#: (SQLite table options, PostgreSQL key clause) of each storage.
KEY_ORDER = (" WITHOUT ROWID", ' INCLUDE ("frequency", "document_length")')
AS_BEFORE = ("", "")


def _store(schema_editor, storage):
    sqlite_options, postgres_include = storage
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _rebuild_sqlite_table(schema_editor, sqlite_options)
    elif vendor == "postgresql":
        _replace_postgres_key(schema_editor, postgres_include)


def store_in_key_order(apps, schema_editor):
    _store(schema_editor, KEY_ORDER)


def store_as_before(apps, schema_editor):
    _store(schema_editor, AS_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("govpages_search", "0003_posting_composite_key")]

    operations = [migrations.RunPython(store_in_key_order, store_as_before)]
