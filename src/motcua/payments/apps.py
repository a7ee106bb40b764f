from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Online payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motcua.core.jobs import register_job  # models are loaded only now
        from motcua.payments.services import settle_pending

        register_job("payments.settle_pending", settle_pending, every_seconds=300, report="{n} payments settled")
