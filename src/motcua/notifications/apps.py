from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.core.jobs import register_job
        from motcua.notifications.sending import run_once
        from motcua.notifications.services import KIND_OF_EVENT, SUBSCRIBER, tell_applicant

        for event_cls in KIND_OF_EVENT:
            subscribe(event_cls, tell_applicant, name=SUBSCRIBER)
        register_job("notifications.send", run_once, every_seconds=0, report="{n} messages handled")
