from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "motcua.stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.dossiers.events import DossierReceived, DossierSubmittedOnline
        from motcua.stats.services import RECEPTION_COUNTER, on_reception

        for event_cls in (DossierReceived, DossierSubmittedOnline):
            subscribe(event_cls, on_reception, name=RECEPTION_COUNTER)
