from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Citizen accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.accounts.services import forget_expired_codes  # models are loaded only now
        from motcua.core.jobs import register_job

        register_job("accounts.forget_expired_codes", lambda *, batch: forget_expired_codes(), every_seconds=60)
