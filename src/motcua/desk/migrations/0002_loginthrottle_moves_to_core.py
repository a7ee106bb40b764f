# The log-in throttle is shared by every log-in: its table moves to core with its rows (core 0002 takes the model).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="loginthrottle", table="core_loginthrottle")],
            state_operations=[migrations.DeleteModel(name="LoginThrottle")],
        )
    ]
