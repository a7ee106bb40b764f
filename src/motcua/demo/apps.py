from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province (no tables of its own): `motcua demo` builds it with every app's services."""

    name = "motcua.demo"
    verbose_name = _("Demo province")
