from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class MotcuaAdminSite(admin.AdminSite):
    site_title = _("motcua administration")
    site_header = _("motcua – Public Administrative Service Centre")
    index_title = _("Administration")
    site_url = "/"
