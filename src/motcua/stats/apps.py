from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "motcua.stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.dossiers.events import ALL
        from motcua.feedback.events import DossierRated, FeedbackAnswered, FeedbackSubmitted
        from motcua.stats.services.keeping import FEEDBACK, FIGURES, RATINGS, on_dossier_event, on_feedback, on_rating

        for event_cls in ALL:
            subscribe(event_cls, on_dossier_event, name=FIGURES)
        subscribe(DossierRated, on_rating, name=RATINGS)
        for event_cls in (FeedbackSubmitted, FeedbackAnswered):
            subscribe(event_cls, on_feedback, name=FEEDBACK)
