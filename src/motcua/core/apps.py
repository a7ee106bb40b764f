from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from motcua.core.params import IdConverter


class CoreConfig(AppConfig):
    default = True
    name = "motcua.core"
    label = "core"
    verbose_name = _("Organisation")

    def ready(self):
        from motcua.core.events import deliver_due  # models are loaded only now
        from motcua.core.jobs import register_job

        register_converter(IdConverter, "id")  # `<id:...>` in every app's URLs: bounded ids

        # Events the after-commit delivery could not hand over (a failing subscriber, a crash) are retried.
        register_job("core.deliver_events", lambda *, batch: deliver_due(), every_seconds=0)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (Vietnamese titles, link back to the portal)."""

    default = False
    default_site = "motcua.core.admin_site.MotcuaAdminSite"
