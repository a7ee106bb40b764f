"""PostgreSQL only: the composite keys that tie each dossier table's rows to their dossier's province
(docs/sharding.md, step 4). Django's own foreign keys stay beside them."""

from django.db import migrations

from motcua.core.sharding import co_located_keys


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_province_on_dossier_tables")]

    operations = [
        co_located_keys(
            parents=["dossiers_dossier", "dossiers_dossierstep", "dossiers_dossierfee"],
            children=[
                ("dossiers_dossier", "current_step_id", "dossiers_dossierstep"),
                ("dossiers_dossierstep", "dossier_id", "dossiers_dossier"),
                ("dossiers_dossierdocument", "dossier_id", "dossiers_dossier"),
                ("dossiers_dossierfee", "dossier_id", "dossiers_dossier"),
                ("dossiers_dossierevent", "dossier_id", "dossiers_dossier"),
                ("dossiers_handover", "dossier_id", "dossiers_dossier"),
                ("dossiers_handover", "step_id", "dossiers_dossierstep"),
                ("dossiers_dossierresult", "dossier_id", "dossiers_dossier"),
                ("dossiers_dossierresult", "step_id", "dossiers_dossierstep"),
            ],
        )
    ]
