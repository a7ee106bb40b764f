"""The province on every dossier table, and every unique key including it (docs/sharding.md, steps 1 and 3):
added nullable, filled in one UPDATE per table from the dossier (or the agency), then made NOT NULL."""

from django.db import migrations, models

from motcua.core.sharding import add_province, fill_province, unique_with_province

# (model, table, filled from: the dossier's province or the agency's)
TABLES = [
    ("dossierstep", "dossiers_dossierstep", "dossier"),
    ("dossierdocument", "dossiers_dossierdocument", "dossier"),
    ("dossierfee", "dossiers_dossierfee", "dossier"),
    ("dossierevent", "dossiers_dossierevent", "dossier"),
    ("handover", "dossiers_handover", "dossier"),
    ("dossierresult", "dossiers_dossierresult", "dossier"),
    ("dailysequence", "dossiers_dailysequence", "agency"),
    ("receptionnote", "dossiers_receptionnote", "agency"),
]


def fill(table: str, source: str) -> migrations.RunPython:
    if source == "agency":
        return fill_province(table=table, through="core_agency", via="agency_id", agency=True)
    return fill_province(table=table, through="dossiers_dossier")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_api_token_kinds_scopes"),
        ("dossiers", "0007_step_open_indexes"),
    ]

    operations = [
        *(operation for model, table, source in TABLES for operation in add_province(model, fill(table, source))),
        migrations.AlterField(
            model_name="dossier", name="code", field=models.CharField(max_length=40, verbose_name="code")
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(fields=["code", "province"], name="dossier_code_unique"),
        ),
        *unique_with_province("dossierstep", "dossier_step_position_unique", ["dossier", "position"]),
        *unique_with_province("dossierevent", "dossier_event_sequence_unique", ["dossier", "sequence"]),
        *unique_with_province("dossierresult", "dossier_result_position_unique", ["dossier", "position"]),
        *unique_with_province("dailysequence", "daily_sequence_unique", ["agency", "day"]),
    ]
