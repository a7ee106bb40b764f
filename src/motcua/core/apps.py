from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "motcua.core"
    label = "core"
    verbose_name = _("Organisation")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (Vietnamese titles, link back to the portal)."""

    default = False
    default_site = "motcua.core.admin_site.MotcuaAdminSite"
