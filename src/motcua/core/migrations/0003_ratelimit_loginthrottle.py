# Shared infrastructure moves into core: the rate limiter's table (from the look-up) and the log-in throttle's
# (from the desk). The tables were renamed, rows and all, by those apps' migrations; here core takes the models.

from django.db import migrations, models


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in (("lookup", "ratelimit"), ("desk", "loginthrottle")):
        if not content_type.objects.filter(app_label="core", model=model).exists():
            content_type.objects.filter(app_label=old_app, model=model).update(app_label="core")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_event_delivery"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("lookup", "0002_ratelimit_moves_to_core"),
        ("desk", "0002_loginthrottle_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateLimit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("key", models.CharField(max_length=120)),
                        ("window", models.BigIntegerField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "indexes": [models.Index(fields=["window"], name="lookup_rate_limit_window")],
                        "constraints": [
                            models.UniqueConstraint(fields=("key", "window"), name="lookup_rate_limit_key_window")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LoginThrottle",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("failures", models.PositiveIntegerField(default=0)),
                        ("locked_until", models.DateTimeField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                ),
            ]
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
