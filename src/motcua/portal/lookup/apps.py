from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LookupConfig(AppConfig):
    name = "motcua.portal.lookup"
    label = "lookup"
    verbose_name = _("Public look-up")
    default_auto_field = "django.db.models.BigAutoField"
