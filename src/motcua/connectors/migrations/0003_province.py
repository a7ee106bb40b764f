"""Dossiers opened from another system carry their dossier's province (docs/sharding.md): in the open-once key,
and on PostgreSQL a composite key to the dossier's province."""

from django.db import migrations

from motcua.core.sharding import add_province, co_located_keys, fill_province, unique_with_province


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_co_located_keys"),
        ("connectors", "0002_due_scan"),
    ]

    operations = [
        *add_province("inbounddossier", fill_province(table="connectors_inbounddossier", through="dossiers_dossier")),
        *unique_with_province("inbounddossier", "inbound_dossier_once", ["source", "external_id"]),
        co_located_keys(
            parents=[],
            children=[("connectors_inbounddossier", "dossier_id", "dossiers_dossier")],
        ),
    ]
