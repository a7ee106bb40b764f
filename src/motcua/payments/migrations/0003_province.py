"""The province on the payments of fees (docs/sharding.md): filled from the fee, in every unique key, and on
PostgreSQL a composite key to the fee's (and the payment's) province."""

from django.db import migrations, models

from motcua.core.sharding import add_province, co_located_keys, fill_province, unique_with_province


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_co_located_keys"),
        ("payments", "0002_refunds_statements"),
    ]

    operations = [
        *add_province("payment", fill_province(table="payments_payment", through="dossiers_dossierfee", via="fee_id")),
        *add_province(
            "refund", fill_province(table="payments_refund", through="payments_payment", via="payment_id")
        ),
        migrations.AlterField(model_name="payment", name="txn_ref", field=models.CharField(max_length=64)),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(fields=["txn_ref", "province"], name="payment_txn_ref_unique"),
        ),
        *unique_with_province("payment", "payment_one_paid_per_fee", ["fee"], condition=models.Q(state="paid")),
        co_located_keys(
            parents=["payments_payment"],
            children=[
                ("payments_payment", "fee_id", "dossiers_dossierfee"),
                ("payments_refund", "payment_id", "payments_payment"),
            ],
        ),
    ]
