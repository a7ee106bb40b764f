from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "motcua.signatures"
    label = "signatures"
    verbose_name = _("Digital signatures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.events import subscribe  # models are loaded only now
        from motcua.dossiers.events import DossierReceived, DossierSubmittedOnline
        from motcua.signatures.services import check_dossier_uploads

        # Citizens' and counters' scans are marked signed / unsigned / broken once the dossier exists.
        subscribe(DossierSubmittedOnline, check_dossier_uploads, name="signatures.check_online")
        subscribe(DossierReceived, check_dossier_uploads, name="signatures.check_received")
