"""DayAdjustment now belongs to govpages_workdays, which adopts the table (state only here)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("govpages_events", "0004_occurrence_recurrence_id")]

    # Before the workdays app adopts the table, or on a new database it would create it first.
    run_before = [("govpages_workdays", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DayAdjustment")],
        ),
    ]
