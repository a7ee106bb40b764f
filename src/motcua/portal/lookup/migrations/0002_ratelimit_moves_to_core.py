# The rate limiter is shared infrastructure: its table moves to core with its rows (core 0002 takes the model).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("lookup", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="ratelimit", table="core_ratelimit")],
            state_operations=[migrations.DeleteModel(name="RateLimit")],
        )
    ]
