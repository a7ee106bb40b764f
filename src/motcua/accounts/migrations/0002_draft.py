# The online drafts belong to the citizen's account: the table was renamed, rows and all, by the submission app's
# migration; here accounts takes the model.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="accounts", model="draft").exists():
        content_type.objects.filter(app_label="submission", model="draft").update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("submission", "0002_draft_moves_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Draft",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("files", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "citizen",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "procedure",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="catalog.procedure",
                                verbose_name="procedure",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "draft",
                        "verbose_name_plural": "drafts",
                        "indexes": [models.Index(fields=["citizen", "-updated_at"], name="draft_citizen_updated")],
                    },
                ),
            ]
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
