# Fees whose amount cannot be right (a positive amount of đồng under 1.000, as some sources give "50 VNĐ" for
# 25.000 đồng) are flagged for an administrator; fees already imported are flagged by the same rule.

from django.db import migrations, models

SMALLEST_PLAUSIBLE_VND = 1000  # the rule of catalog/importers/fees.py is_doubtful, frozen as of this migration


def flag_existing(apps, schema_editor):
    fee = apps.get_model("catalog", "ChannelFee")
    fee.objects.filter(currency="VND", amount__gt=0, amount__lt=SMALLEST_PLAUSIBLE_VND).update(needs_review=True)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="channelfee",
            name="needs_review",
            field=models.BooleanField(db_index=True, default=False, verbose_name="amount to confirm"),
        ),
        migrations.RunPython(flag_existing, migrations.RunPython.noop),
    ]
