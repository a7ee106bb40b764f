"""The province on receipts, refunds and their counters (docs/sharding.md): filled from the dossier or the
agency, in every unique key, and on PostgreSQL composite keys to the dossier's, fee's and receipt's province."""

from django.db import migrations, models

from motcua.core.sharding import add_province, co_located_keys, fill_province, fill_with, unique_with_province

COUNTER = (
    'UPDATE "receipts_receiptcounter" SET "province_id" = COALESCE(p."province_id", p."id") '
    'FROM "receipts_receiptseries" s JOIN "core_agency" p ON p."id" = s."agency_id" '
    'WHERE s."id" = "receipts_receiptcounter"."series_id"'
)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_co_located_keys"),
        ("receipts", "0001_initial"),
    ]

    operations = [
        *add_province("receipt", fill_province(table="receipts_receipt", through="dossiers_dossier")),
        *add_province("refund", fill_province(table="receipts_refund", through="dossiers_dossier")),
        *add_province("receiptcounter", fill_with(COUNTER)),
        *add_province(
            "refundslipcounter",
            fill_province(table="receipts_refundslipcounter", through="core_agency", via="agency_id", agency=True),
        ),
        migrations.AlterField(model_name="receipt", name="code", field=models.CharField(max_length=16)),
        migrations.AddConstraint(
            model_name="receipt",
            constraint=models.UniqueConstraint(fields=["code", "province"], name="receipt_code_unique"),
        ),
        *unique_with_province("receipt", "receipt_number_unique", ["series", "year", "number"]),
        *unique_with_province("receipt", "receipt_one_active_per_fee", ["fee"], condition=models.Q(state="active")),
        *unique_with_province("receiptcounter", "receipt_counter_series_year", ["series", "year"]),
        *unique_with_province("refundslipcounter", "refund_slip_counter", ["agency", "year"]),
        co_located_keys(
            parents=["receipts_receipt"],
            children=[
                ("receipts_receipt", "fee_id", "dossiers_dossierfee"),
                ("receipts_receipt", "dossier_id", "dossiers_dossier"),
                ("receipts_receipt", "replaces_id", "receipts_receipt"),
                ("receipts_refund", "fee_id", "dossiers_dossierfee"),
                ("receipts_refund", "receipt_id", "receipts_receipt"),
                ("receipts_refund", "dossier_id", "dossiers_dossier"),
            ],
        ),
    ]
