"""Ratings ready to be distributed by province (docs/sharding.md): one per dossier by a key that holds the
province, the province on their scores, and on PostgreSQL composite keys to the dossier's and rating's."""

import django.db.models.deletion
from django.db import migrations, models

from motcua.core.sharding import add_province, co_located_keys, fill_province, unique_with_province


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_co_located_keys"),
        ("feedback", "0003_rating_created"),
    ]

    operations = [
        *add_province("ratingscore", fill_province(table="feedback_ratingscore", through="feedback_rating", via="rating_id")),
        migrations.AlterField(
            model_name="rating",
            name="dossier",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="dossiers.dossier",
            ),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=["dossier", "province"], name="rating_one_per_dossier"),
        ),
        *unique_with_province("ratingscore", "rating_score_unique", ["rating", "criterion"]),
        co_located_keys(
            parents=["feedback_rating"],
            children=[
                ("feedback_rating", "dossier_id", "dossiers_dossier"),
                ("feedback_ratingscore", "rating_id", "feedback_rating"),
            ],
        ),
    ]
