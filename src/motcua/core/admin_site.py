from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core.throttle import authenticate_throttled, lockout_message


def _may_administer(user) -> bool:
    return user.is_active and user.is_staff


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in counts failures like every other log-in (a lock is checked before the password)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            attempt = authenticate_throttled(
                self.request, account=username, accept=_may_administer, username=username, password=password
            )
            if attempt.locked_until is not None:
                raise ValidationError(lockout_message(attempt.locked_until), code="locked")
            if attempt.user is None:
                raise self.get_invalid_login_error()
            self.user_cache = attempt.user
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class MotcuaAdminSite(admin.AdminSite):
    site_title = _("motcua administration")
    site_header = _("motcua – Public Administrative Service Centre")
    index_title = _("Administration")
    site_url = "/"
    login_form = ThrottledAdminLoginForm
