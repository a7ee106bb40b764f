from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "motcua.queue"
    label = "queue"
    verbose_name = _("Centre floor")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.queue.services.subscribers import AT_THE_COUNTER, SUBSCRIBER, link_to_ticket

        for event_cls in AT_THE_COUNTER:
            subscribe(event_cls, link_to_ticket, name=SUBSCRIBER)
