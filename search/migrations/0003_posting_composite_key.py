"""Posting rows keyed by (term, object): no surrogate id, no separate term index, no foreign
key check per row.

Django's schema editor rebuilds the table on SQLite (and so adds the key there) but adds no
primary key on PostgreSQL when a CompositePrimaryKey field is added, so PostgreSQL gets it here.
Existing postings are kept: there is one row per (term, object) already.
"""

import django.db.models.deletion
from django.db import migrations, models


def add_postgres_primary_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("govpages_search", "Posting")._meta.db_table
    schema_editor.execute(
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" '
        'PRIMARY KEY ("term", "content_type_id", "object_id")'
    )


def drop_postgres_primary_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("govpages_search", "Posting")._meta.db_table
    schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_pkey"')


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("govpages_search", "0002_querylog_clients_and_blocked_terms"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="posting", name="search_posting_term"),
        migrations.RemoveField(model_name="posting", name="id"),
        migrations.AddField(
            model_name="posting",
            name="pk",
            field=models.CompositePrimaryKey(
                "term",
                "content_type",
                "object_id",
                blank=True,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="content_type",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.RunPython(add_postgres_primary_key, drop_postgres_primary_key),
    ]
