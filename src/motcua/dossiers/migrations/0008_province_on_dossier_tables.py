"""The province on every dossier table, and every unique key including it (docs/sharding.md, steps 1 and 3):
added nullable, filled in one UPDATE per table from the dossier (or the agency), then made NOT NULL."""

import django.db.models.deletion
from django.db import migrations, models

from motcua.core.sharding import fill_province

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


def province(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        null=null, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.agency"
    )


def fill(table: str, source: str) -> migrations.RunSQL:
    if source == "agency":
        return fill_province(table=table, through="core_agency", via="agency_id", agency=True)
    return fill_province(table=table, through="dossiers_dossier")


def unique(model: str, name: str, fields: list[str]) -> list[migrations.operations.base.Operation]:
    return [
        migrations.RemoveConstraint(model_name=model, name=name),
        migrations.AddConstraint(
            model_name=model, constraint=models.UniqueConstraint(fields=[*fields, "province"], name=name)
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_api_token_kinds_scopes"),
        ("dossiers", "0007_step_open_indexes"),
    ]

    operations = [
        *(migrations.AddField(model_name=m, name="province", field=province(null=True)) for m, _t, _s in TABLES),
        *(fill(table, source) for _m, table, source in TABLES),
        *(migrations.AlterField(model_name=m, name="province", field=province(null=False)) for m, _t, _s in TABLES),
        migrations.AlterField(
            model_name="dossier", name="code", field=models.CharField(max_length=40, verbose_name="code")
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(fields=["code", "province"], name="dossier_code_unique"),
        ),
        *unique("dossierstep", "dossier_step_position_unique", ["dossier", "position"]),
        *unique("dossierevent", "dossier_event_sequence_unique", ["dossier", "sequence"]),
        *unique("dossierresult", "dossier_result_position_unique", ["dossier", "position"]),
        *unique("dailysequence", "daily_sequence_unique", ["agency", "day"]),
    ]
