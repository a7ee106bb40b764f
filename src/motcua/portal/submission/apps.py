from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionConfig(AppConfig):
    name = "motcua.portal.submission"
    label = "submission"
    verbose_name = _("Online submission")
    default_auto_field = "django.db.models.BigAutoField"
