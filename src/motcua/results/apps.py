from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "motcua.results"
    label = "results"
    verbose_name = _("Electronic results")

    def ready(self) -> None:
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.results.services import SUBSCRIBER, TRIGGERS, deliver

        for event_cls in TRIGGERS:
            subscribe(event_cls, deliver, name=SUBSCRIBER)
