from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "motcua.queue"
    label = "queue"
    verbose_name = _("Centre floor")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.core.jobs import register_job
        from motcua.queue.services.booking import remind_bookings
        from motcua.queue.services.subscribers import AT_THE_COUNTER, SUBSCRIBER, link_to_ticket

        for event_cls in AT_THE_COUNTER:
            subscribe(event_cls, link_to_ticket, name=SUBSCRIBER)
        register_job("queue.remind_bookings", remind_bookings, every_seconds=300, report="{n} booking reminders queued")
