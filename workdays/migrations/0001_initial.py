"""The DayAdjustment snippet moves here from govpages_events, keeping its table and its
permissions: state only where the events app created the table, the table itself otherwise."""

from django.db import migrations, models

TABLE = "govpages_events_dayadjustment"


def create_table_or_adopt_it(apps, schema_editor):
    DayAdjustment = apps.get_model("govpages_workdays", "DayAdjustment")
    if TABLE not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(DayAdjustment)
    # Group permissions given on the model under events stay given: move its content type.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="govpages_workdays", model="dayadjustment").exists():
        ContentType.objects.filter(app_label="govpages_events", model="dayadjustment").update(
            app_label="govpages_workdays"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DayAdjustment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='date')),
                        ('kind', models.CharField(choices=[('holiday', 'public holiday'), ('workday', 'adjusted working day')], default='holiday', max_length=10, verbose_name='kind')),
                        ('name', models.CharField(blank=True, help_text='e.g. Labour Day', max_length=50, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'holiday or adjusted working day',
                        'verbose_name_plural': 'holidays and adjusted working days',
                        'ordering': ['-date'],
                        'db_table': TABLE,
                    },
                ),
            ],
        ),
        migrations.RunPython(create_table_or_adopt_it, migrations.RunPython.noop, elidable=False),
    ]
