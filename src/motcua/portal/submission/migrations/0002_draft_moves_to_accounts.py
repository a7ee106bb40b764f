# A draft belongs to the citizen's account: its table moves to accounts with its rows (accounts 0002 takes it).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("submission", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="draft", table="accounts_draft")],
            state_operations=[migrations.DeleteModel(name="Draft")],
        )
    ]
