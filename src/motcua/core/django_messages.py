"""Messages Django itself shows to our users that its own Vietnamese catalogue lacks (Django 5.2 changed the
password message's text; the admin's "Show counts" was never translated). Naming them here keeps them in our
catalogue when `make messages` extracts it, and our catalogue, read before Django's, gives their Vietnamese."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Error:"),
)
