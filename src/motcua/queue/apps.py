from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "motcua.queue"
    label = "queue"
    verbose_name = _("Centre floor")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.jobs import register_job  # models are loaded only now
        from motcua.queue.services.booking import remind_bookings

        register_job("queue.remind_bookings", remind_bookings, every_seconds=300, report="{n} booking reminders queued")
