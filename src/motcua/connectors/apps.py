from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "motcua.connectors"
    verbose_name = _("Connectors")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.connectors.services import events, inbound, outbox
        from motcua.core.events import subscribe
        from motcua.core.jobs import register_job
        from motcua.dossiers import events as dossier_events

        base = dossier_events.BaseDossierEvent
        for event_cls in vars(dossier_events).values():
            if isinstance(event_cls, type) and issubclass(event_cls, base) and event_cls is not base:
                subscribe(event_cls, events.on_dossier_event, name=events.SUBSCRIBER)
        register_job("connectors.deliver", outbox.deliver_due, every_seconds=0, report="{n} connector messages tried")
        register_job("connectors.inbound", inbound.poll, every_seconds=30, report="{n} inbound dossiers opened")
